import type { Policies } from '../../manifest/schema/policies.ts';
import { compileCondition, type TrackedEvents } from '../conditions/compile-condition.ts';
import type { Predicate } from '../conditions/eval-context.ts';
import { durationMs } from '../time/duration.ts';
import { parseLocalTime } from './local-time.ts';

export interface CompiledPolicies {
  timeZone: string;
  timeZoneTrait: string;
  quietHours?: { startMinute: number; endMinute: number; end: { hour: number; minute: number }; channels: Set<string> };
  caps: { channel: string; max: number; perMs: number; text: string }[];
  suppressions: { id: string; test: Predicate; forMs: number; channels: string[] }[];
  consent: Map<string, { trait: string; default: boolean }>;
  /** Longest cap window: contacts older than this can be forgotten. */
  contactWindowMs: number;
}

export function compilePolicies(policies: Policies, tracked: TrackedEvents): CompiledPolicies {
  const caps = policies.frequencyCaps.map((c) => ({
    channel: c.channel,
    max: c.max,
    perMs: durationMs(c.per),
    text: `${c.channel} cap ${c.max} per ${c.per}`,
  }));
  const compiled: CompiledPolicies = {
    timeZone: policies.timeZone,
    timeZoneTrait: policies.timeZoneTrait,
    caps,
    suppressions: policies.suppressions.map((s) => ({
      id: s.id,
      test: compileCondition(s.when, tracked),
      forMs: durationMs(s.for),
      channels: s.channels,
    })),
    consent: new Map(Object.entries(policies.consent).map(([channel, rule]) => [channel, rule])),
    contactWindowMs: caps.reduce((max, c) => Math.max(max, c.perMs), 0),
  };
  if (policies.quietHours) {
    const start = parseLocalTime(policies.quietHours.start);
    const end = parseLocalTime(policies.quietHours.end);
    compiled.quietHours = {
      startMinute: start.hour * 60 + start.minute,
      endMinute: end.hour * 60 + end.minute,
      end,
      channels: new Set(policies.quietHours.channels),
    };
  }
  return compiled;
}
