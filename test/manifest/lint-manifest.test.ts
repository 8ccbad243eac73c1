import { describe, expect, it } from 'vitest';
import { lintManifest, type LintIssue } from '../../src/manifest/lint-manifest.ts';
import type { JourneyInput } from '../../src/manifest/schema/journeys.ts';
import { Manifest, type ManifestInput } from '../../src/manifest/schema/manifest.ts';

const ENV = { HUBSPOT_TOKEN: 'pat-test' };

const ACTIONS: NonNullable<ManifestInput['actions']> = [
  { id: 'call', channel: 'task', destination: 'hubspot.createTask', params: { subject: 'Call {{ profile.traits.email }}' } },
  { id: 'note', channel: 'event', destination: 'log.record' },
];

function journey(steps: JourneyInput['steps'], patch: Partial<JourneyInput> = {}): JourneyInput {
  return { id: 'j', trigger: { type: 'event', event: 'Webinar Attended' }, start: steps[0]?.id ?? 'none', steps, ...patch };
}

function manifest(patch: Partial<ManifestInput> = {}): Manifest {
  return Manifest.parse({
    version: 1,
    name: 'lint',
    connections: { hubspot: { accessToken: { env: 'HUBSPOT_TOKEN' } } },
    actions: ACTIONS,
    journeys: [journey([{ id: 'wait', type: 'wait', duration: '1d', next: 'call' }, { id: 'call', type: 'action', action: 'call' }])],
    ...patch,
  });
}

function lint(patch: Partial<ManifestInput> = {}, options: { env?: Record<string, string | undefined>; serving?: boolean } = {}): string[] {
  return lintManifest(manifest(patch), { env: options.env ?? ENV, serving: options.serving ?? false }).map(
    (i: LintIssue) => `${i.severity === 'warning' ? 'warning: ' : ''}${i.path}: ${i.message}`,
  );
}

