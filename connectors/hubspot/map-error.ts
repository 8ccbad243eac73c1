import { ConnectorError, errorKindForStatus, parseRetryAfter } from '../sdk/connector-error.ts';
import { LocalDay } from './local-day.ts';

interface HubspotErrorBody {
  message?: string;
  category?: string;
  policyName?: string;
  errorType?: string;
}

function bodyOf(err: { body?: unknown }): HubspotErrorBody {
  const body = err.body;
  if (typeof body === 'object' && body !== null) return body as HubspotErrorBody;
  if (typeof body === 'string') {
    try {
      return JSON.parse(body) as HubspotErrorBody;
    } catch {
      return { message: body };
    }
  }
  return {};
}

const HOUR_MS = 3_600_000;

/**
 * HubSpot's daily limit resets at midnight in the account's time zone. Known: wait until then.
 * Unknown: try again at the next whole hour (every zone's midnight falls on a whole or half UTC
 * hour), rather than at UTC midnight, which for an account in the Americas comes hours before
 * its reset and would then wait a whole further day.
 */
function untilDailyReset(now: number, accountTimeZone: string | undefined): number {
  if (accountTimeZone !== undefined) return new LocalDay(accountTimeZone).msUntilNext(now);
  return HOUR_MS - (now % HOUR_MS);
}

/** How long a 429 asks us to wait: Retry-After when sent, else by policy (HubSpot sends none for API 429s). */
function rateLimitWait(policy: string | undefined, headers: Record<string, string>, now: number, accountTimeZone: string | undefined): number {
  const header = parseRetryAfter(headers['retry-after'] ?? headers['Retry-After'], now);
  if (header !== undefined) return header;
  if (policy === 'DAILY') return untilDailyReset(now, accountTimeZone);
  if (policy === 'SECONDLY') return 1_000;
  const interval = Number(headers['x-hubspot-ratelimit-interval-milliseconds']);
  return Number.isFinite(interval) && interval > 0 ? interval : 10_000;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

/** Tokens travel in some HubSpot URLs (token info, developer `hapikey`); an error message must never carry them. */
export function redactSecrets(text: string): string {
  return text.replace(/(access-tokens|refresh-tokens)\/[^\s/?"]+/g, '$1/***').replace(/(hapikey|access_token|refresh_token|client_secret)=[^&\s"]+/g, '$1=***');
}

/**
 * Maps what `@hubspot/api-client` throws (ApiException with code/body/headers, or a node-fetch
 * FetchError) onto the connector taxonomy, with HubSpot's own words in the message.
 */
export function mapHubspotError(err: unknown, what: string, now: number, accountTimeZone?: string): ConnectorError {
  if (err instanceof ConnectorError) return err;
  const mapped = mapUnredacted(err, what, now, accountTimeZone);
  const message = redactSecrets(mapped.message);
  if (message === mapped.message) return mapped;
  // The cause is dropped too: loggers serialise it, and it holds the URL with the secret.
  return new ConnectorError(mapped.kind, message, { ...(mapped.retryAfterMs !== undefined ? { retryAfterMs: mapped.retryAfterMs } : {}), ...(mapped.status !== undefined ? { status: mapped.status } : {}) });
}

function mapUnredacted(err: unknown, what: string, now: number, accountTimeZone: string | undefined): ConnectorError {
  const e = err as { code?: unknown; body?: unknown; headers?: Record<string, string>; message?: string; errno?: unknown; type?: string };
  if (typeof e.code === 'number') {
    const status = e.code;
    const body = bodyOf(e);
    const headers = e.headers ?? {};
    const detail = [body.category, body.policyName, body.message].filter(Boolean).join(': ') || e.message || `HTTP ${status}`;
    const message = `HubSpot ${what} failed (${status}): ${detail}`;
    if (status === 429) return new ConnectorError('rate_limit', message, { status, retryAfterMs: rateLimitWait(body.policyName, headers, now, accountTimeZone), cause: err });
    if (status === 403 && body.category === 'MISSING_SCOPES') return new ConnectorError('config', message, { status, cause: err });
    return new ConnectorError(errorKindForStatus(status), message, { status, cause: err });
  }
  const code = typeof e.code === 'string' ? e.code : typeof e.errno === 'string' ? e.errno : undefined;
  if ((code !== undefined && NETWORK_CODES.has(code)) || e.type === 'system' || e.type === 'request-timeout') {
    return new ConnectorError('transient', `HubSpot ${what}: cannot reach HubSpot (${code ?? e.type}): ${e.message ?? ''}`.trim(), { cause: err });
  }
  return new ConnectorError('internal', `HubSpot ${what}: ${e.message ?? String(err)}`, { cause: err });
}

export function isExpiredToken(err: unknown): boolean {
  return typeof (err as { code?: unknown }).code === 'number' && (err as { code: number }).code === 401;
}
