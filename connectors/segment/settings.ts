import { z } from 'zod';
import { SecretRef } from '../../src/manifest/schema/primitives.ts';

export const SegmentSettings = z
  .object({
    inboundWriteKeys: z.array(SecretRef).default([]).describe('Write keys that Segment sources and SDKs use to send events to Pathwise (Basic auth).'),
    webhookSharedSecret: SecretRef.optional().describe('Shared secret of the Segment Webhooks destination (X-Signature).'),
    writeKey: SecretRef.optional().describe('Write key of the Segment source Pathwise writes traits, events and audiences to.'),
    host: z.string().url().default('https://api.segment.io'),
    dryRun: z.boolean().default(false).describe('Record what would be sent instead of sending.'),
  })
  .strict();
export type SegmentSettings = z.infer<typeof SegmentSettings>;
