import type { JsonObject } from '../../core/events/event.ts';

/** A small deterministic pseudo-random generator (mulberry32): same seed, same story. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface StoryOptions {
  /** People in the story (each gets an anonymous visit, then an identity). */
  people: number;
  /** Epoch ms of the first possible event. */
  start: number;
  /** Days over which each person's events are spread. Default 14. */
  days?: number;
  seed?: number;
  /** Fraction of events sent twice with the same messageId, as a retrying client would. Default 0. */
  duplicateRate?: number;
}

const FIRST = ['Ann', 'Bo', 'Chen', 'Dara', 'Eli', 'Femi', 'Gus', 'Hana', 'Ivo', 'Jo', 'Kai', 'Lena', 'Mo', 'Nia', 'Omar', 'Pia'];
const COMPANIES = ['Northwind', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne', 'Tyrell', 'Soylent'];
const ZONES = ['America/New_York', 'America/Chicago', 'America/Los_Angeles', 'Europe/London', 'Europe/Berlin'];
const OWNERS = ['1001', '1002', '1003', '1004'];
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The story of B2B prospects of a software company, for the example manifest: anonymous visits
 * that identify, webinars, pricing views, trials, activations, demos, subscriptions, usage
 * drops, cancellations and renewals. Yields each person's events in their time order, at least
 * a minute apart, each with a unique messageId (duplicates repeat it).
 */
export function* generateStory(options: StoryOptions): Generator<JsonObject> {
  const days = options.days ?? 14;
  const seed = options.seed ?? 7;
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const end = options.start + days * DAY;
  let n = 0;
  for (let i = 0; i < options.people; i++) {
    const userId = `user-${seed}-${i}`;
    const anonymousId = `anon-${seed}-${i}`;
    const first = pick(FIRST);
    const company = pick(COMPANIES);
    const story: JsonObject[] = [];
    let t = options.start + Math.floor(random() * Math.max(1, days / 3) * DAY);
    // Each step of a person's story moves time forward by at least a minute.
    const later = (maxMs: number) => (t += MINUTE + Math.floor(random() * maxMs));
    story.push({ type: 'page', anonymousId, name: 'Home', at: t });
    story.push({
      type: 'identify',
      anonymousId,
      userId,
      at: later(4 * HOUR),
      traits: {
        email: `${first.toLowerCase()}.${i}@${company.toLowerCase()}.example`,
        first_name: first,
        company,
        company_size: pick([5, 20, 60, 250, 1200]),
        plan: pick(['free', 'trial', 'pro', 'pro', 'enterprise']),
        timezone: pick(ZONES),
        email_opt_in: random() < 0.85,
        hubspot_owner_id: pick(OWNERS),
      },
    });
    if (random() < 0.2) {
      // The same person on a second device: anonymous first, then they log in, which merges the two.
      const secondDevice = `anon2-${seed}-${i}`;
      story.push({ type: 'page', anonymousId: secondDevice, name: 'Pricing', at: later(DAY) });
      story.push({ type: 'identify', anonymousId: secondDevice, userId, at: later(HOUR) });
    }
    if (random() < 0.6) {
      story.push({ type: 'track', userId, event: 'Webinar Attended', at: later(DAY), properties: { webinar: 'Analytics for revenue teams', minutes: 20 + Math.floor(random() * 40) } });
      const views = Math.floor(random() * 4);
      for (let v = 0; v < views; v++) story.push({ type: 'track', userId, event: 'Pricing Page Viewed', at: later(2 * DAY), properties: { plan: pick(['pro', 'enterprise']) } });
      if (random() < 0.2) story.push({ type: 'track', userId, event: 'Demo Booked', at: later(2 * DAY) });
    }
    if (random() < 0.4) {
      story.push({ type: 'track', userId, event: 'Trial Started', at: later(DAY), properties: { plan: 'pro' } });
      if (random() < 0.5) story.push({ type: 'track', userId, event: 'Feature Activated', at: later(4 * DAY), properties: { feature: 'dashboards' } });
      if (random() < 0.25) story.push({ type: 'track', userId, event: 'Subscription Started', at: later(12 * DAY), properties: { plan: 'pro' } });
    }
    if (random() < 0.15) {
      story.push({ type: 'track', userId, event: 'Usage Dropped', at: later(5 * DAY), properties: { drop_percent: 25 + Math.floor(random() * 60) } });
      if (random() < 0.3) story.push({ type: 'track', userId, event: 'Cancellation Requested', at: later(2 * DAY) });
      else if (random() < 0.4) story.push({ type: 'track', userId, event: 'Renewal Signed', at: later(10 * DAY) });
    }
    for (const { at, ...event } of story) {
      if ((at as number) > end) break;
      const message = { ...event, messageId: `gen-${seed}-${++n}`, timestamp: new Date(at as number).toISOString() };
      yield message;
      if (options.duplicateRate && random() < options.duplicateRate) yield message;
    }
  }
}
