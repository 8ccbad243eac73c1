import { z } from 'zod';
import { SecretRef } from '../../src/manifest/schema/primitives.ts';

export const WebhookSettings = z
  .object({
    url: z.string().url(),
    signingSecret: SecretRef.optional().describe('When set, each request carries X-Pathwise-Signature: hex HMAC-SHA256 of the body.'),
    dryRun: z.boolean().default(false),
  })
  .strict();
export type WebhookSettings = z.infer<typeof WebhookSettings>;
