import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startApp, type App, type AppOptions } from '../../src/runtime/app.ts';
import { ManualClock, systemClock } from '../../src/runtime/clock/clock.ts';
import { Manifest, type ManifestInput } from '../../src/manifest/schema/manifest.ts';

export const WRITE_KEY = 'test-write-key';
export const RUDDER_KEY = 'test-rudder-key';
export const ADMIN_TOKEN = 'test-admin-token';

/** A small manifest exercising the runtime: a rep task after a wait, and an immediate email. */
export const RUNTIME_MANIFEST: ManifestInput = {
  version: 1,
  name: 'runtime test',
  connections: {
    segment: { inboundWriteKeys: [{ env: 'TEST_WRITE_KEY' }] },
    rudderstack: { inboundWriteKeys: [{ env: 'TEST_RUDDER_KEY' }] },
  },
  actions: [
    {
      id: 'demo-task',
      channel: 'task',
      destination: 'log.record',
      params: { subject: 'Call {{ traits.name | default: profile.id }} about a demo', body: 'Why now: {{ explanation.reasons | join: "; " }}' },
    },
    { id: 'welcome-email', channel: 'email', destination: 'log.record', params: { template: 'welcome' } },
  ],
  journeys: [
    {
      id: 'webinar',
      trigger: { type: 'event', event: 'Webinar Attended' },
      start: 'wait',
      steps: [
        { id: 'wait', type: 'wait', duration: '1d', next: 'task' },
        { id: 'task', type: 'action', action: 'demo-task' },
      ],
    },
    { id: 'welcome', trigger: { type: 'event', event: 'Signed Up' }, start: 'email', steps: [{ id: 'email', type: 'action', action: 'welcome-email' }] },
  ],
};

export function tempDb(): string {
  return `sqlite:${join(mkdtempSync(join(tmpdir(), 'pathwise-')), 'test.db')}`;
}

/** `manifest` is any JSON the schema accepts (test data is parsed like a manifest file). */
export async function startTestApp(overrides: Omit<Partial<AppOptions>, 'manifest'> & { manifest?: unknown; clock?: ManualClock } = {}): Promise<App & { clock: ManualClock }> {
  const clock = overrides.clock ?? new ManualClock(Date.parse('2026-03-02T15:00:00Z'));
  const app = await startApp({
    db: tempDb(),
    port: 0,
    host: '127.0.0.1',
    env: { TEST_WRITE_KEY: WRITE_KEY, TEST_RUDDER_KEY: RUDDER_KEY, PATHWISE_ADMIN_TOKEN: ADMIN_TOKEN },
    logger: pino({ level: 'silent' }),
    idleMs: { worker: 2, scheduler: 20, dispatcher: 20 },
    ...overrides,
    manifest: Manifest.parse(overrides.manifest ?? RUNTIME_MANIFEST),
    clock,
  });
  return Object.assign(app, { clock });
}

/** The system clock and a file store, the worker on its thread, as `serve` runs on three cores or more. */
export function startThreadedApp(overrides: Omit<Partial<AppOptions>, 'manifest'> & { manifest?: unknown } = {}): Promise<App> {
  return startApp({
    workerThread: true,
    db: tempDb(),
    port: 0,
    host: '127.0.0.1',
    env: { TEST_WRITE_KEY: WRITE_KEY, PATHWISE_ADMIN_TOKEN: ADMIN_TOKEN },
    logger: pino({ level: 'silent' }),
    idleMs: { worker: 2, scheduler: 20, dispatcher: 20 },
    clock: systemClock,
    ...overrides,
    manifest: Manifest.parse(overrides.manifest ?? RUNTIME_MANIFEST),
  });
}

export function basic(key: string): string {
  return `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
}

/** Polls until `check` returns true (the runtime's loops run on real timers); fails after `ms`. */
export async function eventually(check: () => Promise<boolean> | boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`condition not met within ${ms} ms`);
}
