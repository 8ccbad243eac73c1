import { z } from 'zod';

export const BUILT_IN_IDENTIFIERS = ['userId', 'email', 'hubspot', 'salesforce', 'anonymousId'] as const;

export const IdentifierRule = z
  .object({
    type: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]*$/),
    path: z.string().optional().describe('Where a custom identifier is read, e.g. "traits.phone". Built-in types know their place.'),
    limit: z.number().int().positive().describe('Most values of this type one profile may hold; a merge past it is refused.'),
  })
  .strict();
export type IdentifierRule = z.infer<typeof IdentifierRule>;

/** Order is priority: when identifiers disagree, the event goes to the profile of the first one. */
export const DEFAULT_IDENTIFIERS: IdentifierRule[] = [
  { type: 'userId', limit: 1 },
  { type: 'hubspot', limit: 1 },
  { type: 'salesforce', limit: 2 },
  { type: 'email', limit: 5 },
  { type: 'anonymousId', limit: 100 },
];

export const Identity = z
  .object({ identifiers: z.array(IdentifierRule).min(1).default(DEFAULT_IDENTIFIERS) })
  .strict()
  .refine((i) => new Set(i.identifiers.map((r) => r.type)).size === i.identifiers.length, { error: 'identifier types must be unique' })
  .refine(
    (i) => i.identifiers.every((r) => (BUILT_IN_IDENTIFIERS as readonly string[]).includes(r.type) || r.path !== undefined),
    { error: 'a custom identifier needs `path`, e.g. "traits.phone"' },
  );
export type Identity = z.infer<typeof Identity>;
