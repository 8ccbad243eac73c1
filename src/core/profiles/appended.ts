/**
 * `list` with `item` at its end, as a new array of exactly that length.
 *
 * A profile's lists are short and long-lived: contacts, enrollments, an enrollment's trail, an
 * identifier type's values. `push` grows a backing store to 17 slots on the first or second
 * item (V8 adds 16 spare slots), which stays on the heap for the life of the profile: 150 bytes
 * a list, most of it empty, that every scavenge copies and every full collection marks — a
 * fifth of a profile's memory on the engine bench. Short lists are copied into array literals
 * (allocated inline, exact length); longer ones through `concat` (a call into the runtime).
 * Callers must not hold the old array. For lists of objects or strings: a list of numbers
 * copied here would hold them boxed (the literals' element kind is shared by every caller).
 */
export function appended<T>(list: readonly T[], item: T): T[] {
  switch (list.length) {
    case 0:
      return [item];
    case 1:
      return [list[0] as T, item];
    case 2:
      return [list[0] as T, list[1] as T, item];
    case 3:
      return [list[0] as T, list[1] as T, list[2] as T, item];
    default:
      return list.concat([item]);
  }
}
