import type { Condition } from '../../src/manifest/schema/conditions.ts';
import type { Manifest } from '../../src/manifest/schema/manifest.ts';

interface Reads {
  events: Set<string>;
  traits: Set<string>;
}

function collect(condition: Condition | undefined, out: Reads): void {
  if (!condition) return;
  if ('all' in condition) condition.all.forEach((c) => collect(c, out));
  else if ('any' in condition) condition.any.forEach((c) => collect(c, out));
  else if ('not' in condition) collect(condition.not, out);
  else if ('event' in condition) {
    out.events.add(condition.event);
    collect(condition.where, out);
  } else if ('count' in condition) out.events.add(condition.count.event);
  else if ('lastSeen' in condition) out.events.add(condition.lastSeen);
  else if ('traitChanged' in condition) out.traits.add(condition.traitChanged);
  else if ('path' in condition && condition.path.startsWith('traits.')) out.traits.add(condition.path.slice('traits.'.length).split('.')[0] as string);
}

/** Every condition of the manifest, wherever it sits. */
function readsOf(manifest: Manifest): Reads {
  const out: Reads = { events: new Set(), traits: new Set() };
  for (const j of manifest.journeys) {
    if (j.trigger.type === 'event') out.events.add(j.trigger.event);
    if (j.trigger.type === 'traitChanged') out.traits.add(j.trigger.trait);
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
  return out;
}

/** Every track event the manifest listens to: what a CDP must forward for the journeys to work. */
export function eventsTheManifestNeeds(manifest: Manifest): string[] {
  return [...readsOf(manifest).events].sort();
}

/** Every profile trait a condition reads: the CRM properties whose changes Pathwise must hear about. */
export function traitsTheManifestReads(manifest: Manifest): string[] {
  return [...readsOf(manifest).traits].sort();
}
