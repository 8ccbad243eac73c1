/**
 * A journey whose branch tests `properties.text` against an overlapping alternation under a
 * repetition: safe-regex2 (which refuses nested repetitions when the manifest compiles) lets it
 * through, and on {@link HANGING_TEXT} it backtracks 2^40 ways — one event hangs the worker.
 * Triggered by a `Typed` track.
 */
export const HANGING_JOURNEY = {
  id: 'pattern',
  trigger: { type: 'event', event: 'Typed' },
  start: 'check',
  steps: [
    { id: 'check', type: 'branch', branches: [{ when: { path: 'properties.text', op: 'matches', value: '^(a|a)*$' }, next: 'done' }], otherwise: 'done' },
    { id: 'done', type: 'exit' },
  ],
};

/** 40 characters of 'a' and a '!': no match, found the slow way. */
export const HANGING_TEXT = `${'a'.repeat(40)}!`;
