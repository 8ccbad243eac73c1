/** A duration as admins write it in the manifest: an integer and a unit, e.g. `90m`, `7d`, `2w`. */
export type DurationText = string;

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const DURATION_RE = /^(\d+)(ms|s|m|h|d|w)$/;

export const DURATION_HINT = 'a duration like "7d" (units: ms, s, m, h, d, w)';

export function isDurationText(text: string): boolean {
  return DURATION_RE.test(text);
}

/** Milliseconds in a duration; throws on text the manifest schema would have refused. */
export function durationMs(text: DurationText): number {
  const match = DURATION_RE.exec(text);
  if (!match) throw new Error(`expected ${DURATION_HINT}, got ${JSON.stringify(text)}`);
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}
