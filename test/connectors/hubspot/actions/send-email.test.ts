import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hubspotActionHarness, type HubspotActionHarness } from './hubspot-action-harness.ts';

let t: HubspotActionHarness;

beforeEach(async () => {
  t = await hubspotActionHarness({ settings: { emails: { 'webinar-recording': 555, 'trial-day-1': 777 } } });
  t.sim.seed({
    contacts: [{ id: '51', properties: { email: 'ada@example.com' } }],
    emailTemplates: [
      { id: 555, kind: 'transactional' },
      { id: 777, kind: 'marketing' },
    ],
  });
});
afterEach(async () => {
  await t.close();
});

const sendRequests = () => t.sim.requests.filter((r) => r.path.includes('/single-email/send') || r.path.includes('/single-send'));

describe('hubspot.sendEmail', () => {
  it('sends the named transactional email with the idempotency key as sendId and records HubSpot’s status', async () => {
    await t.enqueue([{ key: 'k-mail', destination: 'hubspot.sendEmail', input: { emailId: 'webinar-recording', to: 'ada@example.com', contactProperties: { firstname: 'Ada' } } }]);
    await t.h.dispatcher.runOnce();
    expect(t.sim.store.emails.sent()).toEqual([
      expect.objectContaining({ kind: 'transactional', emailId: 555, to: 'ada@example.com', sendId: 'k-mail', contactId: '51', sendResult: 'SENT', contactProperties: { firstname: 'Ada' } }),
    ]);
    const statusId = t.sim.store.emails.sent()[0]?.statusId;
    expect(await t.row('k-mail')).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await t.resultOf('k-mail')).toEqual({ ref: statusId, statusId, status: 'COMPLETE', sendResult: 'SENT' });
  });

  it("sends to the profile's email trait when the template rendered no recipient", async () => {
    await t.enqueue([{ key: 'k-trait', destination: 'hubspot.sendEmail', input: { emailId: 555, to: '' }, meta: { traits: { email: 'ada@example.com' } } }]);
    await t.h.dispatcher.runOnce();
    expect(t.sim.store.emails.sent().map((s) => [s.to, s.emailId, s.sendId])).toEqual([['ada@example.com', 555, 'k-trait']]);
  });

  it('sends a marketing email through the v4 single-send endpoint, also keyed by sendId', async () => {
    await t.enqueue([{ key: 'k-marketing', destination: 'hubspot.sendEmail', input: { emailId: 'trial-day-1', to: 'ada@example.com', kind: 'marketing' } }]);
    await t.h.dispatcher.runOnce();
    expect(sendRequests().map((r) => [r.path, r.body])).toEqual([['/marketing/v4/email/single-send', { emailId: 777, message: { to: 'ada@example.com', sendId: 'k-marketing' } }]]);
    expect(t.sim.store.emails.delivered().map((s) => s.kind)).toEqual(['marketing']);
    expect(await t.row('k-marketing')).toMatchObject({ status: 'sent' });
  });

  it('sends once across a crash before acknowledgement: HubSpot ignores the repeated sendId and the row is sent', async () => {
    await t.enqueue([{ key: 'k-once', destination: 'hubspot.sendEmail', input: { emailId: 555, to: 'ada@example.com' } }]);
    vi.spyOn(t.h.store, 'updateOutbox').mockRejectedValueOnce(new Error('process crashed before acknowledging'));
    await expect(t.h.dispatcher.runOnce()).rejects.toThrow('process crashed');
    await t.restartedDispatcher().runOnce();
    expect(t.sim.store.emails.sent().map((s) => [s.sendId, s.sendResult])).toEqual([
      ['k-once', 'SENT'],
      ['k-once', 'IDEMPOTENT_IGNORE'],
    ]);
    expect(t.sim.store.emails.delivered()).toHaveLength(1);
    expect(await t.resultOf('k-once')).toMatchObject({ sendResult: 'IDEMPOTENT_IGNORE', deduplicated: true });
  });

  it('refuses a contact who opted out (hs_email_optout) without calling HubSpot', async () => {
    await t.enqueue([{ key: 'k-optout', destination: 'hubspot.sendEmail', input: { emailId: 555, to: 'ada@example.com' }, meta: { traits: { email: 'ada@example.com', hs_email_optout: 'true' } } }]);
    await t.h.dispatcher.runOnce();
    expect(await t.row('k-optout')).toMatchObject({ status: 'dead', lastError: 'payload: not sent: profile p1 opted out of email (hs_email_optout)' });
    expect(t.sim.requests).toEqual([]);
  });

  it('dead-letters a send HubSpot suppressed because the recipient unsubscribed, saying why', async () => {
    t.sim.store.emails.suppress('ada@example.com', 'PREVIOUSLY_UNSUBSCRIBED_PORTAL');
    await t.enqueue([{ key: 'k-unsub', destination: 'hubspot.sendEmail', input: { emailId: 555, to: 'ada@example.com' } }]);
    await t.h.dispatcher.runOnce();
    expect(await t.row('k-unsub')).toMatchObject({
      status: 'dead',
      attempts: 1,
      lastError: 'payload: HubSpot did not send transactional email 555 to ada@example.com: PREVIOUSLY_UNSUBSCRIBED_PORTAL (the recipient unsubscribed from all email of this account)',
    });
    expect(t.sim.store.emails.delivered()).toEqual([]);
  });

  it('an email name missing from connections.hubspot.emails, or an id HubSpot does not have, is a config error', async () => {
    await t.enqueue([
      { key: 'k-unnamed', destination: 'hubspot.sendEmail', input: { emailId: 'renewal-reminder', to: 'ada@example.com' } },
      { key: 'k-unknown', destination: 'hubspot.sendEmail', input: { emailId: 999, to: 'ada@example.com' } },
    ]);
    await t.h.dispatcher.runOnce();
    expect(await t.row('k-unnamed')).toMatchObject({ status: 'dead', lastError: 'config: no HubSpot email named "renewal-reminder" in connections.hubspot.emails (known: webinar-recording, trial-day-1)' });
    expect((await t.row('k-unknown'))?.lastError).toMatch(/^config: HubSpot send a transactional email failed \(404\): OBJECT_NOT_FOUND: No transactional email with id 999/);
    expect(t.sim.store.emails.sent()).toEqual([]);
  });
});
