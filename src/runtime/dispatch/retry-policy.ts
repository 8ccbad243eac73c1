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
  /** Ceiling on a platform's Retry-After we are willing to honour. Default 3,600,000 ms (1 h). */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  initialDelayMs: 1_000,
  multiplier: 2,
  maxDelayMs: 300_000,
  jitter: 0.2,
  maxRetryAfterMs: 3_600_000,
};

export type RetryVerdict = { retry: true; at: number } | { retry: false; reason: string };

/**
 * After the `attempts`-th failed attempt: retry at what time, or give up and why.
 * A platform's Retry-After wins over the backoff (never sooner than it asked), and rate
 * limits do not use up attempts faster than backoff would, since the platform set the pace.
 */
export function nextRetry(policy: RetryPolicy, attempts: number, error: ConnectorError, now: number, random: () => number = Math.random): RetryVerdict {
  if (!error.retryable) return { retry: false, reason: `${error.kind}: ${error.message}` };
  if (attempts >= policy.maxAttempts) return { retry: false, reason: `gave up after ${attempts} attempts: ${error.kind}: ${error.message}` };
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.multiplier ** (attempts - 1));
  const jittered = base * (1 + policy.jitter * (2 * random() - 1));
  const retryAfter = error.retryAfterMs === undefined ? 0 : Math.min(error.retryAfterMs, policy.maxRetryAfterMs);
  return { retry: true, at: now + Math.round(Math.max(jittered, retryAfter)) };
}
