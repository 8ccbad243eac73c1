import { z } from 'zod';
import { Condition } from './conditions.ts';
import { Channel, Id } from './primitives.ts';

export const Action = z
  .object({
    id: Id,
    name: z.string().optional(),
    channel: Channel,
    destination: z
      .string()
      .regex(/^[a-z][a-z0-9]*\.[A-Za-z][A-Za-z0-9]*$/, { error: (i) => `expected "<connector>.<action>" like "hubspot.createTask", got ${JSON.stringify(i.input)}` }),
    params: z.record(z.string(), z.unknown()).default({}).describe('Destination parameters; strings are Liquid templates over profile, event, journey and decision.'),
    eligibility: Condition.optional().describe('Can this customer get it at all?'),
    applicability: Condition.optional().describe('Does it apply now?'),
    suitability: Condition.optional().describe('Is it in the customer\'s interest?'),
    value: z.number().nonnegative().default(1).describe('Business value used in arbitration.'),
    lever: z.number().nonnegative().default(1).describe('Business weighting multiplier used in arbitration.'),
    marketing: z.boolean().default(false).describe('Marketing messages need consent and are stopped by suppressions; service messages are not.'),
  })
  .strict();
export type Action = z.infer<typeof Action>;
