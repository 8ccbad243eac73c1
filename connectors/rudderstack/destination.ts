import { z } from 'zod';
import type { ActionResult, BatchItem, ConnectorContext, DestinationAction } from '../sdk/define-connector.ts';
import { batchedAction } from '../sdk/batched-action.ts';
import { profileIdentity } from '../sdk/profile-identity.ts';
import { mapRudderError, rudderClient } from './client.ts';
import type { RudderstackSettings } from './settings.ts';

type Ctx = ConnectorContext<RudderstackSettings>;
type Client = ReturnType<typeof rudderClient>;
type Done = (err?: unknown) => void;

/**
 * rudder-sdk-node keeps a caller's messageId (its enqueue only mints one when absent) but its
 * typings omit the field and type values as `apiObject`; our values come from JSON, so they fit.
 */
function enqueue(client: Client, type: 'identify' | 'track', message: Record<string, unknown>, done: Done): void {
  (client[type] as (message: unknown, callback: Done) => void).call(client, message, done);
}

/** Enqueues every item, flushes once, and resolves each item from its own callback. */
async function deliver<I>(ctx: Ctx, items: BatchItem<I>[], send: (client: Client, item: BatchItem<I>, done: Done) => void): Promise<ActionResult[]> {
  const client = rudderClient(ctx);
  const results = items.map(
    (item) =>
      new Promise<ActionResult>((resolve) => {
        send(client, item, (err) => resolve(err ? { ok: false, error: mapRudderError(err, ctx.now()) } : { ok: true, ref: item.meta.idempotencyKey }));
      }),
  );
  client.flush();
  return Promise.all(results);
}

function action<I>(title: string, description: string, input: z.ZodType<I>, send: (client: Client, item: BatchItem<I>, done: Done) => void): DestinationAction<RudderstackSettings, unknown> {
  return batchedAction<RudderstackSettings, I>(title, description, input, (ctx, items) => deliver(ctx, items, send));
}

export const rudderstackActions = {
  identify: action('Identify', 'Write traits (next best action, journey stage, propensity) to the RudderStack profile.', z.object({ traits: z.record(z.string(), z.unknown()) }).strict(), (client, item, done) =>
    enqueue(client, 'identify', { ...profileIdentity(item.meta), messageId: item.meta.idempotencyKey, traits: item.input.traits }, done),
  ),
  track: action(
    'Track',
    'Send an event with the explanation as properties.',
    z.object({ event: z.string().min(1), properties: z.record(z.string(), z.unknown()).default({}) }).strict(),
    (client, item, done) =>
      enqueue(client, 'track', { ...profileIdentity(item.meta), messageId: item.meta.idempotencyKey, event: item.input.event, properties: { ...item.input.properties, reasons: item.meta.explanation.reasons, journey: item.meta.explanation.journeyId } }, done),
  ),
  audience: action(
    'Audience',
    'Enter or exit an audience: a boolean trait plus an Audience Entered / Exited event.',
    z.object({ audience: z.string().min(1), member: z.boolean().default(true) }).strict(),
    (client, item, done) => {
      const { audience, member } = item.input;
      let pending = 2;
      let failure: unknown;
      const both: Done = (err) => {
        failure ??= err;
        if (--pending === 0) done(failure);
      };
      enqueue(client, 'identify', { ...profileIdentity(item.meta), messageId: `${item.meta.idempotencyKey}:trait`, traits: { [audience]: member } }, both);
      enqueue(client, 'track', { ...profileIdentity(item.meta), messageId: `${item.meta.idempotencyKey}:event`, event: member ? 'Audience Entered' : 'Audience Exited', properties: { audience_key: audience, [audience]: member } }, both);
    },
  ),
};
