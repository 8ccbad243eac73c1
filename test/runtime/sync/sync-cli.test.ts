import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/runtime/store/open-store.ts';
import { startHubspotSimulator, type HubspotSimulator } from '../../simulators/hubspot/index.ts';

const CONTACTS = 1_500;

interface Run {
  child: ChildProcess;
  /** Everything printed so far. */
  output(): string;
  exited: Promise<number | null>;
}

function runSync(dir: string, token: string, ...flags: string[]): Run {
  const child = spawn(process.execPath, ['bin/pathwise.js', 'sync', 'hubspot', '--manifest', join(dir, 'manifest.json'), '--db', `sqlite:${join(dir, 'p.db')}`, ...flags], {
    env: { ...process.env, HUBSPOT_TOKEN: token },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out, exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
}

/** Kills the run with SIGKILL (no chance to clean up) once it has printed a line matching `when`. */
async function killWhen(run: Run, when: RegExp): Promise<void> {
  const until = Date.now() + 20_000;
  while (!when.test(run.output())) {
    if (Date.now() > until) throw new Error(`never printed ${String(when)}:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  run.child.kill('SIGKILL');
  await run.exited;
}

/** The `after` of each contacts search the simulator answered, in order. */
function searchOffsets(sim: HubspotSimulator, from: number): string[] {
  return sim.requests
    .slice(from)
    .filter((r) => r.path === '/crm/v3/objects/contacts/search' && r.status === 200)
    .map((r) => (r.body as { after: string }).after);
}

describe('pathwise sync hubspot', () => {
  let sim: HubspotSimulator;
  let dir: string;
  let token: string;

  beforeAll(async () => {
    // Real time: the CLI's ceiling is the wall clock. Limits raised: the client still paces 4 searches/s.
    sim = await startHubspotSimulator({ rateLimits: { searchPerSecond: 1_000, burstPer10s: 100_000 } });
    const now = Date.now();
    sim.seed({ contacts: Array.from({ length: CONTACTS }, (_, i) => ({ properties: { email: `c${i}@acme.io` }, createdAt: now - 3_600_000 + i * 1_000 })) });
    token = sim.issueToken().accessToken;
    dir = mkdtempSync(join(tmpdir(), 'pathwise-sync-'));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ version: 1, name: 'cli sync', connections: { hubspot: { accessToken: { env: 'HUBSPOT_TOKEN' }, basePath: sim.url, sync: { objects: ['contacts'] } } } }));
  });
  afterAll(async () => {
    await sim.close();
  });

  async function committedEmails(): Promise<string[]> {
    const store = await openStore(`sqlite:${join(dir, 'p.db')}`);
    await store.migrate();
    try {
      return (await store.readInbox(0, 100_000)).map((r) => (JSON.parse(r.payload) as { identifiers: { email: string } }).identifiers.email);
    } finally {
      await store.close();
    }
  }

  it('killed mid-backfill, continues from the stored cursor on the next run: every contact committed once, no page read twice', async () => {
    const first = runSync(dir, token);
    await killWhen(first, /^contacts: [3-9]00\/1500 reading$/m);
    const mark = sim.requests.length;

    const second = runSync(dir, token);
    expect(await second.exited).toBe(0);

    expect(second.output()).toMatch(/^contacts: caught up, \d+ records read; \d+ new events, \d+ already in the inbox, 0 records skipped$/m);
    const emails = await committedEmails();
    expect(emails).toHaveLength(CONTACTS);
    expect(new Set(emails).size).toBe(CONTACTS);
    const resumedAt = searchOffsets(sim, mark)[0];
    // The page in flight at the kill may be read again (its events are then duplicates), no earlier one.
    expect(Number(resumedAt)).toBeGreaterThanOrEqual(300);
    expect(searchOffsets(sim, 0).length).toBeLessThanOrEqual(CONTACTS / 100 + 1);
  }, 60_000);

  it('with --backfill reads everything again, and an interrupted backfill continues rather than starting over', async () => {
    const first = runSync(dir, token, '--backfill');
    await killWhen(first, /^contacts: [3-9]00\/1500 reading$/m);
    const mark = sim.requests.length;

    const second = runSync(dir, token, '--backfill');
    expect(await second.exited).toBe(0);

    expect(Number(searchOffsets(sim, mark)[0])).toBeGreaterThanOrEqual(300);
    expect(second.output()).toMatch(/^contacts: caught up, 1500 records read; 0 new events, \d+ already in the inbox/m);
    expect(await committedEmails()).toHaveLength(CONTACTS);
  }, 60_000);

  it('refuses an unknown stream, naming the enabled ones', async () => {
    const run = runSync(dir, token, '--stream', 'tickets');
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('sync: --stream tickets: not an enabled stream of hubspot (enabled: contacts)');
  }, 30_000);
});
