import { describe, expect, it } from 'vitest';
import { processEvent } from '../../../src/core/engine/process-input.ts';
import { ACTION_OUTCOME_EVENT } from '../../../src/core/events/action-outcome.ts';
import type { PathwiseEvent } from '../../../src/core/events/event.ts';
import { compile, ofType, T0 } from '../../helpers/core-fixtures.ts';

const noProfiles = { profileIdFor: () => undefined, profile: () => undefined };

function outcomeEvent(properties: Record<string, unknown>): PathwiseEvent {
  return { messageId: 'o1', type: 'track', event: ACTION_OUTCOME_EVENT, identifiers: { hubspot: '51' }, properties, timestamp: T0 - 5_000, receivedAt: T0, source: 'hubspot' };
}

describe('outcomes of sent actions', () => {
  it('records the outcome a platform reports against the action key, at the time it happened', () => {
    const { profile, commands } = processEvent(compile({}), noProfiles, outcomeEvent({ actionKey: 'p1:demo:1:2', outcome: 'completed', ref: 'task-9' }), T0);
    expect(ofType(commands, 'recordOutcome')).toEqual([{ type: 'recordOutcome', profileId: profile.id, actionKey: 'p1:demo:1:2', outcome: 'completed', ref: 'task-9', source: 'hubspot', at: T0 - 5_000 }]);
  });

  it('applies a malformed outcome event as an ordinary event and records nothing', () => {
    const { commands, profile } = processEvent(compile({}), noProfiles, outcomeEvent({ outcome: 'completed' }), T0);
    expect(ofType(commands, 'recordOutcome')).toEqual([]);
    expect(profile.eventCount).toBe(1);
  });
});
