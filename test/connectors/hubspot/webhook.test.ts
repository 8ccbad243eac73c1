import { createHash, createHmac } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../connectors/sdk/connector-error.ts';
import type { ConnectorContext, WebhookRequest } from '../../../connectors/sdk/define-connector.ts';
import { HubspotSettings } from '../../../connectors/hubspot/settings.ts';
import { hubspotWebhook } from '../../../connectors/hubspot/webhook.ts';
import { ACTION_OUTCOME_EVENT } from '../../../src/core/events/action-outcome.ts';
import { startHubspotHarness, responseOf, T0, type HubspotHarness } from './hubspot-app.ts';

// Vectors of wire-formats.md C1 (v1 is HubSpot's published example).
const SECRET = 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy';
const BODY =
  '[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]';
const URI = 'https://hooks.example.com/hubspot/webhook';
const TS = 1704067200000;
const V1 = '232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de';
const V2 = '3ba3941e6445dad3adad56e0fc740d36bdc8a132c452bf7df7af2d1920550df0';
const V3 = 'BqI49hz3dc6fO+pVtD6nTS74jGBGfFakepSdng/Zfhc=';

/** HubSpot's documented v3 algorithm, computed here without the code under test. */
const signV3 = (secret: string, uri: string, body: string, ts: number) => createHmac('sha256', secret).update(`POST${uri}${body}${ts}`, 'utf8').digest('base64');

function context(settings: Record<string, unknown> = {}, now = TS + 1_000, secrets: Record<string, string> = { clientSecret: SECRET }): ConnectorContext<HubspotSettings> {
  // An unreachable API: a delivery of contact events alone must not need HubSpot at all.
  return { settings: HubspotSettings.parse({ basePath: 'http://127.0.0.1:9', ...settings }), secrets, now: () => now, log: pino({ level: 'silent' }) };
}

function request(headers: Record<string, string>, body = BODY, url = URI): WebhookRequest {
  return { method: 'POST', url, headers, rawBody: Buffer.from(body, 'utf8') };
}

const v3Headers = (signature: string, ts = TS) => ({ 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': String(ts) });
const legacyHeaders = (signature: string, version: string) => ({ 'x-hubspot-signature': signature, 'x-hubspot-signature-version': version });

async function refusal(promise: Promise<unknown>): Promise<{ kind: string; message: string }> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ConnectorError)) throw new Error(`expected a ConnectorError, got ${String(err)}`);
  return { kind: err.kind, message: err.message };
}

