import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySegmentSignature } from '../../../connectors/segment/verify-signature.ts';
import type { App } from '../../../src/runtime/app.ts';
import type { ManualClock } from '../../../src/runtime/clock/clock.ts';
import { ADMIN_TOKEN, eventually, RUNTIME_MANIFEST, startTestApp } from '../../helpers/runtime-fixtures.ts';

const SECRET = 'abc123';
const RUDDER_SECRET = 'rudder-webhook-secret';

describe('Segment X-Signature', () => {
  const body = '{"type":"track","userId":"u1","event":"Order Completed","properties":{"revenue":42}}';

  it('matches the documented vector', () => {
    expect(verifySegmentSignature(Buffer.from(body), 'c2532ff8e80a42c736959b280b62b47cbe64d9f9', SECRET)).toEqual({ ok: true });
  });

  it.each([
    ['a tampered body', body.replace('42', '43'), createHmac('sha1', SECRET).update(body).digest('hex'), 'signature: X-Signature does not match the body'],
    ['a wrong secret', body, createHmac('sha1', 'other').update(body).digest('hex'), 'signature: X-Signature does not match the body'],
    ['a missing header', body, undefined, 'signature: missing X-Signature header'],
    ['a malformed header', body, 'sha1=abc', 'signature: X-Signature is not a hex SHA-1 HMAC'],
  ])('refuses %s', (_name, sent, header, reason) => {
    expect(verifySegmentSignature(Buffer.from(sent), header, SECRET)).toEqual({ ok: false, reason });
  });

  it('verifies an Actions batch against its first event only', () => {
    const events = [{ type: 'track', userId: 'u1', event: 'A' }, { type: 'track', userId: 'u2', event: 'B' }];
    const signature = createHmac('sha1', SECRET).update(JSON.stringify(events[0])).digest('hex');
    expect(verifySegmentSignature(Buffer.from(JSON.stringify(events)), signature, SECRET)).toEqual({ ok: true });
  });
});

