import { Client } from '@hubspot/api-client';
import type { ConnectorContext, InstallOptions, InstallReport } from '../../sdk/define-connector.ts';
import { requestJson } from '../actions/api-request.ts';
import { hubspotApi } from '../client.ts';
import { mapHubspotError } from '../map-error.ts';
import { PATHWISE_ACTION_PROPERTY, PATHWISE_KEY_PROPERTY } from '../record-event.ts';
import type { HubspotSettings } from '../settings.ts';
import { hubspotActionsUsed, scopesFor, subscriptionsFor, type Subscription } from './manifest-needs.ts';

type Ctx = ConnectorContext<HubspotSettings>;
type Step = InstallReport['steps'][number];

function failure(err: unknown, what: string, ctx: Ctx): string {
  return mapHubspotError(err, what, ctx.now()).message;
}

/** Reads the token's scopes (OAuth tokens only: HubSpot has no such endpoint for private-app tokens). */
async function checkScopes(ctx: Ctx, options: InstallOptions): Promise<Step[]> {
  const api = hubspotApi(ctx);
  let scopes: string[];
  let hubId: number;
  try {
    const token = await api.currentToken();
    const info = await api.call('read the access token', (client) => client.oauth.accessTokensApi.get(token));
    scopes = info.scopes;
    hubId = info.hubId;
  } catch (err) {
    const message = failure(err, 'read the access token', ctx);
    if (/\(404\)/.test(message)) return [{ done: true, what: 'Token scopes: not readable for a private-app token; check the app has the scopes listed in connectors/hubspot/README.md' }];
    return [{ done: false, what: `Token: ${message}` }];
  }
  const steps: Step[] = [];
  if (ctx.settings.portalId !== undefined && ctx.settings.portalId !== hubId) {
    steps.push({ done: false, what: `Token belongs to portal ${hubId}, but connections.hubspot.portalId is ${ctx.settings.portalId}` });
  }
  for (const need of scopesFor(options.manifest, ctx.settings)) {
    const has = need.anyOf.some((s) => scopes.includes(s));
    steps.push({ done: has, what: `Scope to ${need.why}: ${has ? 'granted' : `MISSING, grant one of ${need.anyOf.join(', ')}`}` });
  }
  return steps;
}

/** Aliases name one zone: HubSpot's `US/Eastern` is `America/New_York`. */
function sameZone(a: string, b: string): boolean {
  const canonical = (zone: string) => {
    try {
      return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
    } catch {
      return zone;
    }
  };
  return canonical(a) === canonical(b);
}

/**
 * HubSpot's daily API limit resets at midnight in the account's time zone, and reps' capacity
 * counts by it: the connection should name that zone, which only the account knows.
 */
async function checkTimeZone(ctx: Ctx): Promise<Step[]> {
  let zone: unknown;
  try {
    const details = await hubspotApi(ctx).call('read the account details', (client) => requestJson(client, { method: 'GET', path: '/account-info/v3/details' }));
    zone = (details as { timeZone?: unknown } | undefined)?.timeZone;
  } catch (err) {
    return [{ done: false, what: `Account time zone: ${failure(err, 'read the account details', ctx)}` }];
  }
  if (typeof zone !== 'string' || zone === '') return [{ done: false, what: 'Account time zone: HubSpot did not say; set connections.hubspot.timeZone to the zone in Settings → Account defaults' }];
  const configured = ctx.settings.timeZone;
  if (configured !== undefined && sameZone(configured, zone)) return [{ done: true, what: `Account time zone: ${zone}, as connections.hubspot.timeZone says` }];
  return [
    {
      done: false,
      what:
        configured === undefined
          ? `Account time zone: ${zone}; set connections.hubspot.timeZone to "${zone}" so that sends refused for the daily limit wait for its midnight`
          : `Account time zone: ${zone}, but connections.hubspot.timeZone is "${configured}"; set it to "${zone}"`,
    },
  ];
}

