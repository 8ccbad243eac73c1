import PQueue from 'p-queue';
import { DESTINATION_ACTIONS } from '../../../connectors/catalog.ts';
import { asConnectorError, ConnectorError } from '../../../connectors/sdk/connector-error.ts';
import type { ActionResult, BatchItem } from '../../../connectors/sdk/define-connector.ts';
import type { OutboxRow, Store } from '../store/store.ts';
import type { OutboxPayload } from '../worker/outbox-row.ts';
import type { ConnectorRegistry, ResolvedConnector } from '../connectors/connector-registry.ts';
import { DEFAULT_RETRY_POLICY, nextRetry, type RetryPolicy } from './retry-policy.ts';

type OutboxUpdate = Parameters<Store['updateOutbox']>[0][number];

export interface DispatcherOptions {
  store: Store;
  registry: ConnectorRegistry;
  now: () => number;
  retryPolicy?: RetryPolicy;
  /** Rows read from the outbox per tick. Default 500. */
  readLimit?: number;
  random?: () => number;
  onResult?: (row: OutboxRow, outcome: 'sent' | 'retry' | 'dead', detail?: string, error?: ConnectorError) => void;
}

/**
 * Drains the outbox through destination actions: one p-queue per connector holds its concurrency
 * and rate limit; items of the same action are batched where the action can; failures retry with
 * backoff (and the platform's Retry-After), then dead-letter. Every send carries the row's
 * idempotency key. Rows in flight are remembered so that a tick never sends a row twice at once.
 */
export class Dispatcher {
  private readonly queues = new Map<string, PQueue>();
  private readonly inFlight = new Set<string>();
  private readonly policy: RetryPolicy;

  constructor(private readonly options: DispatcherOptions) {
    this.policy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
  }

  /** Reads due rows and hands them to the queues; resolves when this tick's sends have finished. */
  async runOnce(): Promise<number> {
    const { store, now } = this.options;
    const rows = (await store.pendingOutbox(now(), this.options.readLimit ?? 500)).filter((r) => !this.inFlight.has(r.key));
    if (rows.length === 0) return 0;
    for (const r of rows) this.inFlight.add(r.key);
    const groups = new Map<string, OutboxRow[]>();
    for (const row of rows) {
      const list = groups.get(row.destination) ?? [];
      list.push(row);
      groups.set(row.destination, list);
    }
    const updates: OutboxUpdate[] = [];
    try {
      await Promise.all([...groups].map(([destination, group]) => this.sendGroup(destination, group, updates)));
    } finally {
      if (updates.length > 0) await store.updateOutbox(updates);
      for (const r of rows) this.inFlight.delete(r.key);
    }
    return rows.length;
  }

  /** Waits for every queue to finish what it holds (graceful shutdown). */
  async drain(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.onIdle()));
  }

  private queueFor(connector: ResolvedConnector): PQueue {
    let queue = this.queues.get(connector.id);
    if (!queue) {
      const declared = connector.definition?.destination?.rateLimit ?? { concurrency: 4, intervalMs: 1000, intervalCap: 10 };
      const limit = typeof declared === 'function' ? declared(connector.context.settings) : declared;
      queue = new PQueue({ concurrency: limit.concurrency, interval: limit.intervalMs, intervalCap: limit.intervalCap });
      this.queues.set(connector.id, queue);
    }
    return queue;
  }

  private async sendGroup(destination: string, rows: OutboxRow[], updates: OutboxUpdate[]): Promise<void> {
    const [connectorId = '', actionName = ''] = destination.split('.');
    const connector = this.options.registry.get(connectorId);
    const action = connector?.definition?.destination?.actions[actionName];
    if (connector?.dryRun && !action && (DESTINATION_ACTIONS[connectorId] ?? []).includes(actionName)) {
      // A platform whose connector is not built yet can still be rehearsed: record the rendered input.
      for (const row of rows) {
        const payload = JSON.parse(row.payload) as OutboxPayload;
        this.settle(row, payload.renderError ? { ok: false, error: new ConnectorError('payload', payload.renderError) } : { ok: true, ref: 'dry-run', detail: { dryRun: true, input: payload.input } }, updates);
      }
      return;
    }
    if (!connector || !action) {
      for (const row of rows) this.settle(row, { ok: false, error: new ConnectorError('config', `no destination "${destination}" is configured`) }, updates);
      return;
    }
    const items: { row: OutboxRow; item: BatchItem<unknown> }[] = [];
    for (const row of rows) {
      const payload = JSON.parse(row.payload) as OutboxPayload;
      if (payload.renderError) {
        this.settle(row, { ok: false, error: new ConnectorError('payload', payload.renderError) }, updates);
        continue;
      }
      const parsed = action.input.safeParse(payload.input);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; ');
        this.settle(row, { ok: false, error: new ConnectorError('payload', `invalid ${destination} input: ${issues}`) }, updates);
        continue;
      }
      if (connector.dryRun) {
        this.settle(row, { ok: true, ref: 'dry-run', detail: { dryRun: true, input: parsed.data as Record<string, unknown> } }, updates);
        continue;
      }
      items.push({ row, item: { input: parsed.data, meta: payload.meta } });
    }
    const queue = this.queueFor(connector);
    const performBatch = action.performBatch?.bind(action);
    if (performBatch && items.length > 1) {
      const size = action.maxBatchSize ?? 100;
      const chunks: (typeof items)[] = [];
      for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
      await Promise.all(
        chunks.map((chunk) =>
          queue.add(async () => {
            let results: ActionResult[];
            try {
              results = await performBatch(connector.context, chunk.map((c) => c.item));
            } catch (err) {
              const error = asConnectorError(err);
              results = chunk.map(() => ({ ok: false, error }));
            }
            chunk.forEach((c, i) => this.settle(c.row, results[i] ?? { ok: false, error: new ConnectorError('internal', 'performBatch returned fewer results than items') }, updates));
          }),
        ),
      );
      return;
    }
    await Promise.all(
      items.map(({ row, item }) =>
        queue.add(async () => {
          let result: ActionResult;
          try {
            result = await action.perform(connector.context, item);
          } catch (err) {
            result = { ok: false, error: asConnectorError(err) };
          }
          this.settle(row, result, updates);
        }),
      ),
    );
  }

  private settle(row: OutboxRow, result: ActionResult, updates: OutboxUpdate[]): void {
    const now = this.options.now();
    const attempts = row.attempts + 1;
    if (result.ok) {
      updates.push({ key: row.key, status: 'sent', attempts, sentAt: now, result: JSON.stringify({ ref: result.ref, ...result.detail }) });
      this.options.onResult?.(row, 'sent');
      return;
    }
    const verdict = nextRetry(this.policy, attempts, result.error, now, this.options.random, row.createdAt);
    if (verdict.retry) {
      // A deferral the platform named (rate limit, rep at capacity) is not a counted attempt.
      updates.push({ key: row.key, status: 'pending', attempts: verdict.counts ? attempts : row.attempts, availableAt: verdict.at, lastError: `${result.error.kind}: ${result.error.message}` });
      this.options.onResult?.(row, 'retry', result.error.message, result.error);
    } else {
      updates.push({ key: row.key, status: 'dead', attempts, lastError: verdict.reason, at: now });
      this.options.onResult?.(row, 'dead', verdict.reason, result.error);
    }
  }
}
