import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/runtime/app.ts';
import type { ManualClock } from '../../src/runtime/clock/clock.ts';
import { basic, eventually, RUDDER_KEY, startTestApp, WRITE_KEY } from '../helpers/runtime-fixtures.ts';

let app: App & { clock: ManualClock };
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.stop();
});

async function send(path: string, body: Buffer | string, headers: Record<string, string> = {}) {
  const res = await fetch(`${app.url}${path}`, { method: 'POST', headers: { authorization: basic(WRITE_KEY), 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, body: (await res.json()) as { success: boolean; error?: string; accepted?: number; rejected?: { index: number; errors: string[] }[] } };
}

const good = (id: string) => ({ type: 'track', userId: 'u1', event: 'Signed Up', messageId: id });

describe('tracking API: bad input gets a 4xx that names what was wrong, and nothing accepted is lost', () => {
  it.each([
    ['malformed JSON', '{"batch": [', {}, 400, /^body: malformed JSON/],
    ['a body that is not an object', '[1,2]', {}, 400, /^body: expected a JSON object$/],
    ['batch that is not an array', '{"batch": {}}', {}, 400, /^batch: expected an array of messages$/],
    ['gzip header on a body that is not gzip', '{"batch": []}', { 'content-encoding': 'gzip' }, 400, /^body: Content-Encoding says gzip but the body is not gzip$/],
    ['missing write key', JSON.stringify({ batch: [good('n1')] }), { authorization: '' }, 401, /^auth: missing write key/],
    ['wrong write key', JSON.stringify({ batch: [good('n2')] }), { authorization: basic('nope') }, 401, /^auth: unknown write key$/],
    ['empty body', '', {}, 400, /^body: empty; expected JSON$/],
  ])('%s', async (_name, body, headers, status, error) => {
    const res = await send('/v1/batch', body, headers as Record<string, string>);
    expect(res.status).toBe(status);
    expect(res.body.success).toBe(false);
    expect(res.body.error).toMatch(error);
  });

  it('refuses a body over 500 KB with 413', async () => {
    const big = JSON.stringify({ batch: [{ ...good('big'), properties: { blob: 'x'.repeat(600 * 1024) } }] });
    const res = await send('/v1/batch', big);
    expect(res.status).toBe(413);
    expect(res.body.error).toBe('body: larger than 512000 bytes');
  });

  it('refuses a gzip body that inflates past 500 KB', async () => {
    const bomb = gzipSync(JSON.stringify({ batch: [{ ...good('bomb'), properties: { blob: 'x'.repeat(2 * 1024 * 1024) } }] }));
    const res = await send('/v1/batch', bomb, { 'content-encoding': 'gzip' });
    expect(res.status).toBe(413);
    expect(res.body.error).toBe('body: larger than 512000 bytes once decompressed');
  });

  it('rejects a bad message alone, with its reason, and accepts the rest', async () => {
    const res = await send(
      '/v1/batch',
      JSON.stringify({
        batch: [
          good('ok-1'),
          { type: 'track', event: 'No Identity', messageId: 'bad-1' },
          { type: 'track', userId: 42, event: ['wrong'], messageId: 'bad-2' },
          { type: 'launch', userId: 'u1', messageId: 'bad-3' },
          { ...good('big-msg'), properties: { blob: 'y'.repeat(40 * 1024) } },
          good('ok-2'),
        ],
      }),
    );
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(2);
    expect(res.body.rejected).toEqual([
      { index: 1, messageId: 'bad-1', errors: ['userId: every message needs userId or anonymousId'] },
      { index: 2, messageId: 'bad-2', errors: ['event: expected a string, got object', 'event: a track needs an event name'] },
      { index: 3, messageId: 'bad-3', errors: ['type: expected one of track, identify, page, screen, group, alias, record, got "launch"'] },
      { index: 4, errors: ['message: larger than 32768 bytes'] },
    ]);
    await eventually(async () => (await app.store.stats()).inboxPending === 0);
    const profile = await app.store.profileIdsFor(['userId:u1']);
    expect(profile.size).toBe(1);
  });

  it('answers 400 with every reason when all messages are bad', async () => {
    const res = await send('/v1/batch', JSON.stringify({ batch: [{ type: 'track', userId: 'u1', messageId: 'no-name' }] }));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ success: false, error: 'every message was rejected', rejected: [{ index: 0, errors: ['event: a track needs an event name'] }] });
  });

  it('accepts gzip whatever the Content-Type says (RudderStack), and writeKey in the body (Segment)', async () => {
    const gz = gzipSync(JSON.stringify({ batch: [good('gz-1')] }));
    const rudder = await send('/v1/batch', gz, { 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': 'gzip', authorization: basic(RUDDER_KEY) });
    expect(rudder).toEqual({ status: 200, body: { success: true, accepted: 1, duplicates: 0 } });
    const inBody = await send('/v1/batch', JSON.stringify({ batch: [good('wk-1')], writeKey: WRITE_KEY }), { authorization: '' });
    expect(inBody.status).toBe(200);
  });
});
