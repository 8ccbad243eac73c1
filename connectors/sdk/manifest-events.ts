import type { Condition } from '../../src/manifest/schema/conditions.ts';
import type { Manifest } from '../../src/manifest/schema/manifest.ts';

function collect(condition: Condition | undefined, out: Set<string>): void {
  if (!condition) return;
  if ('all' in condition) condition.all.forEach((c) => collect(c, out));
  else if ('any' in condition) condition.any.forEach((c) => collect(c, out));
  else if ('not' in condition) collect(condition.not, out);
  else if ('event' in condition) {
    out.add(condition.event);
    collect(condition.where, out);
  } else if ('count' in condition) out.add(condition.count.event);
  else if ('lastSeen' in condition) out.add(condition.lastSeen);
}

/** Every track event the manifest listens to: what a CDP must forward for the journeys to work. */
export function eventsTheManifestNeeds(manifest: Manifest): string[] {
  const out = new Set<string>();
  for (const j of manifest.journeys) {
    if (j.trigger.type === 'event') out.add(j.trigger.event);
    collect(j.trigger.where, out);
    collect(j.goal?.condition, out);
    j.exit.forEach((c) => collect(c, out));
    for (const s of j.steps) {
      if (s.type === 'waitFor') collect(s.condition, out);
      if (s.type === 'branch') s.branches.forEach((b) => collect(b.when, out));
    }
  }
  for (const a of manifest.actions) [a.eligibility, a.applicability, a.suitability].forEach((c) => collect(c, out));
  manifest.policies.suppressions.forEach((s) => collect(s.when, out));
  return [...out].sort();
}
