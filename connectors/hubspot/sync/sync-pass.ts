import type { HubspotCursor, SyncPass } from './sync-cursor.ts';

/** How far the sync pages and how long it lets writes settle; HubSpot's values by default. */
export interface PassLimits {
  /** Records per search request. Default 100 (HubSpot allows up to 200). */
  pageSize: number;
  /**
   * Results one search can page through: HubSpot answers 400 once `after` reaches 10,000, so a
   * window is moved before a page would end past this. Default 10,000; must exceed `pageSize`.
   */
  resultCeiling: number;
  /**
   * The ceiling of a pass is "now" minus this, in ms: a write of the last moments may not be in
   * the search index yet, and the next pass reads it anyway. Default 5,000.
   */
  settleMs: number;
}

export const HUBSPOT_PASS_LIMITS: PassLimits = { pageSize: 100, resultCeiling: 10_000, settleMs: 5_000 };

export interface PassSettings {
  /** Epoch ms of the first backfill's start; 0 (all history) when the manifest sets no start date. */
  startDate: number;
  lookBackMs: number;
}

/** A fresh pass: from the start date, or `lookBackMs` before the newest change committed so far. */
function startPass(cursor: HubspotCursor, settings: PassSettings, now: number, limits: PassLimits, backfill: boolean): SyncPass {
  const fromLastChange = cursor.lastModified === undefined || backfill ? settings.startDate : Math.max(settings.startDate, cursor.lastModified - settings.lookBackMs);
  return { windowStart: fromLastChange, ceiling: Math.max(0, now - limits.settleMs), after: '0', done: 0, ...(backfill ? { backfill: true } : {}) };
}

/** The pass this read continues: the stored one, unless a backfill is asked for and the stored pass is not one. */
export function passToRead(cursor: HubspotCursor, settings: PassSettings, now: number, limits: PassLimits, backfill: boolean): SyncPass {
  if (cursor.pass && (!backfill || cursor.pass.backfill === true)) return cursor.pass;
  return startPass(cursor, settings, now, limits, backfill);
}

/** What one search answered, as far as paging is concerned. */
export interface SearchOutcome {
  /** Modification times of the records returned, in the order returned (ascending), with their ids. */
  records: readonly { id: string; modifiedAt: number }[];
  /** HubSpot's `paging.next.after`, absent on the last page. */
  nextAfter: string | undefined;
}

/**
 * Where the pass stands after this page, or undefined when the pass is over.
 *
 * Before a window would page past the result ceiling, it restarts at the last modification
 * time seen with `after` back at 0. Records sharing that millisecond are read again rather
 * than risk skipping the ones the old window had not reached: their events keep the same
 * messageId, so the inbox keeps one of each. When a whole window shares one millisecond the
 * start cannot move, so those records are paged by id instead, and the window resumes 1 ms
 * later.
 */
export function advancePass(pass: SyncPass, outcome: SearchOutcome, limits: PassLimits): SyncPass | undefined {
  const done = pass.done + outcome.records.length;
  const last = outcome.records.at(-1);
  if (pass.tie) {
    // A tie is searched from the start every time (`after` 0, ids above the last one), so HubSpot's
    // `paging.next` only says whether more of the tie remain.
    if (outcome.nextAfter !== undefined && last !== undefined) return { ...pass, tie: { at: pass.tie.at, afterId: last.id }, done };
    const { tie: _paged, ...window } = pass;
    return { ...window, windowStart: pass.tie.at + 1, after: '0', done };
  }
  if (outcome.nextAfter === undefined || last === undefined) return undefined;
  if (Number(outcome.nextAfter) + limits.pageSize <= limits.resultCeiling) return { ...pass, after: outcome.nextAfter, done };
  const lastSeen = Math.max(...outcome.records.map((r) => r.modifiedAt));
  if (lastSeen > pass.windowStart) return { ...pass, windowStart: lastSeen, after: '0', done };
  return { ...pass, after: '0', tie: { at: pass.windowStart, afterId: '0' }, done };
}

/**
 * Records left in the pass, as far as this answer tells: the rest of the window, or of the tie
 * being paged (a tie's total leaves out the window after it, so it is a lower bound).
 */
export function remainingAfter(pass: SyncPass, total: number, returned: number): number {
  const offset = pass.tie ? 0 : Number(pass.after);
  return Math.max(0, total - offset - returned);
}
