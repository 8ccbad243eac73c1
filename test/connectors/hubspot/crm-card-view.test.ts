import { describe, expect, it } from 'vitest';
import { profileCard } from '../../../connectors/hubspot/crm-card/view.ts';
import type { ProfileSummary } from '../../../connectors/sdk/connector-route.ts';

const T = Date.parse('2026-03-02T15:00:00Z');

function summary(overrides: Partial<ProfileSummary> = {}): ProfileSummary {
  return { profileId: 'p1', traits: {}, journeys: [], actions: [], ...overrides };
}

const action = (status: 'pending' | 'sent' | 'dead', outcome?: string): ProfileSummary['actions'][number] => ({
  key: `k-${status}`,
  actionId: 'call',
  title: 'Call',
  destination: 'hubspot.createTask',
  status,
  createdAt: T,
  reasons: [],
  ...(outcome ? { outcome } : {}),
});

describe('profileCard', () => {
  it.each([
    ['pending', undefined, { value: 'Pending: not sent yet', optionType: 'WARNING' }, 'Not sent yet'],
    ['sent', undefined, { value: 'Sent', optionType: 'SUCCESS' }, 'None reported yet'],
    ['sent', 'completed', { value: 'Sent', optionType: 'SUCCESS' }, 'completed'],
    ['dead', undefined, { value: 'Failed: gave up sending', optionType: 'DANGER' }, 'Not sent yet'],
  ] as const)('shows a %s action (outcome %s) with its status colour and outcome', (status, outcome, shown, outcomeText) => {
    const [nba] = profileCard(summary({ actions: [action(status, outcome), action('sent', 'completed')] })).results;
    expect(nba?.properties).toEqual([
      { label: 'Status', dataType: 'STATUS', ...shown },
      { label: 'Why', dataType: 'STRING', value: 'No reason recorded' },
      { label: 'Chosen', dataType: 'DATETIME', value: T },
      { label: 'Outcome', dataType: 'STRING', value: outcomeText },
    ]);
  });

  it('keeps to the five results HubSpot shows, the most recently entered journeys first', () => {
    const journeys = [1, 2, 3, 4, 5, 6].map((n) => ({ journeyId: `j${n}`, journeyName: `Journey ${n}`, stepId: 's', enteredAt: T + n }));
    const card = profileCard(summary({ actions: [action('sent')], journeys }));
    expect(card.results.map((r) => [r.objectId, r.title])).toEqual([
      [1, 'Next best action: Call'],
      [2, 'Journey: Journey 6'],
      [3, 'Journey: Journey 5'],
      [4, 'Journey: Journey 4'],
      [5, 'Journey: Journey 3'],
    ]);
  });

  it('says so when Pathwise knows the person but has chosen nothing and enrolled them nowhere', () => {
    expect(profileCard(summary()).results).toEqual([
      { objectId: 1, title: 'No journey or action yet', properties: [{ label: 'Status', dataType: 'STATUS', value: 'Known to Pathwise, nothing chosen yet', optionType: 'DEFAULT' }] },
    ]);
  });
});
