import { syncCursorName, type SyncPage } from '../../../connectors/sdk/sync-stream.ts';
import { toInboxMessages, type Rejection } from '../http/tracking-routes.ts';
import type { Store } from '../store/store.ts';

export interface CommittedPage {
  /** Events newly in the inbox. */
  committed: number;
  /** Events the inbox already held. */
  duplicates: number;
  rejected: Rejection[];
}

/**
 * Validates the page's events like any source's (source = the connector id) and appends the
 * valid ones with the page's cursor in one transaction: the cursor moves only with its page.
 * An event that fails validation does not hold the stream back; the caller reports it.
 */
export async function commitSyncPage(store: Store, connectorId: string, stream: string, page: SyncPage, receivedAt: number): Promise<CommittedPage> {
  const { accepted, rejected } = toInboxMessages(page.events, connectorId, receivedAt, undefined, true);
  const { accepted: committed, duplicates } = await store.appendInbox(accepted, { cursor: { name: syncCursorName(connectorId, stream), value: page.cursor } });
  return { committed, duplicates, rejected };
}
