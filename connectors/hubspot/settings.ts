import { z } from 'zod';
import { SecretRef } from '../../src/manifest/schema/primitives.ts';

export const HubspotSettings = z
  .object({
    accessToken: SecretRef.optional().describe('Private-app token, or an OAuth access token refreshed with refreshToken.'),
    refreshToken: SecretRef.optional(),
    clientId: z.string().optional(),
    clientSecret: SecretRef.optional().describe('App client secret: verifies webhook signatures and refreshes OAuth tokens.'),
    appId: z.number().int().positive().optional(),
    developerApiKey: SecretRef.optional().describe('Needed by `pathwise install hubspot` to register webhook subscriptions.'),
    portalId: z.number().int().positive().optional(),
    basePath: z.string().url().default('https://api.hubapi.com'),
    requestsPer10s: z.union([z.literal(100), z.literal(190)]).default(100).describe('Private-app burst limit of the portal.'),
    assignment: z
      .object({
        roundRobin: z.array(z.string().min(1)).default([]).describe('Owner ids that take tasks for contacts with no owner.'),
        dailyCapacity: z.number().int().positive().default(25).describe('Most Pathwise tasks one rep receives per day.'),
      })
      .strict()
      .prefault({}),
    syncStartDate: z.string().datetime().optional(),
    dryRun: z.boolean().default(false),
  })
  .strict();
export type HubspotSettings = z.infer<typeof HubspotSettings>;
