import { Client } from '@hubspot/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubspotSimulator, type HubspotSimulator } from './index.ts';

describe('transactional and marketing single sends', () => {
  let sim: HubspotSimulator;
  let client: Client;

  beforeAll(async () => {
    sim = await startHubspotSimulator({ now: Date.parse('2024-04-01T08:00:00.000Z') });
    sim.seed({
      contacts: [{ id: '51', properties: { email: 'a@b.com' } }],
      emailTemplates: [
        { id: 555, kind: 'transactional' },
        { id: 777, kind: 'marketing' },
      ],
    });
    client = new Client({ accessToken: sim.issueToken().accessToken, basePath: sim.url, numberOfApiCallRetries: 0 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('accepts a transactional send as PENDING and records it against the existing contact', async () => {
    const res = await client.marketing.transactional.singleSendApi.sendEmail({
      customProperties: { k: 'v' },
      emailId: 555,
      message: { to: 'a@b.com' },
      contactProperties: { firstname: 'A' },
    });
    expect(res.status).toBe('PENDING');
    expect(res.requestedAt?.toISOString()).toBe('2024-04-01T08:00:00.000Z');
    expect(sim.store.emails.sent()).toEqual([
      expect.objectContaining({ kind: 'transactional', emailId: 555, to: 'a@b.com', contactId: '51', sendResult: 'SENT', customProperties: { k: 'v' }, contactProperties: { firstname: 'A' } }),
    ]);
  });

  it('sends a marketing email through apiRequest, creating the contact the recipient lacked', async () => {
    const res = await client.apiRequest({ method: 'POST', path: '/marketing/v4/email/single-send', body: { emailId: 777, message: { to: 'new@b.com', sendId: 'step-1' } } });
    expect(res.status).toBe(200);
    expect(sim.store.records.findBy('contacts', 'email', 'new@b.com')?.id).toBe(sim.store.emails.sent().at(-1)?.contactId);
    const repeat = await client.apiRequest({ method: 'POST', path: '/marketing/v4/email/single-send', body: { emailId: 777, message: { to: 'new@b.com', sendId: 'step-1' } } });
    const { statusId } = (await repeat.json()) as { statusId: string }; // EmailSendStatusView
    const status = await client.apiRequest({ method: 'GET', path: `/marketing/v3/email/send-statuses/${statusId}` });
    expect(await status.json()).toMatchObject({ status: 'COMPLETE', sendResult: 'IDEMPOTENT_IGNORE' });
    expect(sim.store.emails.delivered().filter((s) => s.to === 'new@b.com')).toHaveLength(1);
  });

  it('reports a suppressed recipient in the send status, and refuses a bad address or an unknown email id', async () => {
    sim.store.emails.suppress('bounced@b.com', 'PREVIOUSLY_BOUNCED');
    const sent = await client.marketing.transactional.singleSendApi.sendEmail({ emailId: 555, message: { to: 'bounced@b.com' } });
    const status = await client.apiRequest({ method: 'GET', path: `/marketing/v3/email/send-statuses/${sent.statusId}` });
    expect(await status.json()).toMatchObject({ status: 'COMPLETE', sendResult: 'PREVIOUSLY_BOUNCED' });

    const badAddress = await client.apiRequest({ method: 'POST', path: '/marketing/v4/email/single-send', body: { emailId: 777, message: { to: 'not-an-email' } } });
    expect(badAddress.status).toBe(400);
    expect(await badAddress.json()).toMatchObject({ category: 'VALIDATION_ERROR' });
    const unknownEmail = await client.apiRequest({ method: 'POST', path: '/marketing/v4/email/single-send', body: { emailId: 555, message: { to: 'a@b.com' } } });
    expect(unknownEmail.status).toBe(404);
  });
});
