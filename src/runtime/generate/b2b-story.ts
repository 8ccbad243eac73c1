import type { JsonObject } from '../../core/events/event.ts';
import { seededRandom } from './seeded-random.ts';

export interface StoryOptions {
  /** People in the story; each visits anonymously, then identifies. At least 0. */
  people: number;
  /** Epoch ms of the first possible event. The story covers [start, start + days): later events are cut. */
  start: number;
  /** Days the story spans. Default 14; at least 1. */
  days?: number;
  /** Same seed, same story, byte for byte. Default 7. */
  seed?: number;
  /** Fraction in [0, 1) of events sent twice with the same messageId, as a retrying client would. Default 0. */
  duplicateRate?: number;
}

const FIRST = ['Ann', 'Bo', 'Chen', 'Dara', 'Eli', 'Femi', 'Gus', 'Hana', 'Ivo', 'Jo', 'Kai', 'Lena', 'Mo', 'Nia', 'Omar', 'Pia'];
const LAST = ['Okafor', 'Lindqvist', 'Moreau', 'Tanaka', 'Silva', 'Novak', 'Reyes', 'Fischer', 'Kowalski', 'Haddad'];
const COMPANIES = ['Northwind', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne', 'Tyrell', 'Soylent'];
const TITLES = ['Head of RevOps', 'VP Sales', 'Marketing Ops Manager', 'Data Analyst', 'CTO', 'Growth Lead'];
const ZONES = ['America/New_York', 'America/Chicago', 'America/Los_Angeles', 'Europe/London', 'Europe/Berlin', 'Asia/Singapore'];
const OWNERS = ['1001', '1002', '1003', '1004'];
const PRICING = { name: 'Pricing', path: '/pricing' };
const PAGES = [{ name: 'Home', path: '/' }, { name: 'Blog', path: '/blog/revenue-analytics' }, PRICING, { name: 'Customers', path: '/customers' }];
const WEBINARS = ['Analytics for revenue teams', 'Forecasting without spreadsheets', 'Attribution that sales trusts'];
const USER_AGENTS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
];
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A message of one person's story and when it happens; messageId and timestamp are added on output. */
interface Scene {
  at: number;
  message: JsonObject;
}

/**
 * The story of B2B prospects of a software company, for the example manifest: anonymous page
 * views that identify (a second device merges later), webinars (some attend again months later),
 * pricing views, demo bookings, trials (a few start a second one), feature activations,
 * subscriptions, usage drops, cancellation requests and renewals, with the traits a CRM holds.
 * Each person's messages come out in their time order, people one after the other; every message
 * has a unique messageId, except the duplicates, which repeat the line exactly. No clock is read:
 * the same options give the same bytes.
 */