describe('hubspotWebhook: signatures on the raw body', () => {
  it('accepts the published v3 vector and maps the contact creation to a record event keyed by the event', async () => {
    const result = await hubspotWebhook.handle(context(), request(v3Headers(V3)));
    expect(result).toEqual({
      events: [
        {
          type: 'record',
          messageId: 'webhook:1:12345:1564113600000:123',
          timestamp: '2019-07-26T04:00:00.000Z',
          identifiers: { hubspot: '123' },
          record: { object: 'contact', id: '123', changeType: 'created', changed: {} },
        },
      ],
    });
  });

  it('accepts a v3 signature computed independently over another body and a URI with a query', async () => {
    const body = '[{"eventId":9,"subscriptionId":7,"portalId":62515,"occurredAt":1704067100000,"subscriptionType":"contact.propertyChange","objectId":55,"propertyName":"firstname","propertyValue":"Zoë"}]';
    const uri = `${URI}?tenant=acme`;
    const result = await hubspotWebhook.handle(context(), request(v3Headers(signV3(SECRET, uri, body, TS)), body, uri));
    expect(result.events).toEqual([expect.objectContaining({ identifiers: { hubspot: '55' }, record: { object: 'contact', id: '55', changeType: 'updated', changed: { firstname: 'Zoë' } } })]);
  });

  it.each([
    ['a tampered body', request(v3Headers(V3), BODY.replace('"objectId":123', '"objectId":124')), 'signature: X-HubSpot-Signature-v3 does not match the request'],
    ['a signature made with another secret', request(v3Headers(signV3('another-secret', URI, BODY, TS))), 'signature: X-HubSpot-Signature-v3 does not match the request'],
    ['a request signed for another URL', request(v3Headers(V3), BODY, `${URI}?x=1`), 'signature: X-HubSpot-Signature-v3 does not match the request'],
    ['an unsigned request', request({}), 'signature: missing X-HubSpot-Signature-v3 header'],
  ])('refuses %s as auth, naming what was wrong', async (_name, req, reason) => {
    expect(await refusal(hubspotWebhook.handle(context(), req))).toEqual({ kind: 'auth', message: reason });
  });

  it('refuses a v3 request older than 5 minutes, even with a valid signature', async () => {
    expect(await refusal(hubspotWebhook.handle(context({}, TS + 300_001), request(v3Headers(V3))))).toEqual({ kind: 'auth', message: 'signature: request timestamp is 300001 ms old, more than 300000 ms' });
    expect((await hubspotWebhook.handle(context({}, TS + 300_000), request(v3Headers(V3)))).events).toHaveLength(1);
  });

  it('refuses the v1 and v2 vectors unless webhookSignatureVersions allows them', async () => {
    expect(await refusal(hubspotWebhook.handle(context(), request(legacyHeaders(V1, 'v1'))))).toEqual({ kind: 'auth', message: 'signature: v1 signatures are not accepted (accepted: v3)' });
    expect((await hubspotWebhook.handle(context({ webhookSignatureVersions: ['v3', 'v1'] }), request(legacyHeaders(V1, 'v1')))).events).toHaveLength(1);
    expect(await refusal(hubspotWebhook.handle(context({ webhookSignatureVersions: ['v1'] }), request(legacyHeaders(V2, 'v2'))))).toEqual({ kind: 'auth', message: 'signature: v2 signatures are not accepted (accepted: v1)' });
    expect((await hubspotWebhook.handle(context({ webhookSignatureVersions: ['v2'] }), request(legacyHeaders(V2, 'v2')))).events).toHaveLength(1);
  });

  it('refuses a tampered body under v1 too', async () => {
    const tampered = request(legacyHeaders(V1, 'v1'), BODY.replace('"NEW"', '"OLD"'));
    expect(await refusal(hubspotWebhook.handle(context({ webhookSignatureVersions: ['v1'] }), tampered))).toEqual({ kind: 'auth', message: 'signature: X-HubSpot-Signature does not match the request' });
    // An independently computed v1 over the tampered body passes: the check is on the bytes received.
    const resigned = createHash('sha256').update(`${SECRET}${BODY.replace('"NEW"', '"OLD"')}`).digest('hex');
    expect((await hubspotWebhook.handle(context({ webhookSignatureVersions: ['v1'] }), request(legacyHeaders(resigned, 'v1'), BODY.replace('"NEW"', '"OLD"')))).events).toHaveLength(1);
  });

  it('answers config (503, HubSpot retries) when the client secret is not set', async () => {
    expect(await refusal(hubspotWebhook.handle(context({}, TS + 1_000, {}), request(v3Headers(V3))))).toEqual({ kind: 'config', message: 'connections.hubspot.clientSecret is not set: webhooks cannot be verified' });
  });
});

