import type { Command } from '../../src/core/commands.ts';
import { compileManifest, type CompileOptions } from '../../src/core/engine/compile-manifest.ts';
import type { CompiledManifest } from '../../src/core/engine/compiled-manifest.ts';
import type { JsonObject, PathwiseEvent } from '../../src/core/events/event.ts';
import { emptyProfile, type Profile } from '../../src/core/profiles/profile.ts';
import { Manifest, type ManifestInput } from '../../src/manifest/schema/manifest.ts';

export const T0 = Date.parse('2026-03-02T15:00:00Z'); // a Monday, 10:00 in New York
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** Compiles a manifest written as test data; sections left out take their schema defaults. */
export function compile(input: Partial<ManifestInput>, options?: CompileOptions): CompiledManifest {
  return compileManifest(Manifest.parse({ version: 1, name: 'test', ...input }), options);
}

export function profileWith(traits: JsonObject = {}, id = 'p1'): Profile {
  const profile = emptyProfile(id, T0);
  profile.traits = { ...traits };
  profile.identifiers = { userId: [id] };
  return profile;
}

let seq = 0;
export function track(event: string, at: number, properties: JsonObject = {}, extra: Partial<PathwiseEvent> = {}): PathwiseEvent {
  seq++;
  return { messageId: `m${seq}`, type: 'track', event, userId: 'p1', properties, timestamp: at, receivedAt: at, source: 'test', ...extra };
}

export function ofType<K extends Command['type']>(commands: readonly Command[], type: K): Extract<Command, { type: K }>[] {
  return commands.filter((c): c is Extract<Command, { type: K }> => c.type === type);
}

export const NO_CHANGE = { traitsChanged: {}, audiencesEntered: [] };
