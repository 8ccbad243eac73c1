import { z } from 'zod';
import { templatedAmount } from './input-fields.ts';

const HOUR_MS = 3_600_000;

/** When a task is due if the action names no due date: a day after it is created. */
export const DEFAULT_DUE_IN_HOURS = 24;

/** The three ways an action can say when the task is due; at most one may be given. */
export const TaskDueFields = {
  dueInDays: templatedAmount.describe('Due this many days after the task is created (0–3650).'),
  dueInHours: templatedAmount.describe('Due this many hours after the task is created (0–3650).'),
  dueAt: z.preprocess((v) => (v === '' ? undefined : v), z.iso.datetime({ offset: true }).optional()).describe('Due at this ISO 8601 instant.'),
};

export interface TaskDue {
  dueInDays?: number | undefined;
  dueInHours?: number | undefined;
  dueAt?: string | undefined;
}

export function givenDueFields(due: TaskDue): string[] {
  return (['dueInDays', 'dueInHours', 'dueAt'] as const).filter((k) => due[k] !== undefined);
}

/** The task's `hs_timestamp` (HubSpot's due date, required on tasks), epoch ms. */
export function dueTime(due: TaskDue, now: number): number {
  if (due.dueAt !== undefined) return Date.parse(due.dueAt);
  if (due.dueInDays !== undefined) return now + due.dueInDays * 24 * HOUR_MS;
  return now + (due.dueInHours ?? DEFAULT_DUE_IN_HOURS) * HOUR_MS;
}
