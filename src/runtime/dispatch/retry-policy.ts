import type { ConnectorError } from '../../../connectors/sdk/connector-error.ts';

/** How the dispatcher retries a failed send. Exponential backoff with jitter, capped. */
export interface RetryPolicy {
  /** Attempts in all, the first included, before a retryable failure is dead-lettered. Default 8 (1–100). */
  maxAttempts: number;
  /** Delay before the second attempt. Default 1,000 ms. */
  initialDelayMs: number;
  /** Growth of the delay per attempt. Default 2. */
  multiplier: number;
  /** Ceiling on one computed delay. Default 300,000 ms (5 min). */
  maxDelayMs: number;
  /** Random spread around the delay, as a fraction: 0.2 means ±20 %. Default 0.2 (0–1). */
  jitter: number;
  /**
   * Ceiling on one wait a platform names (Retry-After, a daily limit, a rep at capacity until
   * midnight). Default 86,400,000 ms (24 h): a daily limit can ask for most of a day.
   */
  maxRetryAfterMs: number;
  /**
   * Waits a platform names do not spend attempts (the platform sets the pace, nothing failed);
   * they are bounded by age instead: a send first queued longer ago than this is dead-lettered.
   * Default 259,200,000 ms (3 days).
   */
  maxDeferralMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  initialDelayMs: 1_000,
  multiplier: 2,
  maxDelayMs: 300_000,
  jitter: 0.2,
  maxRetryAfterMs: 86_400_000,
  maxDeferralMs: 259_200_000,
};

/** `counts` is false for a wait the platform named: the attempt is not counted against maxAttempts. */
export type RetryVerdict = { retry: true; at: number; counts: boolean } | { retry: false; reason: string };

function hours(ms: number): string {
  return ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : `${Math.round(ms / 60_000)} min`;
}

/**
 * After the `attempts`-th counted failed attempt: retry at what time, or give up and why.
 * A rate limit that names its wait is a deferral: retried then, without counting, until the
 * send is older than `maxDeferralMs` (`queuedAt` is when it was first queued). Other failures
 * back off exponentially with jitter; a Retry-After on them still wins when it is longer.
 */
export function nextRetry(policy: RetryPolicy, attempts: number, error: ConnectorError, now: number, random: () => number = Math.random, queuedAt?: number): RetryVerdict {
  if (!error.retryable) return { retry: false, reason: `${error.kind}: ${error.message}` };
  if (error.kind === 'rate_limit' && error.retryAfterMs !== undefined) {
    if (queuedAt !== undefined && now - queuedAt >= policy.maxDeferralMs) {
      return { retry: false, reason: `gave up after ${hours(now - queuedAt)} of deferrals (maxDeferralMs ${hours(policy.maxDeferralMs)}): ${error.kind}: ${error.message}` };
    }
    return { retry: true, at: now + Math.min(error.retryAfterMs, policy.maxRetryAfterMs), counts: false };
  }
  if (attempts >= policy.maxAttempts) return { retry: false, reason: `gave up after ${attempts} attempts: ${error.kind}: ${error.message}` };
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.multiplier ** (attempts - 1));
  const jittered = base * (1 + policy.jitter * (2 * random() - 1));
  const retryAfter = error.retryAfterMs === undefined ? 0 : Math.min(error.retryAfterMs, policy.maxRetryAfterMs);
  return { retry: true, at: now + Math.round(Math.max(jittered, retryAfter)), counts: true };
}
