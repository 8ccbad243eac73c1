import { z } from 'zod';
import { SecretRef } from '../../src/manifest/schema/primitives.ts';

export const RudderstackSettings = z
  .object({
    inboundWriteKeys: z.array(SecretRef).default([]).describe('Write keys that RudderStack SDKs use to send events to Pathwise (Basic auth).'),
    webhookSecret: SecretRef.optional().describe('Value of the header the RudderStack Webhook destination sends.'),
    webhookHeader: z.string().default('x-pathwise-secret').describe('Header that carries webhookSecret.'),
    writeKey: SecretRef.optional().describe('Write key of the RudderStack source Pathwise writes to.'),
    dataPlaneUrl: z.string().url().optional(),
    dryRun: z.boolean().default(false),
  })
  .strict();
export type RudderstackSettings = z.infer<typeof RudderstackSettings>;
