import { Analytics } from '@segment/analytics-node';
import { ConnectorError, parseRetryAfter } from '../sdk/connector-error.ts';
import type { ConnectorContext } from '../sdk/define-connector.ts';
import type { SegmentSettings } from './settings.ts';

export interface SegmentClient {
  analytics: Analytics;
  /** Retry-After of the last 429, which the SDK consumes without passing on. */
  lastRetryAfterMs?: number;
}

const clients = new WeakMap<object, SegmentClient>();

/**
 * One analytics-node client per connection. Its own retries are off (maxRetries 0, no waiting
 * on rate limits): the runtime's dispatcher owns retries, so a failure comes back at once,
 * mapped to a ConnectorError, and the outbox row keeps its place and idempotency key.
 */
export function segmentClient(ctx: ConnectorContext<SegmentSettings>): SegmentClient {
  let client = clients.get(ctx);
  if (!client) {
    const writeKey = ctx.secrets['writeKey'];
    if (writeKey === undefined) throw new ConnectorError('config', 'connections.segment.writeKey is not set');
    const analytics = new Analytics({ writeKey, host: ctx.settings.host, flushAt: 100, flushInterval: 200, maxRetries: 0, maxRateLimitDuration: 0 });
    const created: SegmentClient = { analytics };
    analytics.on('http_response', (response) => {
      if (response.status === 429) {
        const retryAfter = parseRetryAfter(response.headers['retry-after'] ?? null, ctx.now());
        if (retryAfter !== undefined) created.lastRetryAfterMs = retryAfter;
        else delete created.lastRetryAfterMs;
      }
    });
    clients.set(ctx, created);
    client = created;
  }
  return client;
}

/** analytics-node reports failures as `Error("[status] text")`, or the rate-limit give-up. */
export function mapSegmentError(err: unknown, client: SegmentClient): ConnectorError {
  const message = err instanceof Error ? err.message : String(err);
  const status = /^\[(\d{3})\]/.exec(message)?.[1];
  if (message.includes('Rate limit') || status === '429') {
    return new ConnectorError('rate_limit', `Segment rate limit: ${message}`, client.lastRetryAfterMs === undefined ? {} : { retryAfterMs: client.lastRetryAfterMs });
  }
  if (status === undefined) return new ConnectorError('transient', `Segment unreachable: ${message}`, { cause: err });
  const code = Number(status);
  if (code === 400) return new ConnectorError('payload', `Segment refused the event: ${message}`, { status: code });
  if (code === 401 || code === 403) return new ConnectorError('auth', `Segment refused the write key: ${message}`, { status: code });
  if (code >= 500 || code === 408) return new ConnectorError('transient', `Segment error: ${message}`, { status: code });
  return new ConnectorError('payload', `Segment refused the event: ${message}`, { status: code });
}
