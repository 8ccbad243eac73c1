import { ConnectorError } from '../../sdk/connector-error.ts';
import type { ConnectorContext } from '../../sdk/define-connector.ts';
import { teamTimeZone, type HubspotSettings } from '../settings.ts';
import { assignmentLedger, type Reservation } from './assignment-ledger.ts';
import { pathwiseTasksToday } from './owner-task-counts.ts';
import { chooseRep } from './round-robin.ts';
import { LocalDay } from '../local-day.ts';

type Ctx = ConnectorContext<HubspotSettings>;

/** The owner a new task goes to (none when there is no owner and no team), with its place held. */
export interface OwnerAssignment extends Reservation {
  ownerId: string | undefined;
}

const UNASSIGNED: OwnerAssignment = { ownerId: undefined, confirm() {}, release() {} };

/**
 * Capacity frees at the team's next local midnight, so the task is deferred until then as a
 * `rate_limit` with that wait. The retry policy treats a wait the platform names as a deferral: it spends no
 * attempt, and only a send older than `maxDeferralMs` (3 days by default) is dead-lettered.
 */
function atCapacity(message: string, now: number, teamDay: LocalDay): ConnectorError {
  return new ConnectorError('rate_limit', `${message}; the task waits for the next day in ${teamDay.zone}`, { retryAfterMs: teamDay.msUntilNext(now) });
}

/**
 * Who gets the task: `owner` when given (the action's ownerId, else the contact's owner), else
 * the round-robin team. Either way a rep receives at most `assignment.dailyCapacity` Pathwise
 * tasks per day in the team's time zone (`assignment.timeZone`, else the account's), counted from HubSpot (tasks with a pathwise_key created today) joined with
 * the tasks this process has just assigned and search does not show yet.
 */
export async function assignOwner(ctx: Ctx, owner: string | undefined): Promise<OwnerAssignment> {
  const { roundRobin, dailyCapacity } = ctx.settings.assignment;
  const candidates = owner !== undefined ? [owner] : roundRobin;
  if (candidates.length === 0) return UNASSIGNED;
  const now = ctx.now();
  const teamDay = new LocalDay(teamTimeZone(ctx.settings));
  const day = teamDay.start(now);
  const found = await pathwiseTasksToday(ctx, candidates, day, dailyCapacity);
  // From here to `reserve` nothing awaits, so concurrent sends see each other's held places.
  const ledger = assignmentLedger(ctx);
  const tasksToday = (rep: string) => new Set([...(found.get(rep) ?? []), ...ledger.tasksOf(rep, day)]).size;
  const chosen = owner !== undefined ? (tasksToday(owner) < dailyCapacity ? owner : undefined) : chooseRep(roundRobin, tasksToday, dailyCapacity, teamDay.number(now));
  if (chosen === undefined) {
    throw atCapacity(
      owner !== undefined
        ? `HubSpot owner ${owner} is at capacity today: ${tasksToday(owner)} Pathwise tasks (assignment.dailyCapacity ${dailyCapacity})`
        : `every rep of assignment.roundRobin (${roundRobin.join(', ')}) is at capacity today (assignment.dailyCapacity ${dailyCapacity})`,
      now,
      teamDay,
    );
  }
  return { ownerId: chosen, ...ledger.reserve(chosen, day) };
}
