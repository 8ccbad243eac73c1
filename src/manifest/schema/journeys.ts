import { z } from 'zod';
import { Condition } from './conditions.ts';
import { Duration, Id, LocalTime, Weekday } from './primitives.ts';

const where = { where: Condition.optional().describe('Extra condition the triggering input must meet.') };

export const Trigger = z.discriminatedUnion('type', [
  z.object({ type: z.literal('event'), event: z.string().min(1), ...where }).strict(),
  z.object({ type: z.literal('traitChanged'), trait: z.string().min(1), to: z.unknown().optional(), ...where }).strict(),
  z
    .object({
      type: z.literal('record'),
      object: z.string().min(1),
      changeType: z.enum(['created', 'updated', 'deleted']).optional(),
      field: z.string().min(1).optional().describe('Fire only when this field\'s value changed.'),
      ...where,
    })
    .strict()
    .describe('A CRM record change that is news to the person: a report of values already known (the same change from a webhook and a sync, a redelivery) or older than the last report of that field triggers nothing.'),
  z.object({ type: z.literal('audienceEntered'), audience: z.string().min(1), ...where }).strict(),
]);
export type Trigger = z.infer<typeof Trigger>;

export const Reentry = z
  .object({
    mode: z.enum(['never', 'always', 'after']).describe('never: once per profile; always: again after each exit; after: again once `after` has passed since the last entry.'),
    after: Duration.optional(),
    maxEntries: z.number().int().positive().optional().describe('Upper bound on entries per profile, whatever the mode.'),
  })
  .strict()
  .refine((r) => r.mode !== 'after' || r.after !== undefined, { error: 'mode "after" needs `after`, e.g. "30d"', path: ['after'] });
export type Reentry = z.infer<typeof Reentry>;

export const Goal = z
  .object({
    condition: Condition,
    within: Duration.describe('Conversion window from entry.'),
    onGoal: z.enum(['exit', 'continue']).default('exit'),
  })
  .strict();

const next = z.string().min(1).optional().describe('Id of the next step; absent means the journey completes.');
const stepBase = { id: z.string().min(1), name: z.string().optional() };

export const Step = z.discriminatedUnion('type', [
  z
    .object({
      ...stepBase,
      type: z.literal('wait'),
      duration: Duration.optional(),
      until: z.object({ time: LocalTime, days: z.array(Weekday).min(1).optional() }).strict().optional()
        .describe("Wait until this local time in the profile's time zone (after `duration`, if both are set)."),
      next,
    })
    .strict()
    .refine((s) => s.duration !== undefined || s.until !== undefined, { error: 'a wait needs `duration` or `until`', path: ['duration'] }),
  z.object({ ...stepBase, type: z.literal('waitFor'), condition: Condition, timeout: Duration, next, onTimeout: next }).strict(),
  z
    .object({
      ...stepBase,
      type: z.literal('branch'),
      branches: z.array(z.object({ when: Condition, next: z.string().min(1) }).strict()).min(1),
      otherwise: next,
    })
    .strict(),
  z
    .object({
      ...stepBase,
      type: z.literal('split'),
      paths: z.array(z.object({ weight: z.number().positive(), next: z.string().min(1), label: z.string().optional() }).strict()).min(2),
    })
    .strict(),
  z.object({ ...stepBase, type: z.literal('action'), action: z.string().min(1), next }).strict(),
  z
    .object({
      ...stepBase,
      type: z.literal('decide'),
      candidates: z.array(z.string().min(1)).min(1),
      fallback: z.string().min(1).optional().describe('Action sent when no candidate passes eligibility and contact policy.'),
      next,
    })
    .strict(),
  z.object({ ...stepBase, type: z.literal('update'), traits: z.record(z.string(), z.unknown()), next }).strict(),
  z.object({ ...stepBase, type: z.literal('exit'), reason: z.string().optional() }).strict(),
]);
export type Step = z.infer<typeof Step>;

export const Journey = z
  .object({
    id: Id,
    version: z.number().int().positive().default(1).describe('Bump when the steps change: running enrollments finish on the version they started on.'),
    name: z.string().optional(),
    description: z.string().optional(),
    enabled: z.boolean().default(true),
    trigger: Trigger,
    reentry: Reentry.prefault({ mode: 'never' }),
    goal: Goal.optional(),
    exit: z.array(Condition).default([]).describe('Any of these ends the enrollment at once.'),
    holdout: z.number().min(0).max(0.5).default(0).describe('Fraction of entrants kept out as a control group (0 to 0.5).'),
    start: z.string().min(1),
    steps: z.array(Step).min(1),
  })
  .strict();
export type Journey = z.infer<typeof Journey>;
export type JourneyInput = z.input<typeof Journey>;
