import type { SyncStream } from '../../sdk/sync-stream.ts';
import { HUBSPOT_SYNC_OBJECTS, type HubspotSettings } from '../settings.ts';
import { hubspotSyncStream } from './hubspot-sync-stream.ts';
import { SYNCED_OBJECTS } from './synced-objects.ts';

/** One incremental sync per object type `connections.hubspot.sync.objects` may name. */
export const hubspotStreams: SyncStream<HubspotSettings>[] = HUBSPOT_SYNC_OBJECTS.map((type) => hubspotSyncStream(SYNCED_OBJECTS[type]));
