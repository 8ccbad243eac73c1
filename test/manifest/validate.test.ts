import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { manifestJsonSchemaText } from '../../src/manifest/json-schema.ts';

function validate(file: string, env: Record<string, string> = {}, ...flags: string[]) {
  const run = spawnSync(process.execPath, ['bin/pathwise.js', 'validate', file, ...flags], { encoding: 'utf8', env: { ...process.env, FIXTURE_HUBSPOT_TOKEN: 'set', ...env } });
  return { code: run.status, lines: run.stdout.trim().split('\n') };
}

const FIXTURES = 'test/fixtures/manifests';

describe('pathwise validate', () => {
  it('accepts the example manifest, warning about unset secrets', () => {
    const { code, lines } = validate('manifest.json');
    expect(code).toBe(0);
    expect(lines[0]).toBe('✓ Acme Analytics — B2B demo: 3 journeys, 7 actions');
    expect(lines).toContain('warning: connections.hubspot.accessToken: environment variable HUBSPOT_ACCESS_TOKEN is not set');
  });

  it('makes unset secrets errors when serving', () => {
    const { code, lines } = validate(`${FIXTURES}/valid.json`, { FIXTURE_HUBSPOT_TOKEN: '' }, '--serving');
    expect(code).toBe(1);
    expect(lines).toEqual(['connections.hubspot.accessToken: environment variable FIXTURE_HUBSPOT_TOKEN is not set']);
  });

  it.each([
    ['bad-duration', ['journeys[0].steps[0].duration: expected a duration like "7d" (units: ms, s, m, h, d, w), got "7 days"']],
    ['literal-secret', ['connections.hubspot.accessToken: secrets must be an environment reference like {"env":"MY_SECRET"}, got a literal string']],
    ['unknown-step', ['journeys[0].steps[1].otherwise: unknown step "logg"', 'journeys[0].steps[3]: step "log" is unreachable from start "wait"']],
    ['unreachable-step', ['journeys[0].steps[4]: step "orphan" is unreachable from start "wait"']],
    ['loop-without-wait', ['journeys[0].steps: loop with no wait: check → log → check; add a wait or waitFor step to it']],
    ['unknown-action', ['journeys[0].steps[2].action: unknown action "demo"']],
    [
      'unknown-destination',
      [
        'actions[0].destination: hubspot has no action "createTicket"; expected one of createTask, sendEmail, addToList, removeFromList, updateContact',
        'actions[1].destination: unknown connector "mailchimp"; expected one of log, hubspot, salesforce, segment, rudderstack, webhook',
      ],
    ],
    ['bad-liquid', ['actions[0].params.subject: invalid Liquid template: output "{{ traits.email " not closed, line:1, col:6']],
    ['bad-time-zone', ['policies.timeZone: unknown IANA time zone "Mars/Olympus_Mons", e.g. "America/New_York"']],
    ['bad-condition-operator', ['journeys[0].steps[1].branches[0].when.op: expected one of "eq", "ne", "gt", "gte", "lt", "lte", "in", "nin", "contains", "startsWith", "matches"']],
    ['wrong-type-in-condition', ['journeys[0].steps[1].branches[0].when.value: expected number, received string']],
  ])('%s.json exits 1 with the expected path: message lines', (name, expected) => {
    const { code, lines } = validate(`${FIXTURES}/${name}.json`);
    expect(code).toBe(1);
    expect(lines).toEqual(expected);
  });

  it('reports malformed JSON as one line naming the file problem', () => {
    // The parser's own wording differs between Node versions; the prefix and the single line do not.
    const { code, lines } = validate(`${FIXTURES}/malformed.json`);
    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\(file\): malformed JSON: \S/);
  });

  it('prints one JSON object with --json', () => {
    const run = spawnSync(process.execPath, ['bin/pathwise.js', 'validate', `${FIXTURES}/unknown-action.json`, '--json'], { encoding: 'utf8', env: { ...process.env, FIXTURE_HUBSPOT_TOKEN: 'set' } });
    expect(JSON.parse(run.stdout)).toEqual({
      ok: false,
      issues: [{ path: 'journeys[0].steps[2].action', message: 'unknown action "demo"', severity: 'error' }],
    });
  });

  it('keeps manifest.schema.json in step with the zod schema (run `npm run schema` after changing it)', () => {
    expect(readFileSync('manifest.schema.json', 'utf8')).toBe(manifestJsonSchemaText());
  });
});
