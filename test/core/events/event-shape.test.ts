import { describe, expect, it } from 'vitest';
import { eventInOneShape, type PathwiseEvent } from '../../../src/core/events/event.ts';
import { validateEvent } from '../../../src/core/events/validate-event.ts';

const AT = Date.parse('2026-03-02T09:00:00Z');
const FIELDS = ['messageId', 'type', 'event', 'userId', 'anonymousId', 'previousId', 'groupId', 'traits', 'properties', 'context', 'record', 'identifiers', 'timestamp', 'receivedAt', 'source'];

function valid(raw: Record<string, unknown>): PathwiseEvent {
  const result = validateEvent(raw, { source: 'segment', receivedAt: AT });
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.event;
}

describe('events have one shape', () => {
  it('every valid event has every field, in one order, whatever the message carried', () => {
    const track = valid({ type: 'track', messageId: 'm1', userId: 'u1', event: 'Trial Started', properties: { plan: 'pro' } });
    const identify = valid({ type: 'identify', messageId: 'm2', anonymousId: 'a1', traits: { email: 'ann@acme.io' }, context: { ip: '10.0.0.1' } });
    const record = valid({ type: 'record', messageId: 'm3', identifiers: { hubspot: '551' }, record: { object: 'contact', id: '551', changeType: 'updated', changed: {} } });
    for (const event of [track, identify, record]) expect(Object.keys(event)).toEqual(FIELDS);
    expect(track).toMatchObject({ event: 'Trial Started', userId: 'u1', anonymousId: undefined, traits: undefined, properties: { plan: 'pro' } });
    expect(record.identifiers).toEqual({ hubspot: '551' });
  });

  it('an empty identifiers object is left out like any absent field', () => {
    expect(valid({ type: 'page', messageId: 'm4', anonymousId: 'a1', identifiers: {} }).identifiers).toBeUndefined();
  });

  it('JSON leaves the absent fields out, and the stored event read back gets its shape again', () => {
    const event = valid({ type: 'track', messageId: 'm5', userId: 'u1', event: 'Demo Booked', timestamp: '2026-03-02T08:00:00Z' });
    const text = JSON.stringify(event);
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['messageId', 'type', 'event', 'userId', 'timestamp', 'receivedAt', 'source']);
    const readBack = eventInOneShape(JSON.parse(text) as PathwiseEvent);
    expect(Object.keys(readBack)).toEqual(FIELDS);
    expect(readBack).toEqual(event);
    expect(readBack.timestamp).toBe(Date.parse('2026-03-02T08:00:00Z'));
  });
});
