import { Client } from '@hubspot/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubspotSimulator, type HubspotSimulator } from './index.ts';

async function apiError(call: Promise<unknown>): Promise<{ code: number; body: Record<string, unknown> }> {
  try {
    await call;
  } catch (error) {
    return error as { code: number; body: Record<string, unknown> }; // ApiException carries code and body
  }
  throw new Error('expected the call to fail');
}

describe('bearer tokens, expiry and OAuth refresh', () => {
  let sim: HubspotSimulator;

  beforeAll(async () => {
    sim = await startHubspotSimulator({ now: Date.parse('2024-06-01T10:00:00.000Z') });
    sim.seed({ owners: [{ id: '7', email: 'o@x.com' }] });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('answers 401 EXPIRED_AUTHENTICATION once the simulator clock passes expiry, then works after a refresh', async () => {
    const issued = sim.issueToken({ kind: 'oauth', scopes: ['oauth', 'crm.objects.owners.read'] });
    const client = new Client({ accessToken: issued.accessToken, basePath: sim.url, numberOfApiCallRetries: 0 });
    await expect(client.crm.owners.ownersApi.getPage()).resolves.toMatchObject({ results: [{ id: '7' }] });

    sim.clock.advance(1800 * 1000 + 5 * 60_000);
    const expired = await apiError(client.crm.owners.ownersApi.getPage());
    expect(expired.code).toBe(401);
    expect(expired.body).toMatchObject({ status: 'error', message: 'The OAuth token used to make this call expired 5 minute(s) ago.', category: 'EXPIRED_AUTHENTICATION' });
    expect(typeof expired.body.correlationId).toBe('string');

    const refreshed = await client.oauth.tokensApi.create('refresh_token', undefined, undefined, sim.clientId, sim.clientSecret, issued.refreshToken);
    expect(refreshed).toMatchObject({ refreshToken: issued.refreshToken, tokenType: 'bearer', expiresIn: 1800 });
    const tokenRequest = sim.requests.find((r) => r.path === '/oauth/v1/token');
    expect(tokenRequest?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(tokenRequest?.body).toEqual({ grant_type: 'refresh_token', client_id: sim.clientId, client_secret: sim.clientSecret, refresh_token: issued.refreshToken });

    client.setAccessToken(refreshed.accessToken);
    await expect(client.crm.owners.ownersApi.getPage()).resolves.toMatchObject({ results: [{ id: '7' }] });
    const info = await client.oauth.accessTokensApi.get(refreshed.accessToken);
    expect(info).toMatchObject({ hubId: 62515, appId: 54321, userId: 9, user: 'rep@example.com', expiresIn: 1800, scopes: ['oauth', 'crm.objects.owners.read'] });
  });

  it('refuses a refresh with an unknown refresh token or a wrong secret', async () => {
    const client = new Client({ basePath: sim.url, numberOfApiCallRetries: 0 });
    const badToken = await apiError(client.oauth.tokensApi.create('refresh_token', undefined, undefined, sim.clientId, sim.clientSecret, 'nope'));
    expect([badToken.code, badToken.body.status, badToken.body.message]).toEqual([400, 'BAD_REFRESH_TOKEN', 'missing or invalid refresh token']);
    const { refreshToken } = sim.issueToken({ kind: 'oauth' });
    const badSecret = await apiError(client.oauth.tokensApi.create('refresh_token', undefined, undefined, sim.clientId, 'wrong', refreshToken));
    expect(badSecret.body.status).toBe('BAD_CLIENT_SECRET');
  });

  it('answers 401 INVALID_AUTHENTICATION for unknown and revoked tokens', async () => {
    const unknown = await apiError(new Client({ accessToken: 'pat-na1-unknown', basePath: sim.url }).crm.owners.ownersApi.getPage());
    expect(unknown.code).toBe(401);
    expect(unknown.body.category).toBe('INVALID_AUTHENTICATION');
    expect(String(unknown.body.message)).toMatch(/^Authentication credentials not found\./);
    const { accessToken } = sim.issueToken();
    sim.revokeToken(accessToken);
    expect((await apiError(new Client({ accessToken, basePath: sim.url }).crm.owners.ownersApi.getPage())).code).toBe(401);
  });

  it('answers 403 MISSING_SCOPES when the token lacks the scope the call needs', async () => {
    const client = new Client({ accessToken: sim.issueToken({ scopes: ['crm.objects.contacts.read'] }).accessToken, basePath: sim.url });
    const err = await apiError(client.crm.objects.tasks.basicApi.create({ associations: [], properties: { hs_timestamp: '1717236000000' } }));
    expect(err.code).toBe(403);
    expect(err.body).toMatchObject({ category: 'MISSING_SCOPES', errors: [{ context: { requiredGranularScopes: ['crm.objects.contacts.write'] } }] });
  });
});
