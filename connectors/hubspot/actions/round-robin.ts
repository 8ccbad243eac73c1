/**
 * The rep who takes the next task: the one with the fewest tasks today among those below
 * `capacity`. Ties go to the first in team order counted from `rotation` (the team's day number), so
 * the team takes turns within a day and the rep who starts the turns changes from day to day.
 * Undefined when everyone is at capacity.
 */
export function chooseRep(team: readonly string[], tasksToday: (rep: string) => number, capacity: number, rotation: number): string | undefined {
  let chosen: string | undefined;
  let fewest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < team.length; i += 1) {
    const rep = team[(rotation + i) % team.length];
    if (rep === undefined) continue;
    const count = tasksToday(rep);
    if (count < capacity && count < fewest) {
      chosen = rep;
      fewest = count;
    }
  }
  return chosen;
}
