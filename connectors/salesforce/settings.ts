import { z } from 'zod';
import { SecretRef } from '../../src/manifest/schema/primitives.ts';

export const SalesforceSettings = z
  .object({
    instanceUrl: z.string().url(),
    loginUrl: z.string().url().default('https://login.salesforce.com'),
    apiVersion: z.string().regex(/^\d+\.0$/).default('59.0'),
    accessToken: SecretRef.optional(),
    refreshToken: SecretRef.optional(),
    clientId: z.string().optional(),
    clientSecret: SecretRef.optional(),
    dryRun: z.boolean().default(false),
  })
  .strict();
export type SalesforceSettings = z.infer<typeof SalesforceSettings>;
