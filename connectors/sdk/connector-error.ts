/**
 * Whose fault a failure is. The runtime alone decides what to do with each kind:
 * - `config`: the manifest or platform setup is wrong — surface to the admin, do not retry;
 * - `auth`: credentials rejected or expired beyond refresh — surface to the admin, do not retry;
 * - `payload`: this one item is bad (validation, unknown record) — dead-letter it, do not retry;
 * - `rate_limit`: the platform asked us to slow down — retry after `retryAfterMs` or backoff;
 * - `transient`: network, timeout, 5xx — retry with backoff;
 * - `internal`: a bug on our side — retry a few times, then dead-letter.
 */
export type ConnectorErrorKind = 'config' | 'auth' | 'payload' | 'rate_limit' | 'transient' | 'internal';

export class ConnectorError extends Error {
  override readonly name = 'ConnectorError';
  readonly kind: ConnectorErrorKind;
  /** When the platform said when to come back (Retry-After), in milliseconds. */
  readonly retryAfterMs?: number;
  /** HTTP status from the platform, when there was one. */
  readonly status?: number;

  constructor(kind: ConnectorErrorKind, message: string, options: { retryAfterMs?: number; status?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.status !== undefined) this.status = options.status;
  }

  get retryable(): boolean {
    return this.kind === 'rate_limit' || this.kind === 'transient' || this.kind === 'internal';
  }
}

/** Maps an HTTP status to the taxonomy; connectors use it for SDK errors that carry a status. */
export function errorKindForStatus(status: number): ConnectorErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate_limit';
  if (status === 408 || status >= 500) return 'transient';
  if (status >= 400) return 'payload';
  return 'internal';
}

/** Parses a Retry-After header (seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

export function asConnectorError(err: unknown): ConnectorError {
  if (err instanceof ConnectorError) return err;
  return new ConnectorError('internal', err instanceof Error ? err.message : String(err), { cause: err });
}