describe('POST /webhooks/segment and /webhooks/rudderstack', () => {
  let app: App & { clock: ManualClock };
  beforeAll(async () => {
    app = await startTestApp({
      manifest: {
        ...RUNTIME_MANIFEST,
        connections: {
          segment: { webhookSharedSecret: { env: 'SEGMENT_SECRET' }, inboundWriteKeys: [] },
          rudderstack: { webhookSecret: { env: 'RUDDER_SECRET' }, inboundWriteKeys: [] },
        },
        journeys: [
          ...(RUNTIME_MANIFEST.journeys ?? []),
          { id: 'high-value', trigger: { type: 'audienceEntered', audience: 'high_value_users' }, start: 'task', steps: [{ id: 'task', type: 'action', action: 'demo-task' }] },
        ],
      },
      env: { SEGMENT_SECRET: SECRET, RUDDER_SECRET, PATHWISE_ADMIN_TOKEN: ADMIN_TOKEN },
    });
  });
  afterAll(async () => {
    await app.stop();
  });

  async function post(path: string, body: string, headers: Record<string, string>) {
    const res = await fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }
  const sign = (text: string) => createHmac('sha1', SECRET).update(text).digest('hex');

  it('accepts a signed Engage audience event and enrolls the profile in the audience journey', async () => {
    const event = JSON.stringify({
      type: 'track',
      event: 'Audience Entered',
      userId: 'u-eng',
      messageId: 'personas_1',
      context: { personas: { computation_class: 'audience', computation_key: 'high_value_users' } },
      properties: { audience_key: 'high_value_users', high_value_users: true },
    });
    expect(await post('/webhooks/segment', event, { 'x-signature': sign(event) })).toEqual({ status: 200, body: { success: true, accepted: 1, duplicates: 0 } });
    await eventually(async () => (await app.store.stats()).inboxPending === 0);
    const res = await fetch(`${app.url}/api/profiles?userId=u-eng`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const profile = (await res.json()) as { audiences: Record<string, unknown>; enrollments: { journeyId: string }[]; actions: { actionId: string }[] };
    expect(Object.keys(profile.audiences)).toEqual(['high_value_users']);
    expect(profile.enrollments.map((e) => e.journeyId)).toEqual(['high-value']);
    expect(profile.actions.map((a) => a.actionId)).toEqual(['demo-task']);
  });

  it('accepts an Actions batch signed over its first event, and dedupes a redelivery', async () => {
    const events = [
      { type: 'identify', userId: 'u-b1', messageId: 'wb-1', traits: { plan: 'pro' } },
      { type: 'track', userId: 'u-b2', messageId: 'wb-2', event: 'Signed Up' },
    ];
    const body = JSON.stringify(events);
    const headers = { 'x-signature': sign(JSON.stringify(events[0])) };
    expect((await post('/webhooks/segment', body, headers)).body).toMatchObject({ accepted: 2, duplicates: 0 });
    expect((await post('/webhooks/segment', body, headers)).body).toMatchObject({ accepted: 2, duplicates: 2 });
  });

  it.each([
    ['unsigned', {}, 401, 'signature: missing X-Signature header'],
    ['wrongly signed', { 'x-signature': createHmac('sha1', 'wrong').update('x').digest('hex') }, 401, 'signature: X-Signature does not match the body'],
  ])('refuses an %s request with 401', async (_name, headers, status, error) => {
    const res = await post('/webhooks/segment', JSON.stringify({ type: 'track', userId: 'u1', event: 'X' }), headers as Record<string, string>);
    expect(res).toEqual({ status, body: { success: false, error } });
  });

  it('RudderStack webhook: the shared-secret header admits, its absence or a wrong value is 401', async () => {
    const body = JSON.stringify([{ type: 'track', userId: 'u-r', messageId: 'r-1', event: 'Signed Up' }]);
    expect((await post('/webhooks/rudderstack', body, { 'x-pathwise-secret': RUDDER_SECRET })).body).toMatchObject({ success: true, accepted: 1 });
    expect(await post('/webhooks/rudderstack', body, {})).toEqual({ status: 401, body: { success: false, error: 'auth: missing x-pathwise-secret header' } });
    expect(await post('/webhooks/rudderstack', body, { 'x-pathwise-secret': 'nope' })).toEqual({ status: 401, body: { success: false, error: 'auth: wrong x-pathwise-secret header' } });
  });

  it('a signed but malformed body is a 400 that says so', async () => {
    const body = '{"type": "track",';
    const res = await post('/webhooks/segment', body, { 'x-signature': sign(body) });
    expect(res.status).toBe(400);
    expect(res.body['error']).toMatch(/^body: malformed JSON/);
  });
});

describe('pathwise connectors', () => {
  it('lists every connector with its settings, webhooks and actions', async () => {
    const { execFileSync } = await import('node:child_process');
    const list = JSON.parse(execFileSync(process.execPath, ['bin/pathwise.js', 'connectors', '--json'], { encoding: 'utf8' })) as { id: string; built: boolean; webhooks: string[]; settings: { key: string }[]; actions: { id: string; implemented: boolean }[] }[];
    expect(list.map((c) => c.id)).toEqual(['log', 'hubspot', 'salesforce', 'segment', 'rudderstack', 'webhook']);
    const segment = list.find((c) => c.id === 'segment');
    expect(segment?.webhooks).toEqual(['POST /webhooks/segment']);
    expect(segment?.settings.map((s) => s.key)).toEqual(['inboundWriteKeys', 'webhookSharedSecret', 'writeKey', 'host', 'dryRun']);
    expect(list.find((c) => c.id === 'log')?.actions).toEqual([{ id: 'log.record', implemented: true, description: 'Keep the rendered action in the outbox; send nothing.' }]);
  });
});

describe('pathwise install', () => {
  it('prints what to configure in Segment and fails while a secret is unset', async () => {
    const { spawnSync } = await import('node:child_process');
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, ['bin/pathwise.js', 'install', 'segment', '--public-url', 'https://pw.acme.io/'], { encoding: 'utf8', env: { ...process.env, PATHWISE_WRITE_KEY: '', SEGMENT_SHARED_SECRET: '', SEGMENT_WRITE_KEY: '', ...env } });
    const missing = run({});
    expect(missing.status).toBe(1);
    expect(missing.stdout).toContain('✗ In Segment, add a "Webhooks (Actions)" destination to your source: URL https://pw.acme.io/webhooks/segment, method POST, shared secret = the value of: $SEGMENT_SHARED_SECRET is NOT set');
    expect(missing.stdout).toContain('Forward these events (the journeys listen to them): Cancellation Requested, Demo Booked, Feature Activated, Pricing Page Viewed, Renewal Signed, Subscription Started, Trial Started, Usage Dropped, Webinar Attended');
    const ready = run({ PATHWISE_WRITE_KEY: 'k', SEGMENT_SHARED_SECRET: 's', SEGMENT_WRITE_KEY: 'w' });
    expect(ready.status).toBe(0);
    expect(ready.stdout).not.toContain('✗');
    expect(ready.stdout).not.toMatch(/\bk\b.*is set|=\s*s\b/);
  });
});
