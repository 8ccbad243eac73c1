import { describe, expect, it } from 'vitest';
import type { PathwiseEvent } from '../../../src/core/events/event.ts';
import { InMemoryEngine } from '../../../src/runtime/memory/in-memory-engine.ts';
import { compile, DAY, HOUR, T0 } from '../../helpers/core-fixtures.ts';

function ev(messageId: string, fields: Partial<PathwiseEvent>, at = T0): PathwiseEvent {
  return { messageId, type: 'track', event: 'Seen', timestamp: at, receivedAt: at, source: 'test', ...fields };
}

describe('InMemoryEngine', () => {
  it('drops a messageId already seen from the same source, but not the same id from another source', () => {
    const e = new InMemoryEngine(compile({}));
    expect(e.ingest(ev('m1', { userId: 'u1' }))).toBe(true);
    expect(e.ingest(ev('m1', { userId: 'u1' }))).toBe(false);
    expect(e.ingest(ev('m1', { userId: 'u1', source: 'hubspot' }))).toBe(true);
    expect(e.ingest(ev('m2', { userId: 'u1' }))).toBe(true);
    expect([e.duplicates, e.eventsApplied]).toEqual([1, 3]);
    expect(e.profile(e.profileIdFor('userId:u1') ?? '')?.eventCount).toBe(3);
  });

  it('no longer returns a profile once it was merged away, even if it was the last one read', () => {
    const e = new InMemoryEngine(compile({}));
    e.ingest(ev('m1', { type: 'identify', userId: 'u1' }));
    e.advanceTo(T0 + DAY);
    e.ingest(ev('m2', { type: 'identify', anonymousId: 'a2', traits: { email: 'ann@acme.io' } }, T0 + DAY));
    const survivorId = e.profileIdFor('userId:u1') ?? '';
    const absorbedId = e.profileIdFor('anonymousId:a2') ?? '';
    expect(e.profile(absorbedId)?.id).toBe(absorbedId);
    e.advanceTo(T0 + DAY + HOUR);
    e.ingest(ev('m3', { type: 'identify', userId: 'u1', traits: { email: 'ann@acme.io' } }, T0 + DAY + HOUR));
    expect(e.profile(absorbedId)).toBeUndefined();
    expect(e.profileIdOf('anonymousId', 'a2')).toBe(survivorId);
    expect(e.profile(survivorId)?.eventCount).toBe(3);
    expect([...e.profiles.keys()]).toEqual([survivorId]);
  });
});
