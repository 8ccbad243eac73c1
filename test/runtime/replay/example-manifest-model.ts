import { DateTime } from 'luxon';
import { timeOrderedId, unitInterval } from '../../../src/core/hash/stable-hash.ts';

/**
 * A second, deliberately plain implementation of what the example `manifest.json` says, written
 * from its text, to check `pathwise replay` against: identity by union of identifiers, the three
 * journeys (re-entry, holdout, steps, waits, exits, goals), and the contact policies (consent,
 * suppression, frequency caps, quiet hours). It reuses nothing of the engine except the two
 * documented id rules: a profile's id is `stableId` of the first identifier that created it, and
 * the holdout draw is `unitInterval(profileId|journeyId)`; local times come from luxon.
 *
 * It is written for the stories `generateStory` tells: a profile that gets absorbed in a merge
 * only ever saw anonymous page views (they carry nothing the journeys read), and no story links
 * two userIds. `model` throws if a file breaks either assumption, rather than count wrongly.
 */

const DAY = 86_400_000;
const DEFAULT_ZONE = 'America/New_York';

export interface ModelJourney {
  entered: number;
  treated: number;
  heldOut: number;
  steps: Record<string, number>;
  completed: number;
  exited: number;
  exitedBy: Record<string, number>;
  converted: { treatment: number; holdout: number };
}

export interface ModelCounts {
  eventsRead: number;
  duplicates: number;
  eventsApplied: number;
  profiles: number;
  merges: number;
  timersFired: number;
  journeys: Record<JourneyId, ModelJourney>;
  actions: { total: number; deferred: number; byDestination: Record<string, number>; byChannel: Record<string, number>; byAction: Record<string, number> };
  decisions: { total: number; withAction: number; filteredBy: Record<string, number> };
  /** Triggers that did not enrol, by the re-entry rule that stopped them (the replay has no such count: a guard that the story tests each rule). */
  reentryBlocked: { active: number; maxEntries: number; never: number; tooSoon: number };
}

interface Message {
  messageId: string;
  source?: string;
  type: string;
  event?: string;
  name?: string;
  userId?: string;
  anonymousId?: string;
  traits?: Record<string, unknown>;
  properties?: Record<string, unknown>;
  timestamp: string;
}

interface Msg extends Message {
  at: number;
}

type Traits = Record<string, unknown>;

interface ActionSpec {
  channel: string;
  destination: string;
  priority: number;
  marketing?: boolean;
  rules?: [kind: string, test: (t: Traits) => boolean][];
}

// manifest.json "actions": priority = value × lever.
const ACTIONS: Record<string, ActionSpec> = {
  'demo-task': {
    channel: 'task',
    destination: 'hubspot.createTask',
    priority: 120 * 1.2,
    rules: [
      ['eligibility', (t) => !['enterprise'].includes(String(t['plan']))],
      ['suitability', (t) => t['do_not_call'] !== true],
    ],
  },
  'webinar-follow-up-email': { channel: 'email', destination: 'hubspot.sendEmail', priority: 40, marketing: true },
  'trial-nudge-email': { channel: 'email', destination: 'hubspot.sendEmail', priority: 20, marketing: true, rules: [['applicability', (t) => t['plan'] === 'trial']] },
  'high-intent-trial-task': { channel: 'task', destination: 'hubspot.createTask', priority: 200, rules: [['eligibility', (t) => Number(t['company_size']) >= 50]] },
  'churn-save-task': { channel: 'task', destination: 'hubspot.createTask', priority: 500, rules: [['applicability', (t) => ['pro', 'enterprise'].includes(String(t['plan']))]] },
  'publish-next-best-action': { channel: 'event', destination: 'segment.identify', priority: 1 },
  'add-to-at-risk-list': { channel: 'audience', destination: 'hubspot.addToList', priority: 1 },
};

// manifest.json "policies".
const CAPS = [
  { channel: 'email', max: 3, per: 7 * DAY },
  { channel: 'task', max: 2, per: 7 * DAY },
  { channel: 'all', max: 6, per: 7 * DAY },
];
const QUIET = { from: 20 * 60, to: 8 * 60, channels: ['email', 'sms', 'call'] };
const CANCELLATION_SUPPRESSES_EMAIL_FOR = 30 * DAY;

// manifest.json "journeys": the numbers the model's flows below need (re-entry "never" is one entry at most).
const JOURNEYS = {
  'webinar-to-demo': { trigger: 'Webinar Attended', reentryAfter: 60 * DAY, maxEntries: 3, goal: 'Demo Booked', within: 21 * DAY, exit: 'Cancellation Requested', holdout: 0.1 },
  'trial-onboarding': { trigger: 'Trial Started', reentryAfter: undefined, maxEntries: 1, goal: 'Subscription Started', within: 30 * DAY, exit: 'Cancellation Requested', holdout: 0.1 },
  'churn-save': { trigger: 'Usage Dropped', reentryAfter: 30 * DAY, maxEntries: undefined, goal: 'Renewal Signed', within: 45 * DAY, exit: undefined, holdout: 0.1 },
} as const;
type JourneyId = keyof typeof JOURNEYS;

