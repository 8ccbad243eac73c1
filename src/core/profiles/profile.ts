import type { JsonObject } from '../events/event.ts';
import type { Enrollment, JourneyHistory } from '../journeys/enrollment.ts';
import type { KnownRecord } from './record-memory.ts';

/** One contact made with a profile, kept for frequency caps. */
export interface ContactRecord {
  at: number;
  channel: string;
  actionId: string;
}

/**
 * Everything Pathwise knows about one person. A plain JSON-serialisable object: the runtime
 * stores it as one snapshot row, so that a profile is read and written in one go.
 */
export interface Profile {
  id: string;
  createdAt: number;
  updatedAt: number;
  firstSeen: number;
  lastSeen: number;
  /** Identifier values by type, e.g. `{ userId: ["u1"], email: ["a@b.com"] }`. */
  identifiers: Record<string, string[]>;
  traits: JsonObject;
  /** Timestamps (ascending) of tracked events that conditions count in windows, by event name. */
  eventTimes: Record<string, number[]>;
  /** Last time each event name was seen (all names, unbounded by window). */
  lastSeenByEvent: Record<string, number>;
  /** Total events applied. */
  eventCount: number;
  /** Audience key → entered at. */
  audiences: Record<string, number>;
  /** CRM owner id (HubSpot owner, Salesforce user). */
  owner?: string;
  /** Recent contacts, pruned to the longest frequency-cap window. */
  contacts: ContactRecord[];
  /** Channel (or "all") → suppressed until, epoch ms. */
  suppressedUntil: Record<string, number>;
  enrollments: Enrollment[];
  /** Per journey id: entry count and last entry/exit, for re-entry rules. */
  journeyHistory: Record<string, JourneyHistory>;
  /** Profile ids merged into this one. */
  mergedFrom: string[];
  /** CRM records linked to the person, by `object:id`, as last reported (see record-memory). Absent until the first record event. */
  records?: Record<string, KnownRecord>;
}

export function emptyProfile(id: string, now: number): Profile {
  return {
    id,
    createdAt: now,
    updatedAt: now,
    firstSeen: now,
    lastSeen: now,
    identifiers: {},
    traits: {},
    eventTimes: {},
    lastSeenByEvent: {},
    eventCount: 0,
    audiences: {},
    contacts: [],
    suppressedUntil: {},
    enrollments: [],
    journeyHistory: {},
    mergedFrom: [],
    // Present from the start though unset: a field added later goes to a separate property store.
    owner: undefined,
    records: undefined,
  };
}
