import type { SimplePublicObject } from '@hubspot/api-client/lib/codegen/crm/objects/index.js';
import type { ConnectorContext } from '../../sdk/define-connector.ts';
import type { SyncStream } from '../../sdk/sync-stream.ts';
import { hubspotApi } from '../client.ts';
import type { HubspotSettings } from '../settings.ts';
import { associatedContacts } from './associated-contacts.ts';
import { associatedRecordEvents, contactEvents, hubspotTime, type RecordEvents, type SyncedRecord } from './record-events.ts';
import { searchRequestFor } from './search-request.ts';
import { formatHubspotCursor, parseHubspotCursor } from './sync-cursor.ts';
import { advancePass, HUBSPOT_PASS_LIMITS, passToRead, remainingAfter, type PassLimits, type PassSettings } from './sync-pass.ts';
import type { SyncedObject } from './synced-objects.ts';

type Ctx = ConnectorContext<HubspotSettings>;

/** Defaults of `connections.hubspot.sync`, for a stream read while the manifest leaves it out. */
const DEFAULT_INTERVAL_SECONDS = 60;
const DEFAULT_LOOK_BACK_MINUTES = 10;

function passSettings(settings: HubspotSettings): PassSettings {
  const startDate = settings.sync?.startDate;
  return {
    startDate: startDate === undefined ? 0 : Date.parse(startDate),
    lookBackMs: (settings.sync?.lookBackMinutes ?? DEFAULT_LOOK_BACK_MINUTES) * 60_000,
  };
}

function syncedRecord(object: SyncedObject, result: SimplePublicObject): SyncedRecord {
  return {
    id: result.id,
    properties: result.properties,
    modifiedAt: hubspotTime(result.properties[object.modifiedProperty]) ?? result.updatedAt.getTime(),
    createdAt: hubspotTime(result.properties[object.createdProperty]) ?? result.createdAt.getTime(),
  };
}

async function eventsOf(ctx: Ctx, object: SyncedObject, records: readonly SyncedRecord[]): Promise<RecordEvents> {
  if (object.type === 'contacts') return contactEvents(object, records);
  const contacts = records.length > 0 ? await associatedContacts(ctx, object.type, records.map((r) => r.id)) : new Map<string, string[]>();
  return associatedRecordEvents(object, records, contacts);
}

/**
 * The incremental sync of one HubSpot object type through CRM search: one search request per
 * page (under the portal's search and burst limits), plus one association read for deals and
 * tasks. See sync-cursor.ts for the stored position and sync-pass.ts for how a pass moves.
 * `limits` exists for tests that need a small result ceiling; HubSpot's are the default.
 */
export function hubspotSyncStream(object: SyncedObject, limits: PassLimits = HUBSPOT_PASS_LIMITS): SyncStream<HubspotSettings> {
  return {
    name: object.type,
    enabled: (settings) => settings.sync?.objects.includes(object.type) ?? false,
    intervalMs: (settings) => (settings.sync?.intervalSeconds ?? DEFAULT_INTERVAL_SECONDS) * 1000,
    async readPage(ctx, stored, options = {}) {
      const cursor = parseHubspotCursor(stored, object.type);
      const pass = passToRead(cursor, passSettings(ctx.settings), ctx.now(), limits, options.backfill === true);
      const answer = await hubspotApi(ctx).search(`search ${object.type}`, (client) => client.crm.objects.searchApi.doSearch(object.type, searchRequestFor(object, pass, limits)));
      const records = answer.results.map((result) => syncedRecord(object, result));
      const { events, skipped } = await eventsOf(ctx, object, records);
      const next = advancePass(pass, { records, nextAfter: answer.paging?.next?.after }, limits);
      const newest = Math.max(cursor.lastModified ?? -1, ...records.map((r) => r.modifiedAt));
      const done = pass.done + records.length;
      return {
        events,
        skipped,
        cursor: formatHubspotCursor({ v: 1, ...(newest >= 0 ? { lastModified: newest } : {}), ...(next ? { pass: next } : {}) }),
        caughtUp: next === undefined,
        progress: { done, total: done + remainingAfter(pass, answer.total, records.length) },
      };
    },
  };
}