function bump(record: Record<string, number>, key: string, by = 1): void {
  record[key] = (record[key] ?? 0) + by;
}

/** First instant at or after `from` when the local clock in `zone` reads hour:00 (on a weekday if asked). */
function nextLocal(from: number, zone: string, hour: number, weekdaysOnly: boolean): number {
  let day = DateTime.fromMillis(from, { zone }).startOf('day');
  for (;;) {
    const at = day.set({ hour, minute: 0, second: 0, millisecond: 0 });
    if (at.toMillis() >= from && (!weekdaysOnly || at.weekday <= 5)) return at.toMillis();
    day = day.plus({ days: 1 });
  }
}

function zoneOf(traits: Traits): string {
  const zone = traits['timezone'];
  return typeof zone === 'string' && DateTime.local().setZone(zone).isValid ? zone : DEFAULT_ZONE;
}

interface Person {
  id: string;
  createdAt: number;
  parent?: Person;
  userIds: Set<string>;
  events: Msg[];
}

function root(p: Person): Person {
  let r = p;
  while (r.parent) r = r.parent;
  return r;
}

interface Enrollment {
  journey: JourneyId;
  group: 'treatment' | 'holdout';
  deadline: number;
  stepsDone: boolean;
  waitingFor?: string;
  converted: boolean;
  ended: boolean;
}

interface Timer {
  due: number;
  seq: number;
  enrollment: Enrollment;
  kind: 'goal' | 'wait' | 'waitFor';
  cancelled: boolean;
}

function emptyJourney(): ModelJourney {
  return { entered: 0, treated: 0, heldOut: 0, steps: {}, completed: 0, exited: 0, exitedBy: {}, converted: { treatment: 0, holdout: 0 } };
}

/** Counts, from the NDJSON text alone, what a drained replay of it on the example manifest must report. */
export function model(lines: readonly string[]): ModelCounts {
  const counts: ModelCounts = {
    eventsRead: 0,
    duplicates: 0,
    eventsApplied: 0,
    profiles: 0,
    merges: 0,
    timersFired: 0,
    journeys: { 'webinar-to-demo': emptyJourney(), 'trial-onboarding': emptyJourney(), 'churn-save': emptyJourney() },
    actions: { total: 0, deferred: 0, byDestination: {}, byChannel: {}, byAction: {} },
    decisions: { total: 0, withAction: 0, filteredBy: {} },
    reentryBlocked: { active: 0, maxEntries: 0, never: 0, tooSoon: 0 },
  };

  // Dedupe on (source, messageId), first copy wins; then event-time order, ties in file order.
  const seen = new Set<string>();
  const unique: Msg[] = [];
  for (const line of lines) {
    if (line.trim() === '') continue;
    counts.eventsRead++;
    // The lines are generateStory's messages.
    const m = JSON.parse(line) as Message;
    const key = `${m.source ?? 'replay'}|${m.messageId}`;
    if (seen.has(key)) {
      counts.duplicates++;
      continue;
    }
    seen.add(key);
    unique.push({ ...m, at: Date.parse(m.timestamp) });
  }
  counts.eventsApplied = unique.length;
  unique.sort((a, b) => a.at - b.at);

  // Identity: union of identifiers, the oldest profile survives a merge.
  const owners = new Map<string, Person>();
  const people: Person[] = [];
  for (const m of unique) {
    const email = typeof m.traits?.['email'] === 'string' ? m.traits['email'].trim().toLowerCase() : undefined;
    const keys = [m.userId && `userId:${m.userId}`, email && `email:${email}`, m.anonymousId && `anonymousId:${m.anonymousId}`].filter((k): k is string => !!k);
    const known: Person[] = [];
    for (const k of keys) {
      const owner = owners.get(k);
      if (owner && !known.includes(root(owner))) known.push(root(owner));
    }
    let person: Person;
    if (known.length === 0) {
      // Every generated message has a userId or an anonymousId: keys is never empty.
      person = { id: timeOrderedId('p_', m.at, keys[0] as string), createdAt: m.at, userIds: new Set(), events: [] };
      people.push(person);
    } else {
      known.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
      // known is non-empty in this branch.
      person = known[0] as Person;
      for (const other of known.slice(1)) {
        if (other.events.some((e) => e.type !== 'page')) throw new Error(`model: ${other.id} is absorbed with more than page views`);
        other.parent = person;
        for (const u of other.userIds) person.userIds.add(u);
        person.events.push(...other.events);
        person.events.sort((a, b) => a.at - b.at);
        counts.merges++;
      }
    }
    for (const k of keys) if (!owners.has(k)) owners.set(k, person);
    if (m.userId) person.userIds.add(m.userId);
    if (person.userIds.size > 1) throw new Error(`model: ${person.id} links two userIds`);
    person.events.push(m);
  }
  const roots = people.filter((p) => !p.parent);
  counts.profiles = roots.length;

  for (const person of roots) simulate(person, counts);
  return counts;
}

