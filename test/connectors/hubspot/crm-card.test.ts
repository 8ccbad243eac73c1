import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../helpers/runtime-fixtures.ts';
import { CLIENT_SECRET, startHubspotHarness, T0, type HubspotHarness } from './hubspot-app.ts';

/**
 * HubSpot's documented algorithms, computed here without the code under test. v3 hashes the URI
 * with `%40` and the other listed escapes decoded; v2 hashes it exactly as sent.
 */
const signV3 = (secret: string, uri: string, ts: number) => createHmac('sha256', secret).update(`GET${uri.replace(/%40/g, '@')}${ts}`, 'utf8').digest('base64');
const signV2 = (secret: string, uri: string) => createHash('sha256').update(`${secret}GET${uri}`, 'utf8').digest('hex');

interface CardBody {
  results?: { objectId: number; title: string; properties: { label: string; dataType: string; value: unknown; optionType?: string }[] }[];
  success?: boolean;
  error?: string;
}

describe('GET /hubspot/crm-card', () => {
  let h: HubspotHarness;
  let gus: { id: string };
  beforeAll(async () => {
    h = await startHubspotHarness();
    // Gus's deal moves stage: the deal journey chooses "Call the buyer" for him, and it is sent.
    const mark = h.mark();
    gus = h.sim.store.createAsUser('contacts', { email: 'gus@pollos.io', firstname: 'Gus', hubspot_owner_id: '701' });
    const deal = h.sim.store.createAsUser('deals', { dealname: 'Pollos', dealstage: 'appointmentscheduled' });
    h.sim.store.associate('deals', deal.id, 'contacts', gus.id);
    h.sim.store.updateAsUser('deals', deal.id, { dealstage: 'contractsent' });
    await h.deliverSince(mark);
    await h.settled();
    await eventually(async () => (await h.profile('hubspot', gus.id))?.actions[0]?.status === 'sent');
  });
  afterAll(async () => {
    await h.close();
  });

  /** The card URL HubSpot calls, with the default parameters and the `email` property the card asks for. */
  function cardUrl(params: Record<string, string>): string {
    const query = new URLSearchParams({ userId: '45678', userEmail: 'rita@acme.io', associatedObjectType: 'CONTACT', portalId: String(h.sim.portalId), ...params });
    return `${h.app.url}/hubspot/crm-card?${query.toString()}`;
  }

  async function fetchCard(url: string, headers: Record<string, string>): Promise<{ status: number; body: CardBody }> {
    const res = await fetch(url, { headers });
    return { status: res.status, body: (await res.json()) as CardBody };
  }

  const v3 = (url: string, ts = T0, secret = CLIENT_SECRET) => ({ 'X-HubSpot-Signature-v3': signV3(secret, url, ts), 'X-HubSpot-Request-Timestamp': String(ts) });
  const v2 = (url: string, secret = CLIENT_SECRET) => ({ 'X-HubSpot-Signature': signV2(secret, url), 'X-HubSpot-Signature-Version': 'v2' });

  it('shows the next best action with why, its status and outcome, then the journeys with their step', async () => {
    const url = cardUrl({ associatedObjectId: gus.id, email: 'gus@pollos.io' });
    const { status, body } = await fetchCard(url, v3(url));
    expect(status).toBe(200);
    expect(body.results).toEqual([
      {
        objectId: 1,
        title: 'Next best action: Call the buyer',
        properties: [
          { label: 'Status', dataType: 'STATUS', value: 'Sent', optionType: 'SUCCESS' },
          { label: 'Why', dataType: 'STRING', value: expect.stringMatching(/^deal updated \(dealstage\)/) },
          { label: 'Journey', dataType: 'STRING', value: 'Deal moved: call the buyer' },
          { label: 'Chosen', dataType: 'DATETIME', value: T0 },
          { label: 'Outcome', dataType: 'STRING', value: 'None reported yet' },
        ],
      },
      {
        objectId: 2,
        title: 'Journey: Deal moved: call the buyer',
        properties: [
          { label: 'Step', dataType: 'STRING', value: 'follow-up' },
          { label: 'Entered', dataType: 'DATETIME', value: T0 },
        ],
      },
    ]);
  });

  it('shows the outcome once the rep completes the task Pathwise created', async () => {
    const action = (await h.profile('hubspot', gus.id))?.actions[0];
    if (!action) throw new Error('no action for Gus');
    const mark = h.mark();
    const task = h.sim.store.createAsUser('tasks', { hs_timestamp: T0, hs_task_subject: 'Call Gus', pathwise_key: action.key });
    h.sim.store.associate('tasks', task.id, 'contacts', gus.id);
    h.sim.store.updateAsUser('tasks', task.id, { hs_task_status: 'COMPLETED' });
    await h.deliverSince(mark);
    await h.settled();

    const url = cardUrl({ associatedObjectId: gus.id });
    const { body } = await fetchCard(url, v3(url));
    expect(body.results?.[0]?.properties.find((p) => p.label === 'Outcome')).toEqual({ label: 'Outcome', dataType: 'STRING', value: 'completed' });
  });

  it('accepts a request signed with v2 only, as HubSpot documents for CRM card data fetches', async () => {
    const url = cardUrl({ associatedObjectId: gus.id });
    const { status, body } = await fetchCard(url, v2(url));
    expect(status).toBe(200);
    expect(body.results?.[0]?.title).toBe('Next best action: Call the buyer');
  });

  it.each([
    ['a v3 signature made with another secret', (url: string) => v3(url, T0, 'another-secret'), 'signature: X-HubSpot-Signature-v3 does not match the request'],
    ['a v3 signature older than 5 minutes', (url: string) => v3(url, T0 - 300_001), 'signature: request timestamp is 300001 ms old, more than 300000 ms'],
    ['a v2 signature made with another secret', (url: string) => v2(url, 'another-secret'), 'signature: X-HubSpot-Signature does not match the request'],
    ['no signature', () => ({}), 'signature: missing X-HubSpot-Signature-v3 header'],
  ])('refuses %s with 401, saying what was wrong', async (_name, headers, error) => {
    const url = cardUrl({ associatedObjectId: gus.id });
    expect(await fetchCard(url, headers(url))).toEqual({ status: 401, body: { success: false, error } });
  });

  it('refuses a valid signature over another contact id (the query is signed)', async () => {
    const signedFor = cardUrl({ associatedObjectId: '999999' });
    const asked = cardUrl({ associatedObjectId: gus.id });
    expect((await fetchCard(asked, v3(signedFor))).status).toBe(401);
  });

  it('refuses a card requested for another portal', async () => {
    const url = cardUrl({ associatedObjectId: gus.id, portalId: '99999' });
    expect(await fetchCard(url, v3(url))).toEqual({ status: 401, body: { success: false, error: `portal: the card was requested for portal 99999, this connection is for portal ${h.sim.portalId}` } });
  });

  it('answers a contact Pathwise has never heard of with a card that says so (200)', async () => {
    const url = cardUrl({ associatedObjectId: '424242' });
    const { status, body } = await fetchCard(url, v3(url));
    expect(status).toBe(200);
    expect(body.results).toEqual([
      {
        objectId: 1,
        title: 'Pathwise knows nothing about this contact yet',
        properties: [{ label: 'HubSpot contact', dataType: 'STRING', value: '424242: no events or CRM changes for this contact have reached Pathwise' }],
      },
    ]);
  });

  it('finds a contact by the email HubSpot sends when its id has not reached Pathwise', async () => {
    const url = cardUrl({ associatedObjectId: '515151', email: 'GUS@pollos.io' });
    const { body } = await fetchCard(url, v3(url));
    expect(body.results?.[0]?.title).toBe('Next best action: Call the buyer');
  });

  it('on a record that is not a contact, says the card is for people', async () => {
    const url = cardUrl({ associatedObjectId: '12', associatedObjectType: 'DEAL' });
    const { status, body } = await fetchCard(url, v3(url));
    expect(status).toBe(200);
    expect(body.results?.[0]?.title).toBe('Pathwise shows people');
  });

  it('refuses a request without associatedObjectId as a bad request', async () => {
    const url = cardUrl({});
    expect(await fetchCard(url, v3(url))).toEqual({ status: 400, body: { success: false, error: 'query: associatedObjectId must be the HubSpot record id' } });
  });
});
