import { signHubspotV1, signHubspotV3 } from './sign-v3.ts';
import type { HubspotWebhookEvent } from './webhook-events.ts';

/** HubSpot sends at most this many events per request [3P / older docs]. */
export const EVENTS_PER_REQUEST = 100;

/** Statuses HubSpot does not retry [3P community answer quoting HubSpot; wire-formats.md C1]. */
const NOT_RETRIED = new Set([400, 401, 403, 404, 405]);

export interface DeliveryOptions {
  /** The app's client secret; signs every request. */
  clientSecret: string;
  /** `attemptNumber` of the first try. Default 0 (a redelivery test may start higher). */
  attempt?: number;
  /** Tries per batch, the first included. Default 10; at least 1. */
  maxAttempts?: number;
  /** Epoch ms for `X-HubSpot-Request-Timestamp`, read per try. Default the simulator clock. */
  now?: () => number;
  /**
   * Runs before each retry with the attempt number about to be sent. HubSpot waits with
   * exponential backoff; the simulator does not sleep, so a test may advance its clock here.
   */
  beforeRetry?: (attemptNumber: number) => void | Promise<void>;
  /** Per-request timeout. Default 10,000 ms, HubSpot's `X-HubSpot-Timeout-Millis`. */
  timeoutMs?: number;
}

export interface DeliveryAttempt {
  attemptNumber: number;
  /** Undefined when the connection failed or timed out. */
  status: number | undefined;
  error: string | undefined;
  /** The exact body and headers sent. */
  body: string;
  headers: Record<string, string>;
  responseBody: string;
  /** The receiver's response headers (names lowercased): HubSpot honours `Retry-After` on a 429. Empty when no response came. */
  responseHeaders: Record<string, string>;
}

export interface BatchDelivery {
  events: HubspotWebhookEvent[];
  delivered: boolean;
  attempts: DeliveryAttempt[];
}

export interface DeliveryResult {
  /** True when every batch got a 2xx. */
  delivered: boolean;
  batches: BatchDelivery[];
  /** Every request sent, all batches, in order. */
  attempts: DeliveryAttempt[];
}

async function post(url: string, body: string, headers: Record<string, string>, timeoutMs: number) {
  try {
    const res = await fetch(url, { method: 'POST', body, headers, signal: AbortSignal.timeout(timeoutMs) });
    return { status: res.status, error: undefined, responseBody: await res.text(), responseHeaders: Object.fromEntries(res.headers) };
  } catch (error) {
    return { status: undefined, error: error instanceof Error ? error.message : String(error), responseBody: '', responseHeaders: {} };
  }
}

/**
 * POSTs events to `targetUrl` the way HubSpot's webhook executor does: JSON arrays of up to 100
 * events, v1 and v3 signatures, and retries of failed batches with the same eventIds and an
 * increasing `attemptNumber` (except after 400/401/403/404/405).
 */
export async function deliverWebhooks(targetUrl: string, events: readonly HubspotWebhookEvent[], options: DeliveryOptions): Promise<DeliveryResult> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 10);
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const batches: BatchDelivery[] = [];
  for (let i = 0; i < events.length; i += EVENTS_PER_REQUEST) {
    const chunk = events.slice(i, i + EVENTS_PER_REQUEST);
    const batch: BatchDelivery = { events: chunk, delivered: false, attempts: [] };
    batches.push(batch);
    for (let n = 0; n < maxAttempts; n += 1) {
      const attemptNumber = (options.attempt ?? 0) + n;
      if (n > 0) await options.beforeRetry?.(attemptNumber);
      const body = JSON.stringify(chunk.map((e) => ({ ...e, attemptNumber })));
      const timestamp = String(now());
      const headers: Record<string, string> = {
        'Content-Type': 'application/json',
        'User-Agent': 'HubSpot Connect 2.0 (http://dev.hubspot.com/) (namespace: webhooks-nio-http-client) - WebhooksExecutorDaemon-executor',
        'X-HubSpot-Signature': signHubspotV1(options.clientSecret, body),
        'X-HubSpot-Signature-Version': 'v1',
        'X-HubSpot-Signature-v3': signHubspotV3({ clientSecret: options.clientSecret, method: 'POST', uri: targetUrl, body, timestamp }),
        'X-HubSpot-Request-Timestamp': timestamp,
        'X-HubSpot-Timeout-Millis': String(timeoutMs),
      };
      const answer = await post(targetUrl, body, headers, timeoutMs);
      batch.attempts.push({ attemptNumber, body, headers, ...answer });
      if (answer.status !== undefined && answer.status >= 200 && answer.status < 300) {
        batch.delivered = true;
        break;
      }
      if (answer.status !== undefined && NOT_RETRIED.has(answer.status)) break;
    }
  }
  return { delivered: batches.every((b) => b.delivered), batches, attempts: batches.flatMap((b) => b.attempts) };
}
