import { z } from 'zod';
import { DURATION_HINT, isDurationText } from '../../core/time/duration.ts';

/** Durations are text in the manifest so that admins read "7d", not 604800000. */
export const Duration = z
  .string({ error: (issue) => `expected ${DURATION_HINT}, got ${JSON.stringify(issue.input)}` })
  .refine(isDurationText, { error: (issue) => `expected ${DURATION_HINT}, got ${JSON.stringify(issue.input)}` })
  .describe('A duration: an integer and a unit (ms, s, m, h, d, w), e.g. "7d".');

/** Ids are referenced from other sections, so they are kept to a safe, greppable alphabet. */
export const Id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, {
    error: (issue) => `expected an id of lowercase letters, digits, "-" or "_", got ${JSON.stringify(issue.input)}`,
  });

export const LocalTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, {
    error: (issue) => `expected a local time like "09:00", got ${JSON.stringify(issue.input)}`,
  });

export const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

/**
 * A secret is always a reference to an environment variable, never its value: the manifest is
 * committed to version control and shown in the admin UI.
 */
export const SecretRef = z
  .object(
    { env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, { error: 'expected an environment variable name like "HUBSPOT_TOKEN"' }) },
    { error: (issue) => `secrets must be an environment reference like {"env":"MY_SECRET"}, got ${typeof issue.input === 'string' ? 'a literal string' : JSON.stringify(issue.input)}` },
  )
  .strict();
export type SecretRef = z.infer<typeof SecretRef>;

export const Channel = z.enum(['email', 'sms', 'push', 'task', 'call', 'audience', 'event', 'webhook']);
export type Channel = z.infer<typeof Channel>;
