import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConnectorError } from '../../connectors/sdk/connector-error.ts';
import { defineAction, defineConnector, type ActionResult, type BatchItem, type ConnectorDefinition } from '../../connectors/sdk/define-connector.ts';
import { destinationHarness, HARNESS_T0 as T0 } from '../../connectors/sdk/test-harness.ts';
import { DEFAULT_RETRY_POLICY } from '../../src/runtime/dispatch/retry-policy.ts';


/** A destination whose answers a test scripts, recording every call. */
function scripted(answers: ((input: { to: string }) => ActionResult)[], options: { batch?: boolean } = {}) {
  const calls: { to: string; key: string }[][] = [];
  let next = 0;
  const answer = (input: { to: string }): ActionResult => (answers[Math.min(next++, answers.length - 1)] as (i: { to: string }) => ActionResult)(input);
  const definition = defineConnector({
    id: 'fake',
    name: 'Fake',
    settings: z.object({}),
    destination: {
      rateLimit: { concurrency: 2, intervalMs: 1000, intervalCap: 100 },
      actions: {
        send: defineAction<object, { to: string }>({
          title: 'Send',
          description: 'test',
          input: z.object({ to: z.string().email() }),
          async perform(_ctx, item) {
            calls.push([{ to: item.input.to, key: item.meta.idempotencyKey }]);
            return answer(item.input);
          },
          ...(options.batch
            ? {
                async performBatch(_ctx: unknown, items: BatchItem<{ to: string }>[]) {
                  calls.push(items.map((i) => ({ to: i.input.to, key: i.meta.idempotencyKey })));
                  return items.map((i) => answer(i.input));
                },
              }
            : {}),
        }),
      },
    },
  });
  return { definition: definition as ConnectorDefinition<unknown>, calls };
}

let current: Awaited<ReturnType<typeof destinationHarness>> | undefined;

async function setup(definition: ConnectorDefinition<unknown>, dryRun = false) {
  current = await destinationHarness({ connector: definition, settings: {}, secrets: {}, dryRun });
  return current;
}

async function enqueue(rows: { key: string; to: string }[], destination = 'fake.send') {
  await current?.enqueue(rows.map((r) => ({ key: r.key, destination, input: { to: r.to } })));
}

const ok = (): ActionResult => ({ ok: true, ref: 'r1' });
const fail = (kind: ConnectorError['kind'], retryAfterMs?: number) => (): ActionResult => ({ ok: false, error: new ConnectorError(kind, `${kind} failure`, retryAfterMs === undefined ? {} : { retryAfterMs }) });

