import { notFound, validationError } from '../errors.ts';
import type { Route, RouteContext } from '../router.ts';
import type { WebhookSubscription } from '../webhook-config.ts';
import { asArray, asRecord, isoOf, requireParam, type RouteDeps } from './route-deps.ts';

const OBJECTS = ['company', 'contact', 'deal', 'ticket', 'line_item', 'product'];
const ACTIONS = ['creation', 'deletion', 'propertyChange', 'merge', 'restore', 'associationChange'];

/** `SubscriptionCreateRequest.eventType` values [wire-formats.md C1, from the spec's enum]. */
export const WEBHOOK_EVENT_TYPES: readonly string[] = [
  ...OBJECTS.flatMap((o) => ACTIONS.filter((a) => !(o === 'product' && a === 'associationChange')).map((a) => `${o}.${a}`)),
  'contact.privacyDeletion',
  ...['creation', 'deletion', 'newMessage', 'privacyDeletion', 'propertyChange'].map((a) => `conversation.${a}`),
  ...ACTIONS.map((a) => `object.${a}`),
  'event.completed',
];

function subscriptionView(s: WebhookSubscription) {
  return {
    id: s.id,
    eventType: s.eventType,
    ...(s.propertyName ? { propertyName: s.propertyName } : {}),
    ...(s.objectTypeId ? { objectTypeId: s.objectTypeId } : {}),
    active: s.active,
    createdAt: isoOf(s.createdAt),
    updatedAt: isoOf(s.updatedAt),
  };
}

