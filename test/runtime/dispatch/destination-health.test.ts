import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../connectors/sdk/connector-error.ts';
import { DestinationHealth } from '../../../src/runtime/dispatch/destination-health.ts';

const T0 = Date.parse('2026-03-02T15:00:00Z');

describe('DestinationHealth', () => {
  it('turns a connector failing on its first auth dead letter, says so once, and back to ok on the next send that goes through', () => {
    const health = new DestinationHealth();
    expect(health.record('hubspot.createTask', 'sent', T0)).toBe(false);
    expect(health.record('hubspot.createTask', 'dead', T0 + 1, new ConnectorError('auth', 'token revoked'))).toBe(true);
    expect(health.record('hubspot.sendEmail', 'dead', T0 + 2, new ConnectorError('auth', 'token revoked'))).toBe(false);
    expect(health.statuses()).toEqual([
      {
        connector: 'hubspot',
        state: 'failing',
        sent: 1,
        retried: 0,
        deadLettered: 2,
        lastSentAt: '2026-03-02T15:00:00.000Z',
        failingSince: '2026-03-02T15:00:00.001Z',
        lastError: { kind: 'auth', message: 'token revoked', action: 'hubspot.sendEmail', at: '2026-03-02T15:00:00.002Z' },
      },
    ]);
    expect(health.record('hubspot.createTask', 'sent', T0 + 3)).toBe(false);
    expect(health.statuses()[0]).toMatchObject({ state: 'ok', sent: 2, lastSentAt: '2026-03-02T15:00:00.003Z', lastError: { kind: 'auth' } });
    expect(health.statuses()[0]).not.toHaveProperty('failingSince');
    expect(health.record('hubspot.createTask', 'dead', T0 + 4, new ConnectorError('config', 'clientSecret is not set'))).toBe(true);
  });

  it.each([
    ['a transient failure being retried', 'retry', new ConnectorError('transient', '503'), 'retrying'],
    ['a rate limit being waited out', 'retry', new ConnectorError('rate_limit', '429', { retryAfterMs: 10_000 }), 'retrying'],
    ['an item refused for its own content', 'dead', new ConnectorError('payload', 'bad email'), 'ok'],
    ['a platform down past every retry', 'dead', new ConnectorError('transient', 'gave up'), 'failing'],
  ] as const)('counts %s as %s', (_what, outcome, error, state) => {
    const health = new DestinationHealth();
    health.record('segment.track', outcome, T0, error);
    expect(health.statuses()).toMatchObject([{ connector: 'segment', state, lastError: { kind: error.kind, action: 'segment.track' } }]);
  });

  it('keeps a failing connector failing through later retries, and separates connectors', () => {
    const health = new DestinationHealth();
    health.record('hubspot.createTask', 'dead', T0, new ConnectorError('auth', 'revoked'));
    health.record('hubspot.createTask', 'retry', T0 + 1, new ConnectorError('transient', '502'));
    health.record('segment.track', 'sent', T0 + 2);
    expect(health.statuses().map((s) => [s.connector, s.state, s.retried])).toEqual([
      ['hubspot', 'failing', 1],
      ['segment', 'ok', 0],
    ]);
  });
});
