import type { SyncStream } from '../../sdk/sync-stream.ts';
import type { HubspotSettings } from '../settings.ts';

// Placeholder until the incremental sync lands.
export const hubspotStreams: SyncStream<HubspotSettings>[] = [];
