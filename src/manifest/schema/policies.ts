import { z } from 'zod';
import { Condition } from './conditions.ts';
import { Channel, Duration, Id, LocalTime } from './primitives.ts';

const ChannelOrAll = z.union([Channel, z.literal('all')]);

export const Policies = z
  .object({
    timeZone: z.string().default('UTC').describe('IANA zone used when a profile has none.'),
    timeZoneTrait: z.string().default('timezone').describe("Trait that holds a profile's IANA time zone."),
    quietHours: z
      .object({ start: LocalTime, end: LocalTime, channels: z.array(Channel).min(1) })
      .strict()
      .optional()
      .describe("No sends on these channels between start and end in the profile's time zone; sends are deferred to the end."),
    frequencyCaps: z
      .array(z.object({ channel: ChannelOrAll, max: z.number().int().positive(), per: Duration }).strict())
      .default([]),
    suppressions: z
      .array(
        z
          .object({ id: Id, when: Condition, for: Duration, channels: z.array(ChannelOrAll).min(1) })
          .strict()
          .describe('A negative signal (e.g. a cancellation request) stops marketing on these channels for a while.'),
      )
      .default([]),
    consent: z
      .partialRecord(Channel, z.object({ trait: z.string().min(1), default: z.boolean().default(false) }).strict())
      .default({})
      .describe('Per channel, the trait that records opt-in; marketing actions need it true.'),
  })
  .strict();
export type Policies = z.infer<typeof Policies>;
