/**
 * `list` with `item` at its end, as a new array of exactly that length.
 *
 * A profile's lists are short and long-lived: contacts, enrollments, an enrollment's trail, an
 * identifier type's values. `push` grows a backing store to 17 slots on the first or second
 * item (V8 adds 16 spare slots), which stays on the heap for the life of the profile: 150 bytes
 * a list, most of it empty, that every scavenge copies and every full collection marks — a
 * fifth of a profile's memory on the engine bench. `concat` allocates the exact length. Only
 * for lists kept short (a copy per append); callers must not hold the old array.
 */
export function appended<T>(list: readonly T[], item: T): T[] {
  return list.length === 0 ? [item] : list.concat([item]);
}