describe('hubspotWebhook: payload', () => {
  const signed = (body: string) => request(v3Headers(signV3(SECRET, URI, body, TS)), body);

  it.each([
    ['malformed JSON', '[{"eventId":1,', /^body: malformed JSON/],
    ['an object instead of an array', '{"eventId":1}', /^body: expected a JSON array of HubSpot webhook events$/],
    ['an empty array', '[]', /^body: expected at least one event$/],
    ['an event without objectId', '[{"eventId":1,"subscriptionId":2,"portalId":62515,"occurredAt":1,"subscriptionType":"contact.creation"}]', /^body\[0\]\.objectId: /],
    ['a subscription type without a change', '[{"eventId":1,"subscriptionId":2,"portalId":62515,"occurredAt":1,"subscriptionType":"contact","objectId":3}]', /^body\[0\]\.subscriptionType: expected "<object>\.<change>"/],
  ])('refuses %s as payload, naming the problem', async (_name, body, message) => {
    const err = await refusal(hubspotWebhook.handle(context(), signed(body)));
    expect(err.kind).toBe('payload');
    expect(err.message).toMatch(message);
  });

  it('skips events from another portal when portalId is set, and says so', async () => {
    const body = BODY.replace('"portalId":62515', '"portalId":99999');
    expect(await hubspotWebhook.handle(context({ portalId: 62515 }), signed(body))).toEqual({
      events: [],
      skipped: [{ ref: 'event 1 (contact.creation 123)', reason: "portal 99999 is not this connection's portal 62515" }],
    });
    expect((await hubspotWebhook.handle(context({}), signed(body))).events).toHaveLength(1);
  });

  it('maps a contact merge to a merged record of the survivor that names the absorbed ids', async () => {
    const body = JSON.stringify([
      { eventId: 4, subscriptionId: 8, portalId: 62515, occurredAt: TS, subscriptionType: 'contact.merge', objectId: 101, changeFlag: 'MERGED', primaryObjectId: 101, mergedObjectIds: [102], newObjectId: 101, numberOfPropertiesMoved: 1 },
    ]);
    const { events } = await hubspotWebhook.handle(context(), signed(body));
    expect(events).toEqual([expect.objectContaining({ identifiers: { hubspot: '101' }, record: { object: 'contact', id: '101', changeType: 'merged', changed: {}, mergedIds: ['102'] } })]);
  });

  it('takes the email of a contact email change as an identifier, and skips what Pathwise does not read', async () => {
    const body = JSON.stringify([
      { eventId: 5, subscriptionId: 8, portalId: 62515, occurredAt: TS, subscriptionType: 'contact.propertyChange', objectId: 77, propertyName: 'email', propertyValue: 'Ann@Globex.io' },
      { eventId: 6, subscriptionId: 9, portalId: 62515, occurredAt: TS, subscriptionType: 'company.creation', objectId: 5 },
      { eventId: 7, subscriptionId: 10, portalId: 62515, occurredAt: TS, subscriptionType: 'contact.associationChange', objectId: 77 },
    ]);
    expect(await hubspotWebhook.handle(context(), signed(body))).toEqual({
      events: [expect.objectContaining({ identifiers: { hubspot: '77', email: 'Ann@Globex.io' }, record: expect.objectContaining({ changed: { email: 'Ann@Globex.io' } }) })],
      skipped: [
        { ref: 'event 6 (company.creation 5)', reason: 'company events are not read by Pathwise' },
        { ref: 'event 7 (contact.associationChange 77)', reason: 'contact.associationChange events are not read by Pathwise' },
      ],
    });
  });
});

