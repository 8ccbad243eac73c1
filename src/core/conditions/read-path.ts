import type { EvalContext } from './eval-context.ts';

export type PathReader = (ctx: EvalContext) => unknown;

/** The first segment of a path picks where the value comes from. */
const ROOTS: Record<string, (ctx: EvalContext) => unknown> = {
  traits: (ctx) => ctx.profile.traits,
  properties: (ctx) => ctx.event?.properties,
  context: (ctx) => ctx.event?.context,
  record: (ctx) => ctx.event?.record,
  profile: (ctx) => ctx.profile,
  event: (ctx) => ctx.event?.event,
  type: (ctx) => ctx.event?.type,
  userId: (ctx) => ctx.event?.userId,
  anonymousId: (ctx) => ctx.event?.anonymousId,
  source: (ctx) => ctx.event?.source,
};

export const PATH_ROOTS = Object.keys(ROOTS);

export class PathError extends Error {}

/**
 * Compiles a dotted path (`traits.company.size`) into a reader, splitting it once at load time
 * so that evaluation is a few property reads.
 */
export function compilePath(path: string): PathReader {
  const segments = path.split('.');
  const rootName = segments[0] ?? '';
  const root = ROOTS[rootName];
  if (!root) throw new PathError(`unknown path root "${rootName}" in "${path}"; expected one of ${PATH_ROOTS.join(', ')}`);
  if (segments.some((s) => s === '')) throw new PathError(`empty segment in path "${path}"`);
  const rest = segments.slice(1);
  if (rest.length === 0) return root;
  if (rest.length === 1) {
    const key = rest[0] as string;
    return (ctx) => {
      const base = root(ctx);
      return base !== null && typeof base === 'object' ? (base as Record<string, unknown>)[key] : undefined;
    };
  }
  return (ctx) => {
    let value = root(ctx);
    for (const key of rest) {
      if (value === null || typeof value !== 'object') return undefined;
      value = (value as Record<string, unknown>)[key];
    }
    return value;
  };
}