/** The task properties that make createTask idempotent and link a completed task back to its action. */
async function ensureTaskProperties(ctx: Ctx): Promise<Step[]> {
  const api = hubspotApi(ctx);
  const wanted = [
    { name: PATHWISE_KEY_PROPERTY, label: 'Pathwise action key', hasUniqueValue: true },
    { name: PATHWISE_ACTION_PROPERTY, label: 'Pathwise action', hasUniqueValue: false },
  ];
  const steps: Step[] = [];
  for (const p of wanted) {
    try {
      await api.call('read a task property', (client) => client.crm.properties.coreApi.getByName('tasks', p.name));
      steps.push({ done: true, what: `Task property ${p.name}: already there` });
      continue;
    } catch (err) {
      if (mapHubspotError(err, 'read a task property', ctx.now()).status !== 404) {
        steps.push({ done: false, what: `Task property ${p.name}: ${failure(err, 'read a task property', ctx)}` });
        continue;
      }
    }
    try {
      await api.call('create a task property', (client) =>
        client.crm.properties.coreApi.create('tasks', { name: p.name, label: p.label, type: 'string' as never, fieldType: 'text' as never, groupName: 'task_information', hasUniqueValue: p.hasUniqueValue }),
      );
      steps.push({ done: true, what: `Task property ${p.name}: created` });
    } catch (err) {
      steps.push({ done: false, what: `Task property ${p.name}: ${failure(err, 'create a task property', ctx)}` });
    }
  }
  return steps;
}

function sameSubscription(a: Subscription, b: { eventType: string; propertyName?: string; objectTypeId?: string }): boolean {
  return a.eventType === b.eventType && (a.propertyName ?? '') === (b.propertyName ?? '') && (a.objectTypeId ?? '') === (b.objectTypeId ?? '');
}

function describe(s: Subscription): string {
  return `${s.eventType}${s.objectTypeId ? ` (${s.objectTypeId})` : ''}${s.propertyName ? ` ${s.propertyName}` : ''}`;
}

/** Points the app's webhooks at Pathwise and subscribes to what the manifest needs (developer API key). */
async function ensureWebhooks(ctx: Ctx, options: InstallOptions): Promise<Step[]> {
  const { appId } = ctx.settings;
  const developerApiKey = ctx.secrets['developerApiKey'];
  if (appId === undefined || developerApiKey === undefined) {
    return [{ done: false, what: 'Webhooks: set connections.hubspot.appId and developerApiKey to register subscriptions (or register them by hand in the app settings)' }];
  }
  const dev = new Client({ developerApiKey, basePath: ctx.settings.basePath, numberOfApiCallRetries: 0 });
  const targetUrl = `${options.publicUrl.replace(/\/$/, '')}/webhooks/hubspot`;
  const steps: Step[] = [];
  try {
    await dev.webhooks.settingsApi.configure(appId, { targetUrl, throttling: { maxConcurrentRequests: 10 } });
    steps.push({ done: true, what: `Webhook target URL: ${targetUrl}` });
    const existing = (await dev.webhooks.subscriptionsApi.getAll(appId)).results;
    for (const wanted of subscriptionsFor(options.manifest)) {
      const found = existing.find((e) => sameSubscription(wanted, e));
      if (found?.active) {
        steps.push({ done: true, what: `Subscription ${describe(wanted)}: already active` });
      } else if (found) {
        await dev.webhooks.subscriptionsApi.update(appId, Number(found.id), { active: true });
        steps.push({ done: true, what: `Subscription ${describe(wanted)}: activated` });
      } else {
        try {
          await dev.webhooks.subscriptionsApi.create(appId, { eventType: wanted.eventType as never, ...(wanted.propertyName ? { propertyName: wanted.propertyName } : {}), ...(wanted.objectTypeId ? { objectTypeId: wanted.objectTypeId } : {}), active: true });
          steps.push({ done: true, what: `Subscription ${describe(wanted)}: created` });
        } catch (err) {
          steps.push({ done: false, what: `Subscription ${describe(wanted)}: ${failure(err, 'create a webhook subscription', ctx)}` });
        }
      }
    }
  } catch (err) {
    steps.push({ done: false, what: `Webhooks: ${failure(err, 'configure webhooks', ctx)}` });
  }
  return steps;
}

/**
 * `pathwise install hubspot`: checks the token and its scopes, creates the task properties
 * Pathwise writes, and registers the webhook subscriptions the manifest needs. Running it again
 * changes nothing that is already right.
 */
export async function installHubspot(ctx: Ctx, options: InstallOptions): Promise<InstallReport> {
  const steps: Step[] = [...(await checkScopes(ctx, options)), ...(await checkTimeZone(ctx))];
  if (hubspotActionsUsed(options.manifest).has('createTask')) steps.push(...(await ensureTaskProperties(ctx)));
  steps.push(...(await ensureWebhooks(ctx, options)));
  steps.push({ done: true, what: `CRM card: in the app's settings, add a card with data fetch URL ${options.publicUrl.replace(/\/$/, '')}/hubspot/crm-card (object type: contacts)` });
  return { steps };
}
