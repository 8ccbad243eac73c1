import { z } from 'zod';
import type { ActionResult, BatchItem, ConnectorContext, DestinationAction } from '../sdk/define-connector.ts';
import { batchedAction } from '../sdk/batched-action.ts';
import { profileIdentity } from '../sdk/profile-identity.ts';
import { mapSegmentError, segmentClient } from './client.ts';
import type { SegmentSettings } from './settings.ts';

type Ctx = ConnectorContext<SegmentSettings>;

/**
 * Sends through analytics-node and waits for each message's delivery callback, so every item
 * gets its own result while the SDK batches the requests. The idempotency key is the
 * messageId: Segment drops a message it has already seen, so a retried send is seen once.
 */
async function deliver<I>(ctx: Ctx, items: BatchItem<I>[], send: (client: ReturnType<typeof segmentClient>, item: BatchItem<I>, done: (err?: unknown) => void) => void): Promise<ActionResult[]> {
  const client = segmentClient(ctx);
  const results = items.map(
    (item) =>
      new Promise<ActionResult>((resolve) => {
        send(client, item, (err) => resolve(err ? { ok: false, error: mapSegmentError(err, client) } : { ok: true, ref: item.meta.idempotencyKey }));
      }),
  );
  await client.analytics.flush();
  return Promise.all(results);
}

function action<I>(title: string, description: string, input: z.ZodType<I>, send: (client: ReturnType<typeof segmentClient>, item: BatchItem<I>, done: (err?: unknown) => void) => void): DestinationAction<SegmentSettings, unknown> {
  return batchedAction<SegmentSettings, I>(title, description, input, (ctx, items) => deliver(ctx, items, send));
}

export const segmentActions = {
  identify: action(
    'Identify',
    'Write traits (next best action, journey stage, propensity) to the profile in Segment.',
    z.object({ traits: z.record(z.string(), z.unknown()) }).strict(),
    ({ analytics }, item, done) => analytics.identify({ ...profileIdentity(item.meta), messageId: item.meta.idempotencyKey, traits: item.input.traits }, done),
  ),
  track: action(
    'Track',
    'Send an event (e.g. "Next Best Action Decided") with the explanation as properties.',
    z.object({ event: z.string().min(1), properties: z.record(z.string(), z.unknown()).default({}) }).strict(),
    ({ analytics }, item, done) =>
      analytics.track(
        { ...profileIdentity(item.meta), messageId: item.meta.idempotencyKey, event: item.input.event, properties: { ...item.input.properties, reasons: item.meta.explanation.reasons, journey: item.meta.explanation.journeyId } },
        done,
      ),
  ),
  audience: action(
    'Audience',
    'Enter or exit an audience the CDP syncs onward: a boolean trait plus an Audience Entered / Exited event.',
    z.object({ audience: z.string().min(1), member: z.boolean().default(true) }).strict(),
    ({ analytics }, item, done) => {
      const { audience, member } = item.input;
      let pending = 2;
      let failure: unknown;
      const both = (err?: unknown) => {
        failure ??= err;
        if (--pending === 0) done(failure);
      };
      analytics.identify({ ...profileIdentity(item.meta), messageId: `${item.meta.idempotencyKey}:trait`, traits: { [audience]: member } }, both);
      analytics.track({ ...profileIdentity(item.meta), messageId: `${item.meta.idempotencyKey}:event`, event: member ? 'Audience Entered' : 'Audience Exited', properties: { audience_key: audience, [audience]: member } }, both);
    },
  ),
};

