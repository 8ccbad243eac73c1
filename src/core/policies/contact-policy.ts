import type { Action } from '../../manifest/schema/actions.ts';
import type { EvalContext } from '../conditions/eval-context.ts';
import type { Profile } from '../profiles/profile.ts';
import type { CompiledPolicies } from './compile-policies.ts';
import { localMinutes, nextLocalTime, profileTimeZone } from './local-time.ts';

export type PolicyVerdict = { allowed: true; sendAt: number } | { allowed: false; reason: string };

function inQuietHours(minute: number, start: number, end: number): boolean {
  // A window such as 20:00–08:00 wraps midnight.
  return start <= end ? minute >= start && minute < end : minute >= start || minute < end;
}

/**
 * Contact policy for one action and one profile at one moment: consent, suppression, frequency
 * caps, then quiet hours (which defer the send rather than drop it). The reason names the policy
 * that stopped the action, so the decision log can show it.
 */
export function checkContactPolicy(profile: Profile, action: Action, now: number, policies: CompiledPolicies): PolicyVerdict {
  const channel = action.channel;
  if (action.marketing) {
    const consent = policies.consent.get(channel);
    if (consent) {
      const value = profile.traits[consent.trait];
      const granted = value === undefined || value === null ? consent.default : value === true || value === 'true';
      if (!granted) return { allowed: false, reason: `consent: ${consent.trait} is not true` };
    }
  }
  const until = Math.max(profile.suppressedUntil[channel] ?? 0, profile.suppressedUntil['all'] ?? 0);
  if (until > now) return { allowed: false, reason: `suppressed: ${channel} until ${new Date(until).toISOString()}` };

  for (const cap of policies.caps) {
    if (cap.channel !== 'all' && cap.channel !== channel) continue;
    const from = now - cap.perMs;
    let count = 0;
    for (const contact of profile.contacts) {
      if (contact.at > from && (cap.channel === 'all' || contact.channel === channel)) count++;
    }
    if (count >= cap.max) return { allowed: false, reason: `frequency: ${cap.text} reached` };
  }

  const quiet = policies.quietHours;
  if (quiet && quiet.channels.has(channel)) {
    const zone = profileTimeZone(profile, policies.timeZoneTrait, policies.timeZone);
    if (inQuietHours(localMinutes(now, zone), quiet.startMinute, quiet.endMinute)) {
      return { allowed: true, sendAt: nextLocalTime(now, zone, quiet.end.hour, quiet.end.minute) };
    }
  }
  return { allowed: true, sendAt: now };
}

const NONE_STARTED: readonly string[] = [];

/**
 * Negative signals in the input start suppressions (e.g. a cancellation request stops email for
 * 30 days). Runs on every event: it takes the context itself (no closure) and returns a shared
 * empty list when nothing starts.
 */
export function applySuppressions(profile: Profile, ctx: EvalContext, now: number, policies: CompiledPolicies): readonly string[] {
  let started: string[] | undefined;
  for (const rule of policies.suppressions) {
    if (!rule.test(ctx)) continue;
    (started ??= []).push(rule.id);
    for (const channel of rule.channels) {
      profile.suppressedUntil[channel] = Math.max(profile.suppressedUntil[channel] ?? 0, now + rule.forMs);
    }
  }
  return started ?? NONE_STARTED;
}
