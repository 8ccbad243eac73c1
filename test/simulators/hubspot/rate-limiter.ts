import { DateTime } from 'luxon';
import type { RateLimitPolicy } from './errors.ts';

export interface RateLimitOptions {
  /** Requests per rolling 10 s per token. HubSpot: 100 (Free/Starter, OAuth apps) or 190 (Pro/Enterprise private apps). Default 100; must be ≥ 1. */
  burstPer10s?: number;
  /** CRM search requests per rolling second per token. Default 4 (changelog "CRM Search API Rate Limit Increase"; current docs say 5). */
  searchPerSecond?: number;
  /** Requests per day per private-app token. Default 250,000 (Free/Starter). OAuth tokens have no daily limit. */
  dailyPerPrivateApp?: number;
  /** The account's time zone: the daily limit resets at midnight there, as HubSpot's does. Default UTC; the simulator passes its account's zone. */
  accountTimeZone?: string;
  /**
   * Send `Retry-After` (seconds until the window frees) with 429s. HubSpot does not document one
   * for API 429s and the SDK ignores it, so the default is false.
   */
  retryAfterHeader?: boolean;
}

export type RateDecision = { ok: true; headers: Record<string, string> } | { ok: false; policy: RateLimitPolicy; headers: Record<string, string> };

interface Bucket {
  burst: number[];
  search: number[];
  day: string;
  daily: number;
}

const TEN_SECONDS = 10_000;

/**
 * Rolling windows counted on the simulator clock, per token. Only admitted requests count, so a
 * client that backs off for the interval gets through again.
 */
export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #now: () => number;
  readonly #burst: number;
  readonly #search: number;
  readonly #daily: number;
  readonly #retryAfter: boolean;
  readonly #zone: string;

  constructor(now: () => number, options: RateLimitOptions = {}) {
    this.#now = now;
    this.#burst = Math.max(1, options.burstPer10s ?? 100);
    this.#search = Math.max(1, options.searchPerSecond ?? 4);
    this.#daily = Math.max(1, options.dailyPerPrivateApp ?? 250_000);
    this.#retryAfter = options.retryAfterHeader ?? false;
    this.#zone = options.accountTimeZone ?? 'UTC';
  }

  #bucket(key: string, now: number): Bucket {
    const day = DateTime.fromMillis(now, { zone: this.#zone }).toISODate() ?? '';
    let b = this.#buckets.get(key);
    if (!b) {
      b = { burst: [], search: [], day, daily: 0 };
      this.#buckets.set(key, b);
    }
    if (b.day !== day) {
      b.day = day;
      b.daily = 0;
    }
    b.burst = b.burst.filter((t) => t > now - TEN_SECONDS);
    b.search = b.search.filter((t) => t > now - 1000);
    return b;
  }

  /** The `X-HubSpot-RateLimit-*` headers a response carries after `used` requests in the window. */
  #headers(used: number, daily: number | undefined): Record<string, string> {
    const h: Record<string, string> = {
      'X-HubSpot-RateLimit-Interval-Milliseconds': String(TEN_SECONDS),
      'X-HubSpot-RateLimit-Max': String(this.#burst),
      'X-HubSpot-RateLimit-Remaining': String(Math.max(0, this.#burst - used)),
    };
    if (daily !== undefined) {
      h['X-HubSpot-RateLimit-Daily'] = String(this.#daily);
      h['X-HubSpot-RateLimit-Daily-Remaining'] = String(Math.max(0, this.#daily - daily));
    }
    return h;
  }

  /**
   * Admits or refuses one request. Search responses carry no rate-limit headers in HubSpot
   * [UNVERIFIED recollection of the usage-guidelines page], so `search` requests get none.
   */
  take(key: string, options: { search: boolean; daily: boolean }): RateDecision {
    const now = this.#now();
    const b = this.#bucket(key, now);
    const daily = options.daily ? b.daily : undefined;
    const refuse = (policy: RateLimitPolicy, freesAt: number | undefined): RateDecision => {
      const headers = options.search ? {} : this.#headers(this.#burst, daily);
      if (this.#retryAfter && freesAt !== undefined) headers['Retry-After'] = String(Math.max(1, Math.ceil((freesAt - now) / 1000)));
      return { ok: false, policy, headers };
    };
    if (options.daily && b.daily >= this.#daily) return refuse('DAILY', undefined);
    if (b.burst.length >= this.#burst) return refuse('TEN_SECONDLY_ROLLING', (b.burst[0] ?? now) + TEN_SECONDS);
    if (options.search && b.search.length >= this.#search) return refuse('SECONDLY', (b.search[0] ?? now) + 1000);
    b.burst.push(now);
    if (options.search) b.search.push(now);
    b.daily += 1;
    return { ok: true, headers: options.search ? {} : this.#headers(b.burst.length, options.daily ? b.daily : undefined) };
  }

  /** Headers describing a saturated window, for scripted storms. */
  saturatedHeaders(): Record<string, string> {
    return this.#headers(this.#burst, undefined);
  }
}
