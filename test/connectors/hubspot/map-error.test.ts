import { describe, expect, it } from 'vitest';
import { mapHubspotError, redactSecrets } from '../../../connectors/hubspot/map-error.ts';

const NOW = Date.parse('2026-03-02T22:00:00Z');
/** The shape `@hubspot/api-client` 13 throws: ApiException with code, body and headers. */
const apiError = (code: number, body: unknown, headers: Record<string, string> = {}) => Object.assign(new Error(`HTTP-Code: ${code}`), { code, body, headers });

describe('HubSpot errors in the connector taxonomy', () => {
  it('waits out the rolling ten-second window for the burst limit and one second for search', () => {
    const burst = mapHubspotError(apiError(429, { status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' }), 'create task', NOW);
    expect(burst).toMatchObject({ kind: 'rate_limit', retryAfterMs: 10_000, status: 429 });
    expect(burst.message).toBe('HubSpot create task failed (429): TEN_SECONDLY_ROLLING: You have reached your ten_secondly_rolling limit.');
    expect(mapHubspotError(apiError(429, { message: 'You have reached your secondly limit.', policyName: 'SECONDLY' }), 'search', NOW).retryAfterMs).toBe(1_000);
  });

  it("waits for midnight in the account's time zone for the daily limit, unless Retry-After says otherwise", () => {
    const daily = apiError(429, { policyName: 'DAILY', message: 'You have reached your daily limit.' });
    // 22:00 UTC is 17:00 in New York: its midnight is 7 h away (05:00 UTC), where UTC midnight is only 2 h away.
    expect(mapHubspotError(daily, 'x', NOW, 'America/New_York').retryAfterMs).toBe(7 * 3_600_000);
    // 23:00 in Paris: its midnight is an hour away; 03:30 the next day in Kolkata: 20.5 h.
    expect(mapHubspotError(daily, 'x', NOW, 'Europe/Paris').retryAfterMs).toBe(3_600_000);
    expect(mapHubspotError(daily, 'x', NOW, 'Asia/Kolkata').retryAfterMs).toBe(20.5 * 3_600_000);
    // With no zone known, the next whole hour: never a full day late.
    expect(mapHubspotError(daily, 'x', NOW + 25 * 60_000).retryAfterMs).toBe(35 * 60_000);
    expect(mapHubspotError(apiError(429, { policyName: 'DAILY' }, { 'retry-after': '30' }), 'x', NOW).retryAfterMs).toBe(30_000);
  });

  it('surfaces credentials and missing scopes to the admin instead of retrying', () => {
    expect(mapHubspotError(apiError(401, { category: 'EXPIRED_AUTHENTICATION', message: 'The OAuth token used to make this call expired 2 minute(s) ago.' }), 'x', NOW)).toMatchObject({ kind: 'auth', retryable: false });
    expect(mapHubspotError(apiError(403, JSON.stringify({ category: 'MISSING_SCOPES', message: 'This app hasn\'t been granted all required scopes' })), 'x', NOW)).toMatchObject({ kind: 'config' });
  });

  it('retries server errors and unreachable hosts, and rejects a bad item alone', () => {
    expect(mapHubspotError(apiError(502, 'Bad Gateway'), 'x', NOW).kind).toBe('transient');
    expect(mapHubspotError(Object.assign(new Error('request to http://127.0.0.1:9/x failed, reason: connect ECONNREFUSED'), { type: 'system', code: 'ECONNREFUSED' }), 'x', NOW).kind).toBe('transient');
    expect(mapHubspotError(apiError(400, { category: 'VALIDATION_ERROR', message: 'Property values were not valid' }), 'x', NOW).kind).toBe('payload');
  });

  it('never puts a token or developer key from a URL into a message', () => {
    const err = Object.assign(new Error('request to https://api.hubapi.com/oauth/v1/access-tokens/pat-na1-secret failed, reason: getaddrinfo ENOTFOUND'), { type: 'system', code: 'ENOTFOUND' });
    const mapped = mapHubspotError(err, 'read the access token', NOW);
    expect(mapped.message).not.toContain('pat-na1-secret');
    expect(mapped.cause).toBeUndefined();
    expect(redactSecrets('GET /webhooks/v3/1/settings?hapikey=dev-key&x=1')).toBe('GET /webhooks/v3/1/settings?hapikey=***&x=1');
  });
});
