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

const FIRST = ['Ann', 'Bo', 'Chen', 'Dara', 'Eli', 'Femi', 'Gus', 'Hana', 'Ivo', 'Jo', 'Kai', 'Lena', 'Mo', 'Nia', 'Omar', 'Pia'];
const COMPANIES = ['Northwind', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne', 'Tyrell', 'Soylent'];
const ZONES = ['America/New_York', 'America/Chicago', 'America/Los_Angeles', 'Europe/London', 'Europe/Berlin'];
const OWNERS = ['1001', '1002', '1003', '1004'];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The story of `people` prospects of a B2B software company over two weeks: anonymous visits
 * that identify, webinars, pricing views, trials, activations, demos, usage drops and
 * cancellations. Events are in time order, each with a unique messageId.
 */
export function demoScenario(people: number, start: number, seed = 7): JsonObject[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const events: JsonObject[] = [];
  let n = 0;
  const push = (at: number, e: JsonObject) => events.push({ ...e, messageId: `demo-${seed}-${++n}`, timestamp: new Date(at).toISOString() });
  for (let i = 0; i < people; i++) {
    const userId = `user-${i}`;
    const anonymousId = `anon-${i}`;
    const first = pick(FIRST);
    const company = pick(COMPANIES);
    let t = start + Math.floor(random() * 3 * DAY);
    push(t, { type: 'page', anonymousId, name: 'Home' });
    t += Math.floor(random() * 4 * HOUR);
    push(t, {
      type: 'identify',
      anonymousId,
      userId,
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
    if (random() < 0.6) {
      t += Math.floor(random() * DAY);
      push(t, { type: 'track', userId, event: 'Webinar Attended', properties: { webinar: 'Analytics for revenue teams', minutes: 20 + Math.floor(random() * 40) } });
      const views = Math.floor(random() * 4);
      for (let v = 0; v < views; v++) {
        t += Math.floor(random() * 2 * DAY);
        push(t, { type: 'track', userId, event: 'Pricing Page Viewed', properties: { plan: pick(['pro', 'enterprise']) } });
      }
      if (random() < 0.2) push(t + HOUR, { type: 'track', userId, event: 'Demo Booked' });
    }
    if (random() < 0.4) {
      t += Math.floor(random() * DAY);
      push(t, { type: 'track', userId, event: 'Trial Started', properties: { plan: 'pro' } });
      if (random() < 0.5) push(t + Math.floor(random() * 4 * DAY), { type: 'track', userId, event: 'Feature Activated', properties: { feature: 'dashboards' } });
      if (random() < 0.2) push(t + 10 * DAY, { type: 'track', userId, event: 'Subscription Started', properties: { plan: 'pro' } });
    }
    if (random() < 0.15) {
      t += Math.floor(random() * 5 * DAY);
      push(t, { type: 'track', userId, event: 'Usage Dropped', properties: { drop_percent: 25 + Math.floor(random() * 60) } });
      if (random() < 0.3) push(t + DAY, { type: 'track', userId, event: 'Cancellation Requested' });
    }
  }
  return events.sort((a, b) => Date.parse(a['timestamp'] as string) - Date.parse(b['timestamp'] as string));
}