/** Webhooks v3 management API, authenticated with the developer API key (`?hapikey=`). */
export function webhookApiRoutes(deps: RouteDeps): Route[] {
  const appIdOf = (ctx: RouteContext) => {
    const appId = Number(requireParam(ctx.params, 'appId'));
    if (!Number.isInteger(appId)) throw notFound('App not found');
    return appId;
  };
  const subscriptionOf = (ctx: RouteContext) => {
    const sub = deps.store.webhooks.get(appIdOf(ctx), requireParam(ctx.params, 'subscriptionId'));
    if (!sub) throw notFound(`Subscription ${ctx.params.subscriptionId ?? ''} not found`);
    return sub;
  };

  return [
    {
      method: 'GET',
      pattern: '/webhooks/v3/:appId/settings',
      auth: 'hapikey',
      handler: (ctx) => {
        const s = deps.store.webhooks.settings.get(appIdOf(ctx));
        if (!s) throw notFound('No webhook settings for this app');
        return { status: 200, body: { targetUrl: s.targetUrl, throttling: { maxConcurrentRequests: s.maxConcurrentRequests }, createdAt: isoOf(s.createdAt), updatedAt: isoOf(s.updatedAt) } };
      },
    },
    {
      method: 'PUT',
      pattern: '/webhooks/v3/:appId/settings',
      auth: 'hapikey',
      handler: (ctx) => {
        const appId = appIdOf(ctx);
        const body = asRecord(ctx.body, 'body');
        const targetUrl = typeof body.targetUrl === 'string' ? body.targetUrl : '';
        let parsed: URL;
        try {
          parsed = new URL(targetUrl);
        } catch {
          throw validationError(`targetUrl is not a valid URL: ${targetUrl}`);
        }
        if (deps.requireHttpsTargetUrl && parsed.protocol !== 'https:') throw validationError('targetUrl must use https');
        const throttling = body.throttling === undefined ? {} : asRecord(body.throttling, 'throttling');
        const maxConcurrentRequests = Number(throttling.maxConcurrentRequests ?? 10);
        if (!Number.isInteger(maxConcurrentRequests) || maxConcurrentRequests < 5) throw validationError('throttling.maxConcurrentRequests must be at least 5');
        const now = deps.clock.now();
        const previous = deps.store.webhooks.settings.get(appId);
        const s = { targetUrl, maxConcurrentRequests, createdAt: previous?.createdAt ?? now, updatedAt: now };
        deps.store.webhooks.settings.set(appId, s);
        return { status: 200, body: { targetUrl, throttling: { maxConcurrentRequests }, createdAt: isoOf(s.createdAt), updatedAt: isoOf(s.updatedAt) } };
      },
    },
    {
      method: 'DELETE',
      pattern: '/webhooks/v3/:appId/settings',
      auth: 'hapikey',
      handler: (ctx) => {
        deps.store.webhooks.settings.delete(appIdOf(ctx));
        return { status: 204 };
      },
    },
    {
      method: 'GET',
      pattern: '/webhooks/v3/:appId/subscriptions',
      auth: 'hapikey',
      handler: (ctx) => ({ status: 200, body: { results: deps.store.webhooks.subscriptions(appIdOf(ctx)).map(subscriptionView) } }),
    },
    {
      method: 'POST',
      pattern: '/webhooks/v3/:appId/subscriptions',
      auth: 'hapikey',
      handler: (ctx) => {
        const appId = appIdOf(ctx);
        const body = asRecord(ctx.body, 'body');
        const eventType = typeof body.eventType === 'string' ? body.eventType : '';
        if (!WEBHOOK_EVENT_TYPES.includes(eventType)) throw validationError(`Unknown eventType ${eventType}`);
        const propertyName = typeof body.propertyName === 'string' ? body.propertyName : undefined;
        if (eventType.endsWith('.propertyChange') && !propertyName) throw validationError(`propertyName is required for ${eventType}`);
        const objectTypeId = typeof body.objectTypeId === 'string' ? body.objectTypeId : undefined;
        const now = deps.clock.now();
        const sub = deps.store.webhooks.subscribe({
          appId,
          eventType,
          ...(propertyName ? { propertyName } : {}),
          ...(objectTypeId ? { objectTypeId } : {}),
          active: body.active === true,
          createdAt: now,
          updatedAt: now,
        });
        return { status: 201, body: subscriptionView(sub) };
      },
    },
    {
      method: 'POST',
      pattern: '/webhooks/v3/:appId/subscriptions/batch/update',
      auth: 'hapikey',
      handler: (ctx) => {
        const startedAt = deps.clock.now();
        const appId = appIdOf(ctx);
        const results: unknown[] = [];
        for (const raw of asArray(asRecord(ctx.body, 'body').inputs, 'inputs')) {
          const input = asRecord(raw, 'inputs[]');
          const sub = deps.store.webhooks.get(appId, String(input.id ?? ''));
          if (!sub) throw notFound(`Subscription ${String(input.id)} not found`);
          sub.active = input.active === true;
          sub.updatedAt = deps.clock.now();
          results.push(subscriptionView(sub));
        }
        return { status: 200, body: { status: 'COMPLETE', results, startedAt: isoOf(startedAt), completedAt: isoOf(deps.clock.now()) } };
      },
    },
    {
      method: 'GET',
      pattern: '/webhooks/v3/:appId/subscriptions/:subscriptionId',
      auth: 'hapikey',
      handler: (ctx) => ({ status: 200, body: subscriptionView(subscriptionOf(ctx)) }),
    },
    {
      method: 'PATCH',
      pattern: '/webhooks/v3/:appId/subscriptions/:subscriptionId',
      auth: 'hapikey',
      handler: (ctx) => {
        const sub = subscriptionOf(ctx);
        const body = asRecord(ctx.body, 'body');
        if (typeof body.active === 'boolean') sub.active = body.active;
        sub.updatedAt = deps.clock.now();
        return { status: 200, body: subscriptionView(sub) };
      },
    },
    {
      method: 'DELETE',
      pattern: '/webhooks/v3/:appId/subscriptions/:subscriptionId',
      auth: 'hapikey',
      handler: (ctx) => {
        deps.store.webhooks.remove(appIdOf(ctx), subscriptionOf(ctx).id);
        return { status: 204 };
      },
    },
  ];
}