export function* generateStory(options: StoryOptions): Generator<JsonObject> {
  const days = Math.max(1, options.days ?? 14);
  const seed = options.seed ?? 7;
  const duplicateRate = options.duplicateRate ?? 0;
  const random = seededRandom(seed);
  // Duplicates draw from their own sequence, so that turning them on leaves the story itself unchanged.
  const duplicateRandom = seededRandom(seed ^ 0x5bd1e995);
  // The index is always in range (random() < 1) and every list is non-empty.
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const chance = (p: number): boolean => random() < p;
  const between = (minMs: number, maxMs: number): number => minMs + Math.floor(random() * (maxMs - minMs));
  const end = options.start + days * DAY;
  const web = { library: { name: 'analytics.js', version: '5.2.0' }, locale: 'en-US' };
  const server = { library: { name: 'analytics-node', version: '3.1.0' } };
  let n = 0;

  for (let i = 0; i < options.people; i++) {
    const userId = `user-${seed}-${i}`;
    const anonymousId = `anon-${seed}-${i}`;
    const first = pick(FIRST);
    const last = pick(LAST);
    const company = pick(COMPANIES);
    const ip = `198.51.100.${i % 250}`;
    const userAgent = pick(USER_AGENTS);
    const scenes: Scene[] = [];
    const page = (at: number, anonymous: string, p: (typeof PAGES)[number]) =>
      scenes.push({ at, message: { type: 'page', anonymousId: anonymous, name: p.name, properties: { path: p.path }, context: { ...web, ip, userAgent, page: { path: p.path, url: `https://acme.example${p.path}` } } } });
    const track = (at: number, event: string, properties?: JsonObject) =>
      scenes.push({ at, message: { type: 'track', userId, event, ...(properties ? { properties } : {}), context: server } });
    const traits = (at: number, changed: JsonObject) => scenes.push({ at, message: { type: 'identify', userId, traits: changed, context: server } });

    // Anonymous browsing, then a sign-up form that identifies them: the anonymous profile gets the userId.
    let t = options.start + Math.floor(random() * Math.max(1, days / 3) * DAY);
    for (let v = 1 + Math.floor(random() * 3); v > 0; v--) {
      page(t, anonymousId, pick(PAGES));
      t += between(MINUTE, 2 * HOUR);
    }
    const plan = pick(['free', 'trial', 'pro', 'pro', 'enterprise']);
    scenes.push({
      at: (t += between(MINUTE, 4 * HOUR)),
      message: {
        type: 'identify',
        anonymousId,
        userId,
        traits: {
          email: `${first.toLowerCase()}.${last.toLowerCase()}.${i}@${company.toLowerCase()}.example`,
          first_name: first,
          last_name: last,
          name: `${first} ${last}`,
          company,
          title: pick(TITLES),
          company_size: pick([5, 20, 60, 250, 1200]),
          plan,
          timezone: pick(ZONES),
          email_opt_in: chance(0.85),
          hubspot_owner_id: pick(OWNERS),
        },
        context: { ...web, ip, userAgent },
      },
    });
    const identified = t;

    if (chance(0.2)) {
      // The same person on a second device: anonymous first, then they log in, which merges the two profiles.
      const secondDevice = `anon2-${seed}-${i}`;
      const at = identified + between(HOUR, 10 * DAY);
      page(at, secondDevice, PRICING);
      scenes.push({ at: at + between(MINUTE, HOUR), message: { type: 'identify', anonymousId: secondDevice, userId, context: { ...web, ip, userAgent } } });
    }

    let firstWebinar: number | undefined;
    // A few regulars follow the monthly webinar series; others come back now and then, months later.
    const regular = chance(0.05);
    if (regular || chance(0.6)) {
      let w = identified + between(MINUTE, DAY);
      firstWebinar = w;
      for (let k = 0; k < (regular ? 8 : 4); k++) {
        track(w, 'Webinar Attended', { webinar: pick(WEBINARS), minutes: 20 + Math.floor(random() * 40) });
        let c = w;
        for (let v = Math.floor(random() * 4); v > 0; v--) track((c += between(MINUTE, 2 * DAY)), 'Pricing Page Viewed', { plan: pick(['pro', 'enterprise']) });
        if (chance(0.2)) track(c + between(MINUTE, 25 * DAY), 'Demo Booked', { meeting_type: 'demo' });
        if (!regular && !chance(0.35)) break;
        w += regular ? between(28 * DAY, 35 * DAY) : between(20 * DAY, 90 * DAY);
      }
    }

    // A webinar sends many to a trial within days; others start one on their own.
    if (firstWebinar !== undefined ? chance(0.5) : chance(0.3)) {
      const started = (firstWebinar ?? identified) + between(HOUR, 6 * DAY);
      // Customers already paying trial the next tier up and keep their plan; the others become trials.
      const upgrade = plan === 'pro' || plan === 'enterprise';
      track(started, 'Trial Started', { plan: upgrade ? 'enterprise' : 'pro', trial_days: 14 });
      if (!upgrade) traits(started + MINUTE, { plan: 'trial' });
      if (chance(0.5)) track(started + between(HOUR, 8 * DAY), 'Feature Activated', { feature: pick(['dashboards', 'forecasts', 'alerts']) });
      if (chance(0.25)) {
        const subscribed = started + between(DAY, 40 * DAY);
        track(subscribed, 'Subscription Started', { plan: 'pro', seats: pick([5, 10, 25]) });
        traits(subscribed + MINUTE, { plan: 'pro' });
      }
      if (chance(0.08)) track(started + between(30 * DAY, 90 * DAY), 'Trial Started', { plan: 'enterprise', trial_days: 14 });
    }

    if (chance(plan === 'pro' || plan === 'enterprise' ? 0.3 : 0.1)) {
      // Usage drops, each of a different size: the churn journey only takes drops of 30% or more.
      let u = identified + between(3 * DAY, 30 * DAY);
      for (let d = 1 + Math.floor(random() * 3); d > 0; d--) {
        track(u, 'Usage Dropped', { drop_percent: 10 + Math.floor(random() * 76) });
        if (chance(0.25)) {
          track(u + between(HOUR, 3 * DAY), 'Cancellation Requested', { reason: pick(['budget', 'missing feature', 'switching vendor']) });
          break;
        }
        if (chance(0.35)) track(u + between(DAY, 60 * DAY), 'Renewal Signed', { term_months: 12 });
        u += between(7 * DAY, 40 * DAY);
      }
    }

    // Array.prototype.sort is stable: scenes at the same instant keep the order they were written in.
    scenes.sort((a, b) => a.at - b.at);
    for (const { at, message } of scenes) {
      if (at >= end) break;
      const out: JsonObject = { messageId: `gen-${seed}-${++n}`, timestamp: new Date(at).toISOString(), ...message };
      yield out;
      if (duplicateRandom() < duplicateRate) yield out;
    }
  }
}
