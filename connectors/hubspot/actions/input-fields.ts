import { z } from 'zod';

/** Liquid renders a missing value as "": such a parameter counts as not given. */
function blankAsMissing(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
}

/** A HubSpot record id (owner, deal, list): digits, given as a number or a string. */
export const hubspotId = z.preprocess(
  (value) => (typeof value === 'number' ? String(value) : blankAsMissing(value)),
  z.string().regex(/^\d+$/, { error: 'expected a HubSpot id (digits)' }).optional(),
);

/** A count of days or hours: a number, or a rendered template that yields one. */
export const templatedAmount = z.preprocess(
  (value) => {
    const given = blankAsMissing(value);
    return typeof given === 'string' ? Number(given) : given;
  },
  z.number().min(0).max(3650).optional(),
);

/** An email address, or nothing when the template rendered empty. */
export const optionalEmail = z.preprocess(blankAsMissing, z.email().optional());