describe('dispatcher', () => {
  it('sends once with the idempotency key and marks the row sent', async () => {
    const fake = scripted([ok]);
    const { store, dispatcher } = await setup(fake.definition);
    await enqueue([{ key: 'k1', to: 'a@b.io' }]);
    expect(await dispatcher.runOnce()).toBe(1);
    expect(fake.calls).toEqual([[{ to: 'a@b.io', key: 'k1' }]]);
    expect((await store.allOutbox(5))[0]).toMatchObject({ status: 'sent', attempts: 1, sentAt: T0 });
    expect(await dispatcher.runOnce()).toBe(0);
  });

  it("honours a rate limit's Retry-After, then succeeds", async () => {
    const fake = scripted([fail('rate_limit', 10_000), ok]);
    const { store, clock, dispatcher } = await setup(fake.definition);
    await enqueue([{ key: 'k1', to: 'a@b.io' }]);
    await dispatcher.runOnce();
    const [row] = await store.allOutbox(5);
    // The platform set the pace: the deferral is not a counted attempt.
    expect(row).toMatchObject({ status: 'pending', attempts: 0, availableAt: T0 + 10_000, lastError: 'rate_limit: rate_limit failure' });
    clock.advance(9_999);
    expect(await dispatcher.runOnce()).toBe(0);
    clock.advance(1);
    expect(await dispatcher.runOnce()).toBe(1);
    expect((await store.allOutbox(5))[0]).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('keeps deferring while the platform names its wait, then dead-letters a send older than maxDeferralMs', async () => {
    const day = 86_400_000;
    const fake = scripted([fail('rate_limit', day)]);
    const { store, clock, dispatcher } = await setup(fake.definition);
    await enqueue([{ key: 'k1', to: 'a@b.io' }]);
    for (let i = 0; i < 3; i++) {
      await dispatcher.runOnce();
      const [row] = await store.allOutbox(5);
      expect(row).toMatchObject({ status: 'pending', attempts: 0, availableAt: clock.now() + day });
      clock.advance(day);
    }
    await dispatcher.runOnce();
    expect((await store.allOutbox(5))[0]).toMatchObject({ status: 'dead', lastError: 'gave up after 72 h of deferrals (maxDeferralMs 72 h): rate_limit: rate_limit failure' });
  });

  it('backs off exponentially on transient errors and dead-letters after the last attempt', async () => {
    const fake = scripted([fail('transient')]);
    const { store, clock, dispatcher } = await setup(fake.definition);
    await enqueue([{ key: 'k1', to: 'a@b.io' }]);
    const delays: number[] = [];
    for (let attempt = 1; attempt <= DEFAULT_RETRY_POLICY.maxAttempts; attempt++) {
      await dispatcher.runOnce();
      const [row] = await store.allOutbox(5);
      if (row?.status === 'pending') {
        delays.push(row.availableAt - clock.now());
        clock.set(row.availableAt);
      }
    }
    // random() = 0.5 means no jitter: 1 s, 2 s, 4 s … doubling.
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 64000]);
    expect((await store.allOutbox(5))[0]).toMatchObject({ status: 'dead', attempts: 8, lastError: 'gave up after 8 attempts: transient: transient failure' });
    const letters = await store.listDeadLetters(10);
    expect(letters.map((l) => [l.kind, l.ref])).toEqual([['outbox', 'k1']]);
    expect(await store.retryDeadLetter(letters[0]?.id ?? -1)).toBe(true);
    expect((await store.allOutbox(5))[0]).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it.each([
    ['payload', 'payload: payload failure'],
    ['auth', 'auth: auth failure'],
    ['config', 'config: config failure'],
  ] as const)('does not retry a %s error', async (kind, lastError) => {
    const fake = scripted([fail(kind)]);
    const { store, dispatcher } = await setup(fake.definition);
    await enqueue([{ key: 'k1', to: 'a@b.io' }]);
    await dispatcher.runOnce();
    expect((await store.allOutbox(5))[0]).toMatchObject({ status: 'dead', attempts: 1, lastError });
  });

  it('dead-letters input that fails the action schema, naming the field, without calling the platform', async () => {
    const fake = scripted([ok]);
    const { store, dispatcher } = await setup(fake.definition);
    await enqueue([{ key: 'k1', to: 'not-an-email' }]);
    await dispatcher.runOnce();
    expect(fake.calls).toEqual([]);
    expect((await store.allOutbox(5))[0]?.lastError).toMatch(/^payload: invalid fake.send input: to: /);
  });

  it('batches where the action can and retries only the failed items', async () => {
    const fake = scripted([ok, fail('transient'), ok, ok], { batch: true });
    const { store, clock, dispatcher } = await setup(fake.definition);
    await enqueue([
      { key: 'k1', to: 'a@b.io' },
      { key: 'k2', to: 'b@b.io' },
      { key: 'k3', to: 'c@b.io' },
    ]);
    await dispatcher.runOnce();
    expect(fake.calls.map((c) => c.length)).toEqual([3]);
    expect((await store.allOutbox(5)).map((r) => [r.key, r.status])).toEqual([
      ['k1', 'sent'],
      ['k2', 'pending'],
      ['k3', 'sent'],
    ]);
    clock.advance(60_000);
    await dispatcher.runOnce();
    expect(fake.calls.at(-1)).toEqual([{ to: 'b@b.io', key: 'k2' }]);
  });

  it('in dry-run records what would be sent and calls nothing', async () => {
    const fake = scripted([ok]);
    const { store, dispatcher } = await setup(fake.definition, true);
    await enqueue([{ key: 'k1', to: 'a@b.io' }]);
    await dispatcher.runOnce();
    expect(fake.calls).toEqual([]);
    const [row] = await store.allOutbox(5);
    expect(row?.status).toBe('sent');
    expect(JSON.parse(row?.result ?? '{}')).toEqual({ ref: 'dry-run', dryRun: true, input: { to: 'a@b.io' } });
  });

  it('dead-letters a row for a destination nobody configured', async () => {
    const fake = scripted([ok]);
    const { store, dispatcher } = await setup(fake.definition);
    await enqueue([{ key: 'k1', to: 'a@b.io' }], 'hubspot.createTask');
    await dispatcher.runOnce();
    expect((await store.allOutbox(5))[0]).toMatchObject({ status: 'dead', lastError: 'config: no destination "hubspot.createTask" is configured' });
  });

  it("dates the dead letter of a row that gave up by the dispatcher's clock, not the wall clock", async () => {
    const fake = scripted([fail('payload')]);
    const { store, clock, dispatcher } = await setup(fake.definition);
    await enqueue([{ key: 'k1', to: 'a@b.io' }]);
    clock.advance(12_345);
    await dispatcher.runOnce();
    expect((await store.listDeadLetters(5)).map((l) => [l.ref, l.at])).toEqual([['k1', T0 + 12_345]]);
  });
});
