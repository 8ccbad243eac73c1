import type { ConnectorError } from '../../../connectors/sdk/connector-error.ts';
import { DEFAULT_RETRY_POLICY, nextRetry, type RetryPolicy } from '../dispatch/retry-policy.ts';

/**
 * Rate limits and transient failures are waited out: HubSpot being down for an hour should not
 * need an admin. After 100 failures in a row (hours at the 5-minute ceiling) the stream stops
 * and says so. No jitter: one reader per stream, no crowd of clients to spread out.
 */
const SYNC_RETRY_POLICY: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 100, jitter: 0 };

/** An `internal` failure is a bug on our side: a few tries, then stop rather than spin. */
const INTERNAL_ATTEMPTS = 5;

export type SyncFailureVerdict = { retryAt: number } | { stop: string };

/**
 * What a stream does after its `failures`-th failure in a row: retry at a time (a rate limit's
 * Retry-After, else backoff), or stop. `auth` and `config` stop at once, as does `payload`: a
 * search HubSpot refuses as malformed is refused again on every retry.
 */
export function afterSyncFailure(error: ConnectorError, failures: number, now: number): SyncFailureVerdict {
  const policy = error.kind === 'internal' ? { ...SYNC_RETRY_POLICY, maxAttempts: INTERNAL_ATTEMPTS } : SYNC_RETRY_POLICY;
  const verdict = nextRetry(policy, failures, error, now);
  return verdict.retry ? { retryAt: verdict.at } : { stop: verdict.reason };
}
