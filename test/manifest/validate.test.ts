import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const FIXTURES = 'test/fixtures/manifests';

/** The example manifest's secrets: unset in the test's environment whatever the machine has. */
const EXAMPLE_SECRETS = ['PATHWISE_WRITE_KEY', 'SEGMENT_SHARED_SECRET', 'SEGMENT_WRITE_KEY', 'RUDDERSTACK_INBOUND_WRITE_KEY', 'HUBSPOT_ACCESS_TOKEN', 'HUBSPOT_CLIENT_SECRET'];

/** Runs the real CLI, as an admin would; asynchronously, so that the cases can run side by side. */
function validate(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; lines: string[]; stderr: string }> {
  const base: Record<string, string | undefined> = { ...process.env, FIXTURE_HUBSPOT_TOKEN: 'set' };
  for (const name of EXAMPLE_SECRETS) delete base[name];
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['bin/pathwise.js', 'validate', ...args], { encoding: 'utf8', env: { ...base, ...env } }, (_err, stdout, stderr) => {
      resolve({ code: child.exitCode, stdout, lines: stdout.trimEnd().split('\n'), stderr });
    });
  });
}

describe.concurrent('pathwise validate', () => {
  it('accepts the example manifest, warning about each unset secret', async () => {
    const { code, lines, stderr } = await validate(['manifest.json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(lines).toEqual([
      '✓ Acme Analytics — B2B demo: 3 journeys, 7 actions',
      'warning: connections.segment.inboundWriteKeys[0]: environment variable PATHWISE_WRITE_KEY is not set',
      'warning: connections.segment.webhookSharedSecret: environment variable SEGMENT_SHARED_SECRET is not set',
      'warning: connections.segment.writeKey: environment variable SEGMENT_WRITE_KEY is not set',
      'warning: connections.rudderstack.inboundWriteKeys[0]: environment variable RUDDERSTACK_INBOUND_WRITE_KEY is not set',
      'warning: connections.hubspot.accessToken: environment variable HUBSPOT_ACCESS_TOKEN is not set',
      'warning: connections.hubspot.clientSecret: environment variable HUBSPOT_CLIENT_SECRET is not set',
    ]);
  });

  it('validates manifest.json when no file is named', async () => {
    const { code, lines } = await validate([]);
    expect(code).toBe(0);
    expect(lines[0]).toBe('✓ Acme Analytics — B2B demo: 3 journeys, 7 actions');
  });

  it('prints only the summary when every secret is set', async () => {
    const env = Object.fromEntries(EXAMPLE_SECRETS.map((name) => [name, 'set']));
    expect(await validate(['manifest.json', '--serving'], env)).toMatchObject({ code: 0, lines: ['✓ Acme Analytics — B2B demo: 3 journeys, 7 actions'] });
  });

  it('makes unset secrets errors with --serving', async () => {
    const { code, lines } = await validate([`${FIXTURES}/valid.json`, '--serving'], { FIXTURE_HUBSPOT_TOKEN: '' });
    expect(code).toBe(1);
    expect(lines).toEqual(['connections.hubspot.accessToken: environment variable FIXTURE_HUBSPOT_TOKEN is not set']);
  });

  it.each([
    ['bad-duration', ['journeys[0].steps[0].duration: expected a duration like "7d" (units: ms, s, m, h, d, w), got "7 days"']],
    ['literal-secret', ['connections.hubspot.accessToken: secrets must be an environment reference like {"env":"MY_SECRET"}, got a literal string']],
    ['unknown-step', ['journeys[0].steps[1].otherwise: unknown step "logg"; expected one of "wait", "check", "call", "log"', 'journeys[0].steps[3]: step "log" is unreachable from start "wait"']],
    ['unreachable-step', ['journeys[0].steps[4]: step "orphan" is unreachable from start "wait"']],
    ['loop-without-wait', ['journeys[0].steps: loop with no wait: check → log → check; add a wait or waitFor step to it']],
    ['unknown-action', ['journeys[0].steps[2].action: unknown action "demo"; expected one of "task", "note"']],
    [
      'unknown-destination',
      [
        'actions[0].destination: hubspot has no action "createTicket"; expected one of createTask, sendEmail, addToList, removeFromList, updateContact',
        'actions[1].destination: unknown connector "mailchimp"; expected one of log, hubspot, salesforce, segment, rudderstack, webhook',
      ],
    ],
    ['missing-connection', ['actions[0].destination: "salesforce.createTask" needs connections.salesforce, which is not configured']],
    ['bad-liquid', ['actions[0].params.subject: invalid Liquid template: output "{{ traits.email " not closed, line:1, col:6']],
    ['bad-time-zone', ['policies.timeZone: unknown IANA time zone "Mars/Olympus_Mons"; expected a name like "America/New_York" or "UTC"']],
    ['malformed', ['(file): malformed JSON at line 5, column 1: expected a value, got "}"']],
    [
      'bad-condition-operator',
      ['journeys[0].steps[1].branches[0].when.op: expected one of "eq", "ne", "gt", "gte", "lt", "lte", "in", "nin", "contains", "startsWith", "matches", "exists", got "equals"'],
    ],
    ['wrong-type-in-condition', ['journeys[0].steps[1].branches[0].when.value: expected a number, got "three"']],
    [
      'backtracking-pattern',
      [
        'journeys[0].steps[1].branches[0].when: "matches" pattern "^(\\\\w+\\\\s?)+@acme\\\\.io$" nests a repetition inside a repetition, which can take exponential time on some inputs (event data decides); write it without the outer repeat, e.g. "(a+)+" as "a+"',
      ],
    ],
    [
      'unknown-condition-shape',
      [
        'journeys[0].exit[0]: expected one of {path, op, value} | {path, op: "exists"} | {all} | {any} | {not} | {event} | {count, op, value} | {lastSeen, within} | {inAudience} | {traitChanged}, got keys "trait", "equals"',
      ],
    ],
    [
      'duplicate-ids',
      [
        'actions[1].id: duplicate action id "task"',
        'journeys[0].steps[3].id: duplicate step id "call"',
        'journeys[0].steps[1].otherwise: unknown step "log"; expected one of "wait", "check", "call"',
        'journeys[0].steps[3].action: unknown action "note"; expected one of "task"',
      ],
    ],
  ])('%s.json exits 1 with the expected path: message lines', async (name, expected) => {
    const { code, lines } = await validate([`${FIXTURES}/${name}.json`]);
    expect(code).toBe(1);
    expect(lines).toEqual(expected);
  });

  it('lists warnings with the errors when a manifest fails', async () => {
    const { code, lines } = await validate([`${FIXTURES}/unknown-action.json`], { FIXTURE_HUBSPOT_TOKEN: '' });
    expect(code).toBe(1);
    expect(lines).toEqual([
      'journeys[0].steps[2].action: unknown action "demo"; expected one of "task", "note"',
      'warning: connections.hubspot.accessToken: environment variable FIXTURE_HUBSPOT_TOKEN is not set',
    ]);
  });

  it('reports a file that does not exist', async () => {
    expect(await validate([`${FIXTURES}/no-such-file.json`])).toMatchObject({ code: 1, lines: [`(file): cannot read ${FIXTURES}/no-such-file.json: no such file`] });
  });

  it('prints one JSON object with --json, with the summary when valid', async () => {
    const failed = await validate([`${FIXTURES}/unknown-action.json`, '--json']);
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout)).toEqual({
      ok: false,
      issues: [{ path: 'journeys[0].steps[2].action', message: 'unknown action "demo"; expected one of "task", "note"', severity: 'error' }],
    });
    const passed = await validate([`${FIXTURES}/valid.json`, '--json']);
    expect(passed.code).toBe(0);
    expect(JSON.parse(passed.stdout)).toEqual({ ok: true, manifest: { name: 'fixture', journeys: 1, actions: 2 }, issues: [] });
  });
});
