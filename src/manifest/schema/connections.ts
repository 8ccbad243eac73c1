import { z } from 'zod';
import { HubspotSettings } from '../../../connectors/hubspot/settings.ts';
import { RudderstackSettings } from '../../../connectors/rudderstack/settings.ts';
import { SalesforceSettings } from '../../../connectors/salesforce/settings.ts';
import { SegmentSettings } from '../../../connectors/segment/settings.ts';
import { WebhookSettings } from '../../../connectors/webhook/settings.ts';

/** Each platform's settings schema lives in its connector folder; the manifest only gathers them. */
export const Connections = z
  .object({
    segment: SegmentSettings.optional(),
    rudderstack: RudderstackSettings.optional(),
    hubspot: HubspotSettings.optional(),
    salesforce: SalesforceSettings.optional(),
    webhook: WebhookSettings.optional(),
  })
  .strict();
export type Connections = z.infer<typeof Connections>;

/** Destinations that need no connection: `log.*` records the action in the outbox log only. */
export const BUILT_IN_CONNECTORS = ['log'] as const;
