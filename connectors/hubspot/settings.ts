import { IANAZone } from 'luxon';
import { z } from 'zod';
import { SecretRef } from '../../src/manifest/schema/primitives.ts';

export const HUBSPOT_SYNC_OBJECTS = ['contacts', 'deals', 'tasks'] as const;
export type HubspotSyncObject = (typeof HUBSPOT_SYNC_OBJECTS)[number];

const TimeZone = z.string().refine((zone) => IANAZone.isValidZone(zone), { message: 'expected an IANA time zone such as "America/New_York"' });

export const HubspotSettings = z
  .object({
    accessToken: SecretRef.optional().describe('Private-app token, or an OAuth access token refreshed with refreshToken.'),
    refreshToken: SecretRef.optional().describe('OAuth refresh token: with clientId and clientSecret, expired access tokens are refreshed.'),
    clientId: z.string().optional(),
    clientSecret: SecretRef.optional().describe('App client secret: verifies webhook and CRM card signatures and refreshes OAuth tokens.'),
    appId: z.number().int().positive().optional().describe('Public app id: `pathwise install hubspot` registers webhook subscriptions on it.'),
    developerApiKey: SecretRef.optional().describe('Needed by `pathwise install hubspot` to register webhook subscriptions.'),
    portalId: z.number().int().positive().optional().describe('HubSpot account id: keys the rate limits, and refuses webhooks from other portals.'),
    basePath: z.string().url().default('https://api.hubapi.com'),
    timeZone: TimeZone.optional().describe(
      "The HubSpot account's time zone (Settings → Account defaults): its daily API limit resets at midnight there, and reps' daily capacity counts by it unless assignment.timeZone is set. Unset: capacity counts by UTC days, and a request refused for the daily limit is tried again each whole hour until the limit has reset.",
    ),
    requestsPer10s: z.union([z.literal(100), z.literal(190)]).default(100).describe('Private-app burst limit of the portal.'),
    webhookSignatureVersions: z
      .array(z.enum(['v1', 'v2', 'v3']))
      .min(1)
      .default(['v3'])
      .describe('Signatures accepted on /webhooks/hubspot. v3 (timestamped) is the safe one; v1/v2 only for older apps.'),
    assignment: z
      .object({
        roundRobin: z.array(z.string().min(1)).default([]).describe('Owner ids that take tasks for contacts with no owner.'),
        dailyCapacity: z.number().int().positive().default(25).describe('Most Pathwise tasks one rep receives per day.'),
        timeZone: TimeZone.optional().describe("The sales team's time zone, when not the account's: a rep's daily capacity counts from its local midnight."),
      })
      .strict()
      .prefault({}),
    emails: z
      .record(z.string().min(1), z.number().int().positive())
      .default({})
      .describe('HubSpot email ids by the names actions use, e.g. {"webinar-recording": 123456}: hubspot.sendEmail takes a name or an id.'),
    sync: z
      .object({
        objects: z.array(z.enum(HUBSPOT_SYNC_OBJECTS)).default([...HUBSPOT_SYNC_OBJECTS]).describe('Object types read incrementally through the CRM search API.'),
        intervalSeconds: z.number().int().positive().default(60).describe('Pause between passes once caught up.'),
        lookBackMinutes: z.number().int().min(0).default(10).describe('Each pass starts this far before the last change seen, for writes HubSpot indexes late.'),
        startDate: z.string().datetime().optional().describe('Where the first backfill starts; all history when absent.'),
      })
      .strict()
      .optional()
      .describe('Incremental sync; off when absent.'),
    dryRun: z.boolean().default(false),
  })
  .strict();
export type HubspotSettings = z.infer<typeof HubspotSettings>;

/** The zone whose midnight starts a rep's day: the team's, else the account's, else UTC. */
export function teamTimeZone(settings: HubspotSettings): string {
  return settings.assignment.timeZone ?? settings.timeZone ?? 'UTC';
}