describe('lintManifest', () => {
  it('finds nothing wrong in a consistent manifest with its secrets set', () => {
    expect(lint()).toEqual([]);
  });

  describe('ids', () => {
    it('reports the second of two actions, journeys or steps that share an id', () => {
      const j = journey([{ id: 'a', type: 'wait', duration: '1d', next: 'b' }, { id: 'b', type: 'exit' }, { id: 'a', type: 'exit' }]);
      expect(lint({ actions: [...ACTIONS, { id: 'call', channel: 'event', destination: 'log.record' }], journeys: [j, { ...j, steps: [{ id: 'x', type: 'exit' }], start: 'x' }] })).toEqual([
        'actions[2].id: duplicate action id "call"',
        'journeys[1].id: duplicate journey id "j"',
        'journeys[0].steps[2].id: duplicate step id "a"',
      ]);
    });
  });

  describe('step references', () => {
    it('points at each field that names a step the journey does not have', () => {
      const j = journey(
        [
          { id: 'w', type: 'waitFor', condition: { event: 'Demo Booked' }, timeout: '7d', next: 'nope-1', onTimeout: 'b' },
          { id: 'b', type: 'branch', branches: [{ when: { inAudience: 'vip' }, next: 'nope-2' }], otherwise: 's' },
          { id: 's', type: 'split', paths: [{ weight: 1, next: 'end' }, { weight: 1, next: 'nope-3' }] },
          { id: 'end', type: 'exit' },
        ],
        { start: 'w' },
      );
      expect(lint({ journeys: [j] })).toEqual([
        'journeys[0].steps[0].next: unknown step "nope-1"; expected one of "w", "b", "s", "end"',
        'journeys[0].steps[1].branches[0].next: unknown step "nope-2"; expected one of "w", "b", "s", "end"',
        'journeys[0].steps[2].paths[1].next: unknown step "nope-3"; expected one of "w", "b", "s", "end"',
      ]);
    });

    it('reports an unknown start once, without calling every step unreachable', () => {
      expect(lint({ journeys: [journey([{ id: 'a', type: 'exit' }], { start: 'begin' })] })).toEqual(['journeys[0].start: unknown step "begin"; expected one of "a"']);
    });

    it('reports steps that no path from start reaches', () => {
      const j = journey([
        { id: 'a', type: 'wait', duration: '1d' },
        { id: 'orphan', type: 'action', action: 'call', next: 'orphan-2' },
        { id: 'orphan-2', type: 'exit' },
      ]);
      expect(lint({ journeys: [j] })).toEqual([
        'journeys[0].steps[1]: step "orphan" is unreachable from start "a"',
        'journeys[0].steps[2]: step "orphan-2" is unreachable from start "a"',
      ]);
    });
  });

  describe('loops', () => {
    it('refuses a cycle with no wait on it, naming its steps', () => {
      const j = journey([
        { id: 'wait', type: 'wait', duration: '1d', next: 'check' },
        { id: 'check', type: 'branch', branches: [{ when: { path: 'traits.plan', op: 'eq', value: 'pro' }, next: 'call' }], otherwise: 'note' },
        { id: 'call', type: 'action', action: 'call' },
        { id: 'note', type: 'action', action: 'note', next: 'check' },
      ]);
      expect(lint({ journeys: [j] })).toEqual(['journeys[0].steps: loop with no wait: check → note → check; add a wait or waitFor step to it']);
    });

    it('accepts a cycle that passes through a wait or a waitFor', () => {
      const viaWait = journey([
        { id: 'wait', type: 'wait', duration: '1d', next: 'note' },
        { id: 'note', type: 'action', action: 'note', next: 'wait' },
      ]);
      const viaWaitFor = journey(
        [
          { id: 'listen', type: 'waitFor', condition: { event: 'Pricing Page Viewed' }, timeout: '7d', next: 'note', onTimeout: 'end' },
          { id: 'note', type: 'action', action: 'note', next: 'listen' },
          { id: 'end', type: 'exit' },
        ],
        { id: 'k' },
      );
      expect(lint({ journeys: [viaWait, viaWaitFor] })).toEqual([]);
    });

    it('refuses a step that leads to itself', () => {
      expect(lint({ journeys: [journey([{ id: 'again', type: 'update', traits: { n: 1 }, next: 'again' }])] })).toEqual([
        'journeys[0].steps: loop with no wait: again → again; add a wait or waitFor step to it',
      ]);
    });
  });

  describe('action references', () => {
    it('reports unknown actions in action and decide steps, fallback included', () => {
      const j = journey([
        { id: 'a', type: 'action', action: 'demo', next: 'd' },
        { id: 'd', type: 'decide', candidates: ['call', 'email'], fallback: 'sms' },
      ]);
      expect(lint({ journeys: [j] })).toEqual([
        'journeys[0].steps[0].action: unknown action "demo"; expected one of "call", "note"',
        'journeys[0].steps[1].candidates[1]: unknown action "email"; expected one of "call", "note"',
        'journeys[0].steps[1].fallback: unknown action "sms"; expected one of "call", "note"',
      ]);
    });

    it('says so when the manifest has no actions at all', () => {
      expect(lint({ actions: [] })).toEqual(['journeys[0].steps[1].action: unknown action "call"; the manifest defines no actions']);
    });
  });

  describe('destinations', () => {
    it('checks the connector, its action and its connection against the catalogue', () => {
      const actions: ManifestInput['actions'] = [
        ...ACTIONS,
        { id: 'ticket', channel: 'task', destination: 'hubspot.createTicket' },
        { id: 'mc', channel: 'email', destination: 'mailchimp.send' },
        { id: 'sf', channel: 'task', destination: 'salesforce.createTask' },
      ];
      expect(lint({ actions })).toEqual([
        'actions[2].destination: hubspot has no action "createTicket"; expected one of createTask, sendEmail, addToList, removeFromList, updateContact',
        'actions[3].destination: unknown connector "mailchimp"; expected one of log, hubspot, salesforce, segment, rudderstack, webhook',
        'actions[4].destination: "salesforce.createTask" needs connections.salesforce, which is not configured',
      ]);
    });

    it('lets log actions run with no connection', () => {
      expect(lint({ connections: {}, actions: [{ id: 'call', channel: 'event', destination: 'log.record' }] })).toEqual([]);
    });
  });

  describe('templates', () => {
    it('reports a Liquid syntax error at the parameter that holds it, nested ones included', () => {
      const actions: ManifestInput['actions'] = [
        { id: 'call', channel: 'task', destination: 'hubspot.createTask', params: { subject: 'Call {{ profile.traits.email ', body: 'fine' } },
        { id: 'note', channel: 'event', destination: 'segment.identify', params: { traits: { stage: ['{% if x %}open'] } } },
      ];
      expect(lint({ actions, connections: { hubspot: { accessToken: { env: 'HUBSPOT_TOKEN' } }, segment: {} } })).toEqual([
        'actions[0].params.subject: invalid Liquid template: output "{{ profile.traits.email " not closed, line:1, col:6',
        'actions[1].params.traits.stage[0]: invalid Liquid template: tag {% if x %} not closed, line:1, col:1',
      ]);
    });

    it('refuses a filter Liquid does not know, as the dispatcher would at send time', () => {
      const actions: ManifestInput['actions'] = [{ id: 'call', channel: 'task', destination: 'hubspot.createTask', params: { subject: '{{ profile.traits.email | shout }}' } }];
      expect(lint({ actions, journeys: [] })).toEqual(['actions[0].params.subject: invalid Liquid template: undefined filter: shout, line:1, col:1']);
    });
  });

  describe('conditions', () => {
    it('reports a condition that does not compile, such as a bad regular expression', () => {
      const j = journey([{ id: 'a', type: 'exit' }], { exit: [{ path: 'traits.email', op: 'matches', value: '(' }] });
      const [issue] = lint({ journeys: [j] });
      expect(issue).toMatch(/^journeys\[0\]\.exit\[0\]: "matches" has an invalid regular expression: /);
    });
  });

  describe('time zone', () => {
    it('refuses a zone that is not in the IANA database', () => {
      expect(lint({ policies: { timeZone: 'Mars/Olympus_Mons' } })).toEqual(['policies.timeZone: unknown IANA time zone "Mars/Olympus_Mons"; expected a name like "America/New_York" or "UTC"']);
    });

    it('accepts an IANA zone', () => {
      expect(lint({ policies: { timeZone: 'America/New_York' } })).toEqual([]);
    });
  });

  describe('secrets', () => {
    const connections: ManifestInput['connections'] = {
      hubspot: { accessToken: { env: 'HUBSPOT_TOKEN' } },
      segment: { inboundWriteKeys: [{ env: 'KEY_A' }, { env: 'KEY_B' }] },
    };

    it('warns about each unset or empty variable when not serving', () => {
      expect(lint({ connections }, { env: { HUBSPOT_TOKEN: 'x', KEY_A: '' } })).toEqual([
        'warning: connections.segment.inboundWriteKeys[0]: environment variable KEY_A is not set',
        'warning: connections.segment.inboundWriteKeys[1]: environment variable KEY_B is not set',
      ]);
    });

    it('makes them errors when serving', () => {
      const issues = lintManifest(manifest({ connections }), { env: { KEY_A: 'a', KEY_B: 'b' }, serving: true });
      expect(issues).toEqual([{ path: 'connections.hubspot.accessToken', message: 'environment variable HUBSPOT_TOKEN is not set', severity: 'error' }]);
    });

    it('never puts a secret value in a message', () => {
      const issues = lintManifest(manifest({ connections, policies: { timeZone: 'Nowhere/Else' } }), { env: { HUBSPOT_TOKEN: 'pat-very-secret', KEY_A: 'key-a-secret' }, serving: true });
      expect(JSON.stringify(issues)).not.toMatch(/secret/);
      expect(issues.map((i) => i.path)).toEqual(['policies.timeZone', 'connections.segment.inboundWriteKeys[1]']);
    });
  });
});