describe('POST /webhooks/hubspot through the app, fed by the HubSpot simulator', () => {
  let h: HubspotHarness;
  beforeAll(async () => {
    h = await startHubspotHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('a contact a user creates in HubSpot becomes a profile with its HubSpot id, email, traits and owner', async () => {
    const mark = h.mark();
    const ann = h.sim.store.createAsUser('contacts', { email: 'ann@globex.io', firstname: 'Ann', company: 'Globex', hubspot_owner_id: '701' });
    const result = await h.deliverSince(mark);
    expect(result.attempts.map((a) => a.status)).toEqual([200]);
    // creation + one propertyChange per property set
    expect(responseOf(result.attempts[0])).toEqual({ success: true, accepted: 5, duplicates: 0 });
    await h.settled();
    const profile = await h.profile('hubspot', ann.id);
    expect(profile?.identities).toEqual({ hubspot: [ann.id], email: ['ann@globex.io'] });
    expect(profile?.traits).toEqual({ email: 'ann@globex.io', firstname: 'Ann', company: 'Globex', hubspot_owner_id: '701' });
    expect(profile?.owner).toBe('701');
    expect((await h.profile('email', 'ann@globex.io'))?.id).toBe(profile?.id);
  });

  it("HubSpot's redelivery of the same events (higher attemptNumber) is counted as duplicates and applied once", async () => {
    const mark = h.mark();
    const bob = h.sim.store.createAsUser('contacts', { email: 'bob@globex.io', firstname: 'Bob' });
    const events = h.sim.webhookEvents(h.sim.store.changes.all().slice(mark));
    const first = await h.sim.deliverWebhooks(h.webhookUrl, events);
    expect(responseOf(first.attempts[0])).toEqual({ success: true, accepted: 3, duplicates: 0 });
    await h.settled();
    const before = await h.profile('hubspot', bob.id);

    const again = await h.sim.deliverWebhooks(h.webhookUrl, events, { attempt: 3 });
    expect(JSON.parse(again.attempts[0]?.body ?? '[]')).toEqual(events.map((e) => ({ ...e, attemptNumber: 3 })));
    expect(responseOf(again.attempts[0])).toEqual({ success: true, accepted: 3, duplicates: 3 });
    await h.settled();
    expect((await h.profile('hubspot', bob.id))?.eventCount).toBe(before?.eventCount);
  });

  it('a request signed with another secret is refused with 401 and not retried by HubSpot', async () => {
    const mark = h.mark();
    h.sim.store.createAsUser('contacts', { email: 'eve@globex.io' });
    const result = await h.deliverSince(mark, { clientSecret: 'not-the-app-secret' });
    expect(result.attempts.map((a) => a.status)).toEqual([401]);
    expect(responseOf(result.attempts[0])).toEqual({ success: false, error: 'signature: X-HubSpot-Signature-v3 does not match the request' });
    expect(await h.profile('email', 'eve@globex.io')).toBeUndefined();
  });

  it('a stale delivery (timestamp more than 5 minutes old) is refused with 401', async () => {
    const mark = h.mark();
    h.sim.store.createAsUser('contacts', { email: 'old@globex.io' });
    const result = await h.deliverSince(mark, { now: () => T0 - 300_001 });
    expect(result.attempts.map((a) => a.status)).toEqual([401]);
    expect(responseOf(result.attempts[0])['error']).toBe('signature: request timestamp is 300001 ms old, more than 300000 ms');
  });

  it("a merge in HubSpot joins the two contacts' profiles into the survivor's", async () => {
    const mark = h.mark();
    const keep = h.sim.store.createAsUser('contacts', { email: 'kim@initech.io', firstname: 'Kim' });
    const dupe = h.sim.store.createAsUser('contacts', { email: 'kim.w@initech.io', lastname: 'Wong' });
    await h.deliverSince(mark);
    await h.settled();
    const [kept, duplicate] = [await h.profile('hubspot', keep.id), await h.profile('hubspot', dupe.id)];
    expect(kept?.id).not.toBe(duplicate?.id);

    const beforeMerge = h.mark();
    h.sim.store.mergeContacts(keep.id, dupe.id);
    const merged = await h.deliverSince(beforeMerge);
    expect(JSON.parse(merged.attempts[0]?.body ?? '[]')).toEqual([expect.objectContaining({ subscriptionType: 'contact.merge', primaryObjectId: Number(keep.id), mergedObjectIds: [Number(dupe.id)] })]);
    expect(responseOf(merged.attempts[0])).toEqual({ success: true, accepted: 1, duplicates: 0 });
    await h.settled();
    const after = await h.profile('hubspot', keep.id);
    expect((await h.profile('hubspot', dupe.id))?.id).toBe(after?.id);
    expect(after?.identities['hubspot']?.sort()).toEqual([keep.id, dupe.id].sort());
    expect(after?.identities['email']?.sort()).toEqual(['kim.w@initech.io', 'kim@initech.io']);
    expect(after?.traits).toMatchObject({ firstname: 'Kim', lastname: 'Wong' });
  });

  it("a deal change reaches its contact's profile and starts the deal journey; a deal with no contact is skipped and said so", async () => {
    const mark = h.mark();
    const cy = h.sim.store.createAsUser('contacts', { email: 'cy@hooli.io', firstname: 'Cy' });
    const deal = h.sim.store.createAsUser('deals', { dealname: 'Hooli renewal', dealstage: 'appointmentscheduled' });
    h.sim.store.associate('deals', deal.id, 'contacts', cy.id);
    const lonely = h.sim.store.createAsUser('deals', { dealname: 'Nobody', dealstage: 'appointmentscheduled' });
    await h.deliverSince(mark);
    await h.settled();

    const beforeStage = h.mark();
    h.sim.store.updateAsUser('deals', deal.id, { dealstage: 'contractsent' });
    h.sim.store.updateAsUser('deals', lonely.id, { dealstage: 'contractsent' });
    const result = await h.deliverSince(beforeStage);
    const events = JSON.parse(result.attempts[0]?.body ?? '[]') as { eventId: number }[];
    expect(responseOf(result.attempts[0])).toEqual({
      success: true,
      accepted: 1,
      duplicates: 0,
      skipped: [{ ref: `event ${events[1]?.eventId} (deal.propertyChange ${lonely.id})`, reason: `deal ${lonely.id} has no associated contact` }],
    });
    // One batched associations read for the whole delivery.
    expect(h.sim.requests.filter((r) => r.path === '/crm/v3/associations/deals/contacts/batch/read').at(-1)?.body).toEqual({ inputs: [{ id: deal.id }, { id: lonely.id }] });
    await h.settled();
    const profile = await h.profile('hubspot', cy.id);
    expect(profile?.enrollments).toEqual([expect.objectContaining({ journeyId: 'deal-moved', currentStep: 'follow-up' })]);
    expect(profile?.actions.map((a) => a.actionId)).toEqual(['call-buyer']);
  });

  it("a deal merge reaches the contact as a merged deal, its absorbed ids as HubSpot's hs_merged_object_ids (never an identity merge)", async () => {
    const mark = h.mark();
    const ida = h.sim.store.createAsUser('contacts', { email: 'ida@wonka.io' });
    const [kept, gone] = [h.sim.store.createAsUser('deals', { dealname: 'Wonka' }), h.sim.store.createAsUser('deals', { dealname: 'Wonka (dup)' })];
    h.sim.store.associate('deals', kept.id, 'contacts', ida.id);
    await h.deliverSince(mark);
    const beforeMerge = h.mark();
    h.sim.store.records.merge('deals', kept.id, gone.id, { source: 'CRM_UI' });
    const result = await h.deliverSince(beforeMerge);
    expect(responseOf(result.attempts[0])).toEqual({ success: true, accepted: 1, duplicates: 0 });
    await h.settled();
    const rows = await h.app.store.readInbox(0, 10_000);
    const merged = rows.map((r) => JSON.parse(r.payload) as { record?: { object: string; changeType: string } }).filter((e) => e.record?.object === 'deal' && e.record.changeType === 'merged');
    expect(merged).toEqual([expect.objectContaining({ identifiers: { hubspot: ida.id }, record: { object: 'deal', id: kept.id, changeType: 'merged', changed: { hs_merged_object_ids: gone.id } } })]);
  });

  it('when HubSpot cannot be read (5xx), the delivery is answered 503 with nothing committed, and HubSpot’s retry commits it whole, once', async () => {
    const mark = h.mark();
    const dee = h.sim.store.createAsUser('contacts', { email: 'dee@umbrella.io' });
    const deal = h.sim.store.createAsUser('deals', { dealname: 'Umbrella', dealstage: 'appointmentscheduled' });
    h.sim.store.associate('deals', deal.id, 'contacts', dee.id);
    const profilesBefore = (await h.app.store.stats()).profiles;
    h.sim.failNext(1, { status: 502, body: { status: 'error', message: 'Bad gateway', category: 'INTERNAL_ERROR' }, match: { path: /\/batch\/read$/ } });

    const failed = await h.deliverSince(mark, { maxAttempts: 1 });
    expect(failed.attempts.map((a) => a.status)).toEqual([503]);
    expect(responseOf(failed.attempts[0])['error']).toMatch(/^enrichment: HubSpot read deals → contacts associations failed \(502\).*; HubSpot will redeliver$/);
    await h.settled();
    // Not even the contact events of that delivery were kept.
    expect(await h.profile('hubspot', dee.id)).toBeUndefined();
    expect((await h.app.store.stats()).profiles).toBe(profilesBefore);

    const retried = await h.deliverSince(mark, { attempt: 1 });
    expect(retried.attempts.map((a) => [a.attemptNumber, a.status])).toEqual([[1, 200]]);
    expect(responseOf(retried.attempts[0])).toMatchObject({ success: true, duplicates: 0 });
    await h.settled();
    expect((await h.profile('hubspot', dee.id))?.identities['email']).toEqual(['dee@umbrella.io']);
  });

  it('a HubSpot rate limit during enrichment is answered 429 with Retry-After, and the next attempt goes through', async () => {
    const mark = h.mark();
    const fay = h.sim.store.createAsUser('contacts', { email: 'fay@acme.io' });
    const deal = h.sim.store.createAsUser('deals', { dealname: 'Acme', dealstage: 'appointmentscheduled' });
    h.sim.store.associate('deals', deal.id, 'contacts', fay.id);
    h.sim.rateLimitStorm(1);
    const result = await h.deliverSince(mark);
    expect(result.attempts.map((a) => a.status)).toEqual([429, 200]);
    expect(responseOf(result.attempts[0])['error']).toBe(
      'enrichment: HubSpot read deals → contacts associations failed (429): TEN_SECONDLY_ROLLING: You have reached your ten_secondly_rolling limit.; HubSpot will redeliver',
    );
    // HubSpot sends no Retry-After on API 429s; the ten-second window is what the connector waits for.
    expect(result.attempts[0]?.responseHeaders['retry-after']).toBe('10');
    await h.settled();
    expect((await h.profile('hubspot', fay.id))?.eventCount).toBeGreaterThan(0);
  });

  it('a completed task that Pathwise created yields an Action Outcome for the action that created it', async () => {
    const mark = h.mark();
    const gus = h.sim.store.createAsUser('contacts', { email: 'gus@pollos.io', firstname: 'Gus' });
    const deal = h.sim.store.createAsUser('deals', { dealname: 'Pollos', dealstage: 'appointmentscheduled' });
    h.sim.store.associate('deals', deal.id, 'contacts', gus.id);
    h.sim.store.updateAsUser('deals', deal.id, { dealstage: 'contractsent' });
    await h.deliverSince(mark);
    await h.settled();
    const action = (await h.profile('hubspot', gus.id))?.actions[0];
    if (!action) throw new Error('the deal journey chose no action');

    // The rep's task carries the action's key (as hubspot.createTask writes it); the rep completes it.
    const beforeTask = h.mark();
    const task = h.sim.store.createAsUser('tasks', { hs_timestamp: T0 + 86_400_000, hs_task_subject: 'Call Gus', hs_task_status: 'NOT_STARTED', pathwise_key: action.key });
    h.sim.store.associate('tasks', task.id, 'contacts', gus.id);
    h.sim.store.updateAsUser('tasks', task.id, { hs_task_status: 'COMPLETED' });
    const result = await h.deliverSince(beforeTask);
    const sent = JSON.parse(result.attempts[0]?.body ?? '[]') as { subscriptionType: string; objectTypeId?: string }[];
    expect(sent.filter((e) => e.objectTypeId === '0-27').map((e) => e.subscriptionType)).toContain('object.propertyChange');
    expect(h.sim.requests.filter((r) => r.path === '/crm/v3/objects/tasks/batch/read').at(-1)?.body).toMatchObject({ inputs: [{ id: task.id }], properties: expect.arrayContaining(['pathwise_key', 'hs_task_status']) });
    await h.settled();

    const outcomes = await h.app.store.outcomesFor([action.key]);
    expect(outcomes).toEqual([expect.objectContaining({ actionKey: action.key, outcome: 'completed', ref: task.id, source: 'hubspot' })]);
    const rows = await h.app.store.readInbox(0, 10_000);
    const outcomeRows = rows.filter((r) => (JSON.parse(r.payload) as { event?: string }).event === ACTION_OUTCOME_EVENT);
    expect(outcomeRows.map((r) => r.messageId)).toEqual([`outcome:task:${task.id}:completed`]);
  });
});
