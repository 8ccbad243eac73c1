import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifest, parseManifestText } from '../../src/manifest/load-manifest.ts';
import { resolveSecret } from '../../src/manifest/secrets.ts';

const VALID = {
  version: 1,
  name: 'loader',
  connections: { hubspot: { accessToken: { env: 'LOADER_TOKEN' } } },
  actions: [{ id: 'note', channel: 'event', destination: 'log.record' }],
  journeys: [{ id: 'j', trigger: { type: 'event', event: 'A' }, start: 'n', steps: [{ id: 'n', type: 'action', action: 'note' }] }],
};

describe('parseManifestText', () => {
  it('returns the parsed manifest with defaults filled and the unset secrets as warnings', () => {
    const result = parseManifestText(JSON.stringify(VALID), { env: {}, serving: false });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.manifest.journeys[0]?.holdout).toBe(0);
    expect(result.manifest.policies.timeZone).toBe('UTC');
    expect(result.warnings).toEqual([{ path: 'connections.hubspot.accessToken', message: 'environment variable LOADER_TOKEN is not set', severity: 'warning' }]);
  });

  it('fails when serving with an unset secret', () => {
    expect(parseManifestText(JSON.stringify(VALID), { env: {}, serving: true })).toEqual({
      ok: false,
      issues: [{ path: 'connections.hubspot.accessToken', message: 'environment variable LOADER_TOKEN is not set', severity: 'error' }],
    });
  });

  it('names the line and column of malformed JSON in one issue', () => {
    expect(parseManifestText('{\n  "version": 1,\n  "name": "x",\n}\n', { env: {}, serving: false })).toEqual({
      ok: false,
      issues: [{ path: '(file)', message: 'malformed JSON at line 4, column 1: expected a property name after ",", got "}" (JSON allows no trailing comma)', severity: 'error' }],
    });
  });

  it('accepts a file saved with a byte-order mark', () => {
    expect(parseManifestText(`\uFEFF${JSON.stringify(VALID)}`, { env: { LOADER_TOKEN: 't' }, serving: true })).toMatchObject({ ok: true, warnings: [] });
  });

  it('reports schema problems and does not lint a manifest the schema refused', () => {
    const bad = { ...VALID, journeys: [{ ...VALID.journeys[0], start: 'nowhere', holdout: 2 }] };
    expect(parseManifestText(JSON.stringify(bad), { env: {}, serving: false })).toEqual({
      ok: false,
      issues: [{ path: 'journeys[0].holdout', message: 'expected at most 0.5, got 2', severity: 'error' }],
    });
  });

  it('returns lint errors together with the warnings', () => {
    const bad = { ...VALID, journeys: [{ ...VALID.journeys[0], start: 'nowhere' }] };
    const result = parseManifestText(JSON.stringify(bad), { env: {}, serving: false });
    expect(result.ok ? [] : result.issues.map((i) => `${i.severity} ${i.path}`)).toEqual(['error journeys[0].start', 'warning connections.hubspot.accessToken']);
  });
});

describe('loadManifest', () => {
  it('reads the file from disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pathwise-manifest-'));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(VALID));
    const result = await loadManifest(join(dir, 'manifest.json'), { env: { LOADER_TOKEN: 't' }, serving: true });
    expect(result.ok && result.manifest.name).toBe('loader');
  });

  it('reports a missing file as one issue instead of throwing', async () => {
    const path = join(tmpdir(), 'pathwise-no-such-manifest.json');
    expect(await loadManifest(path, { env: {}, serving: false })).toEqual({ ok: false, issues: [{ path: '(file)', message: `cannot read ${path}: no such file`, severity: 'error' }] });
  });
});

describe('resolveSecret', () => {
  it('returns the value of the referenced variable', () => {
    expect(resolveSecret({ env: 'HUBSPOT_ACCESS_TOKEN' }, { HUBSPOT_ACCESS_TOKEN: 'pat-123' })).toBe('pat-123');
  });

  it('throws an error that names the variable when it is unset or empty', () => {
    expect(() => resolveSecret({ env: 'HUBSPOT_ACCESS_TOKEN' }, {})).toThrow('environment variable HUBSPOT_ACCESS_TOKEN is not set');
    expect(() => resolveSecret({ env: 'HUBSPOT_ACCESS_TOKEN' }, { HUBSPOT_ACCESS_TOKEN: '' })).toThrow('environment variable HUBSPOT_ACCESS_TOKEN is not set');
  });
});
