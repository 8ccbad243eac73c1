import { z } from 'zod';
import { Duration } from './primitives.ts';

export const ComparisonOp = z.enum(['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'contains', 'startsWith', 'matches']);
export const CountOp = z.enum(['eq', 'ne', 'gt', 'gte', 'lt', 'lte']);

/**
 * The condition language, as data. Every shape is told apart by its keys so that the JSON reads
 * as what it means: `{ "path": "traits.plan", "op": "eq", "value": "pro" }`,
 * `{ "all": [...] }`, `{ "event": "Demo Booked" }`, `{ "count": { "event": "Page Viewed", "within": "7d" }, "op": "gte", "value": 3 }`.
 * Conditions are compiled to closures once when the manifest loads (src/core/conditions).
 */
export type Condition =
  | { path: string; op: z.infer<typeof ComparisonOp>; value: unknown }
  | { path: string; op: 'exists'; value?: boolean }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { event: string; where?: Condition }
  | { count: { event: string; within: string }; op: z.infer<typeof CountOp>; value: number }
  | { lastSeen: string; within: string }
  | { inAudience: string }
  | { traitChanged: string; from?: unknown; to?: unknown };

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ path: z.string().min(1), op: ComparisonOp, value: z.unknown() }).strict(),
    z.object({ path: z.string().min(1), op: z.literal('exists'), value: z.boolean().optional() }).strict(),
    z.object({ all: z.array(Condition).min(1) }).strict(),
    z.object({ any: z.array(Condition).min(1) }).strict(),
    z.object({ not: Condition }).strict(),
    z.object({ event: z.string().min(1), where: Condition.optional() }).strict(),
    z
      .object({
        count: z.object({ event: z.string().min(1), within: Duration }).strict(),
        op: CountOp,
        value: z.number().int().nonnegative(),
      })
      .strict(),
    z.object({ lastSeen: z.string().min(1), within: Duration }).strict(),
    z.object({ inAudience: z.string().min(1) }).strict(),
    z.object({ traitChanged: z.string().min(1), from: z.unknown().optional(), to: z.unknown().optional() }).strict(),
  ]),
);