function simulate(person: Person, counts: ModelCounts): void {
  const traits: Traits = {};
  const pricingViews: number[] = [];
  const contacts: { at: number; channel: string }[] = [];
  let emailSuppressedUntil = 0;
  const history = new Map<JourneyId, { entries: number; lastEnteredAt: number }>();
  const active = new Map<JourneyId, Enrollment>();
  const timers: Timer[] = [];
  const waits = new Map<Enrollment, Timer>();
  const goals = new Map<Enrollment, Timer>();
  let seq = 0;
  let now = 0;

  const pricingViewsWithin14d = () => pricingViews.filter((t) => t > now - 14 * DAY && t <= now).length;
  const schedule = (enrollment: Enrollment, kind: Timer['kind'], due: number) => {
    const timer: Timer = { due, seq: seq++, enrollment, kind, cancelled: false };
    timers.push(timer);
    (kind === 'goal' ? goals : waits).set(enrollment, timer);
  };
  const visit = (e: Enrollment, step: string) => bump(counts.journeys[e.journey].steps, step);
  const end = (e: Enrollment, how: 'completed' | 'exited' | 'converted', reason?: string) => {
    e.ended = true;
    for (const t of [waits.get(e), goals.get(e)]) if (t) t.cancelled = true;
    active.delete(e.journey);
    const j = counts.journeys[e.journey];
    if (how === 'completed') j.completed++;
    else if (how === 'exited') {
      j.exited++;
      bump(j.exitedBy, reason ?? '');
    } else j.converted[e.group]++;
  };

  /** An action or decide step: every candidate through rules then contact policy; the best one is sent. */
  const decide = (candidates: string[]) => {
    counts.decisions.total++;
    let best: { id: string; spec: ActionSpec; sendAt: number } | undefined;
    for (const id of candidates) {
      // Candidates are the manifest's action ids, all in ACTIONS.
      const spec = ACTIONS[id] as ActionSpec;
      const failed = spec.rules?.find(([, test]) => !test(traits));
      let stoppedBy = failed?.[0];
      if (!stoppedBy && spec.marketing && traits['email_opt_in'] !== true && traits['email_opt_in'] !== 'true') stoppedBy = 'consent';
      if (!stoppedBy && spec.channel === 'email' && emailSuppressedUntil > now) stoppedBy = 'suppressed';
      if (!stoppedBy) {
        for (const cap of CAPS) {
          if (cap.channel !== 'all' && cap.channel !== spec.channel) continue;
          const n = contacts.filter((c) => c.at > now - cap.per && (cap.channel === 'all' || c.channel === spec.channel)).length;
          if (n >= cap.max) {
            stoppedBy = 'frequency';
            break;
          }
        }
      }
      if (stoppedBy) {
        bump(counts.decisions.filteredBy, stoppedBy);
        continue;
      }
      let sendAt = now;
      if (QUIET.channels.includes(spec.channel)) {
        const local = DateTime.fromMillis(now, { zone: zoneOf(traits) });
        const minute = local.hour * 60 + local.minute;
        if (minute >= QUIET.from || minute < QUIET.to) sendAt = nextLocal(now, zoneOf(traits), 8, false);
      }
      if (!best || spec.priority > best.spec.priority) best = { id, spec, sendAt };
    }
    if (!best) return;
    counts.decisions.withAction++;
    counts.actions.total++;
    if (best.sendAt > now) counts.actions.deferred++;
    bump(counts.actions.byAction, best.id);
    bump(counts.actions.byDestination, best.spec.destination);
    bump(counts.actions.byChannel, best.spec.channel);
    contacts.push({ at: best.sendAt, channel: best.spec.channel });
  };

  // The flows of manifest.json's steps, for treated enrollments.
  const chooseAndPublish = (e: Enrollment) => {
    visit(e, 'choose');
    decide(['demo-task', 'webinar-follow-up-email']);
    visit(e, 'publish');
    decide(['publish-next-best-action']);
    e.stepsDone = true;
  };
  const start = (e: Enrollment) => {
    if (e.journey === 'webinar-to-demo') {
      visit(e, 'let-it-sink-in');
      schedule(e, 'wait', now + DAY);
    } else if (e.journey === 'trial-onboarding') {
      visit(e, 'morning');
      schedule(e, 'wait', nextLocal(now, zoneOf(traits), 9, true));
    } else {
      visit(e, 'save');
      decide(['churn-save-task']);
      visit(e, 'list');
      decide(['add-to-at-risk-list']);
      e.stepsDone = true;
    }
  };
  const onWaitOver = (e: Enrollment) => {
    if (e.journey === 'webinar-to-demo') {
      visit(e, 'engaged');
      if (pricingViewsWithin14d() >= 2) return chooseAndPublish(e);
      visit(e, 'recording');
      decide(['webinar-follow-up-email']);
      visit(e, 'wait-for-pricing');
      e.waitingFor = 'Pricing Page Viewed';
      schedule(e, 'waitFor', now + 7 * DAY);
    } else {
      visit(e, 'nudge');
      decide(['trial-nudge-email']);
      visit(e, 'activation');
      e.waitingFor = 'Feature Activated';
      schedule(e, 'waitFor', now + 5 * DAY);
    }
  };
  const onWaitedFor = (e: Enrollment) => {
    delete e.waitingFor;
    const timer = waits.get(e);
    if (timer) timer.cancelled = true;
    if (e.journey === 'webinar-to-demo') return chooseAndPublish(e);
    visit(e, 'activated');
    e.stepsDone = true;
  };
  const onTimeout = (e: Enrollment) => {
    delete e.waitingFor;
    if (e.journey === 'webinar-to-demo') {
      visit(e, 'done');
      return end(e, 'exited', 'no buying signal within 7 days');
    }
    visit(e, 'intent');
    if (Number(traits['company_size']) >= 50 || pricingViewsWithin14d() >= 3) {
      visit(e, 'rep-task');
      decide(['high-intent-trial-task']);
    } else visit(e, 'stalled');
    e.stepsDone = true;
  };

  const fireTimersUpTo = (t: number) => {
    for (;;) {
      let next: Timer | undefined;
      for (const timer of timers) if (!timer.cancelled && timer.due <= t && (!next || timer.due < next.due || (timer.due === next.due && timer.seq < next.seq))) next = timer;
      if (!next) return;
      next.cancelled = true;
      now = next.due;
      counts.timersFired++;
      const e = next.enrollment;
      if (next.kind === 'goal') {
        goals.delete(e);
        if (e.stepsDone) end(e, 'completed');
      } else if (next.kind === 'wait') onWaitOver(e);
      else onTimeout(e);
    }
  };

  for (const m of person.events) {
    fireTimersUpTo(m.at);
    now = m.at;
    if (m.type === 'identify' && m.traits) Object.assign(traits, m.traits);
    const name = m.event ?? m.name;
    if (m.type === 'track' && name === 'Pricing Page Viewed') pricingViews.push(now);
    if (name === 'Cancellation Requested') emailSuppressedUntil = Math.max(emailSuppressedUntil, now + CANCELLATION_SUPPRESSES_EMAIL_FOR);
    for (const e of [...active.values()]) {
      const spec = JOURNEYS[e.journey];
      if (spec.exit !== undefined && name === spec.exit) {
        end(e, 'exited', `exit: ${spec.exit}`);
        continue;
      }
      if (!e.converted && now <= e.deadline && name === spec.goal) {
        e.converted = true;
        end(e, 'converted');
        continue;
      }
      if (e.waitingFor !== undefined && name === e.waitingFor && e.group === 'treatment') onWaitedFor(e);
    }
    // Object.keys widens to string[]; these are JOURNEYS' own keys.
    for (const id of Object.keys(JOURNEYS) as JourneyId[]) {
      const spec = JOURNEYS[id];
      if (name !== spec.trigger) continue;
      if (id === 'churn-save' && !(Number(m.properties?.['drop_percent']) >= 30)) continue;
      const blocked = counts.reentryBlocked;
      if (active.has(id)) {
        blocked.active++;
        continue;
      }
      const h = history.get(id);
      if (h && spec.maxEntries !== undefined && h.entries >= spec.maxEntries) {
        if (spec.reentryAfter === undefined) blocked.never++;
        else blocked.maxEntries++;
        continue;
      }
      if (h && spec.reentryAfter !== undefined && now - h.lastEnteredAt < spec.reentryAfter) {
        blocked.tooSoon++;
        continue;
      }
      history.set(id, { entries: (h?.entries ?? 0) + 1, lastEnteredAt: now });
      const group = unitInterval(`${person.id}|${id}`, 3) < spec.holdout ? 'holdout' : 'treatment';
      const e: Enrollment = { journey: id, group, deadline: now + spec.within, stepsDone: group === 'holdout', converted: false, ended: false };
      active.set(id, e);
      const j = counts.journeys[id];
      j.entered++;
      if (group === 'holdout') j.heldOut++;
      else j.treated++;
      schedule(e, 'goal', e.deadline);
      if (group === 'treatment') start(e);
    }
  }
  fireTimersUpTo(Number.POSITIVE_INFINITY);
}
