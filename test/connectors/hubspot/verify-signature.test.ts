import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hubspotWebhookSignatureHeaders, signHubspotV3 } from '../../../connectors/hubspot/sign-request.ts';
import { verifyHubspotSignature, type HubspotSignatureInput } from '../../../connectors/hubspot/verify-signature.ts';

// Vectors of wire-formats.md C1; v1 is also HubSpot's published example.
const SECRET = 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy';
const BODY =
  '[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]';
const URI = 'https://hooks.example.com/hubspot/webhook';
const TS = 1704067200000;
const V1 = '232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de';
const V2 = '3ba3941e6445dad3adad56e0fc740d36bdc8a132c452bf7df7af2d1920550df0';
const V3 = 'BqI49hz3dc6fO+pVtD6nTS74jGBGfFakepSdng/Zfhc=';

/** HubSpot's documented algorithms, computed here without the code under test. */
const independent = {
  v3: (secret: string, method: string, uri: string, body: string, ts: string) => createHmac('sha256', secret).update(`${method}${uri}${body}${ts}`, 'utf8').digest('base64'),
  v2: (secret: string, method: string, uri: string, body: string) => createHash('sha256').update(`${secret}${method}${uri}${body}`, 'utf8').digest('hex'),
  v1: (secret: string, body: string) => createHash('sha256').update(`${secret}${body}`, 'utf8').digest('hex'),
};

function request(headers: HubspotSignatureInput['headers'], overrides: Partial<HubspotSignatureInput> = {}): HubspotSignatureInput {
  return { method: 'POST', uri: URI, rawBody: Buffer.from(BODY, 'utf8'), headers, clientSecret: SECRET, now: TS + 1_000, ...overrides };
}

const v3Headers = (signature: string, ts: number | string = TS) => ({ 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': String(ts) });
const legacyHeaders = (signature: string, version: string) => ({ 'x-hubspot-signature': signature, 'x-hubspot-signature-version': version });

describe('verifyHubspotSignature v3', () => {
  it('accepts the wire-formats vector and an independently computed signature', () => {
    expect(verifyHubspotSignature(request(v3Headers(V3)))).toEqual({ ok: true, version: 'v3' });
    const body = '[{"eventId":7,"propertyName":"firstname","propertyValue":"Zoë"}]';
    const signature = independent.v3(SECRET, 'POST', `${URI}?portal=62515`, body, String(TS));
    expect(verifyHubspotSignature(request(v3Headers(signature), { uri: `${URI}?portal=62515`, rawBody: Buffer.from(body, 'utf8') }))).toEqual({ ok: true, version: 'v3' });
  });

  it.each([
    ['a tampered body', { rawBody: Buffer.from(BODY.replace('"objectId":123', '"objectId":124')) }],
    ['another client secret', { clientSecret: 'zzzzzzzz-yyyy-yyyy-yyyy-yyyyyyyyyyyy' }],
    ['another URI', { uri: 'https://hooks.example.com/hubspot/webhook?x=1' }],
    ['another method', { method: 'PUT' }],
  ])('refuses %s as a mismatch', (_, overrides) => {
    expect(verifyHubspotSignature(request(v3Headers(V3), overrides))).toEqual({ ok: false, reason: 'signature: X-HubSpot-Signature-v3 does not match the request' });
  });

  it('refuses a timestamp header changed after signing', () => {
    expect(verifyHubspotSignature(request(v3Headers(V3, TS + 1)))).toEqual({ ok: false, reason: 'signature: X-HubSpot-Signature-v3 does not match the request' });
  });

  it('refuses a request with no signature header, or no timestamp', () => {
    expect(verifyHubspotSignature(request({}))).toEqual({ ok: false, reason: 'signature: missing X-HubSpot-Signature-v3 header' });
    expect(verifyHubspotSignature(request({ 'x-hubspot-signature-v3': V3 }))).toEqual({ ok: false, reason: 'signature: missing X-HubSpot-Request-Timestamp header' });
  });

  it.each([
    ['a hex digest', v3Headers(V1), 'signature: X-HubSpot-Signature-v3 is not a base64 HMAC-SHA256'],
    ['a truncated digest', v3Headers(V3.slice(0, 40)), 'signature: X-HubSpot-Signature-v3 is not a base64 HMAC-SHA256'],
    ['a timestamp in seconds with a fraction', v3Headers(V3, '1704067200.000'), 'signature: X-HubSpot-Request-Timestamp is not epoch milliseconds'],
  ])('refuses %s as malformed', (_, headers, reason) => {
    expect(verifyHubspotSignature(request(headers))).toEqual({ ok: false, reason });
  });

  it('refuses a timestamp older than 5 minutes and accepts one exactly 5 minutes old', () => {
    expect(verifyHubspotSignature(request(v3Headers(V3), { now: TS + 300_001 }))).toEqual({ ok: false, reason: 'signature: request timestamp is 300001 ms old, more than 300000 ms' });
    expect(verifyHubspotSignature(request(v3Headers(V3), { now: TS + 300_000 }))).toEqual({ ok: true, version: 'v3' });
  });

  it('refuses a timestamp more than maxAgeMs in the future', () => {
    expect(verifyHubspotSignature(request(v3Headers(V3), { now: TS - 300_001 }))).toEqual({ ok: false, reason: 'signature: request timestamp is 300001 ms in the future, more than 300000 ms' });
    expect(verifyHubspotSignature(request(v3Headers(V3), { now: TS - 299_999 }))).toEqual({ ok: true, version: 'v3' });
  });

  it('applies a custom maxAgeMs and rejects a non-positive one', () => {
    expect(verifyHubspotSignature(request(v3Headers(V3), { now: TS + 60_001, maxAgeMs: 60_000 })).ok).toBe(false);
    expect(verifyHubspotSignature(request(v3Headers(V3), { now: TS + 60_000, maxAgeMs: 60_000 })).ok).toBe(true);
    expect(() => verifyHubspotSignature(request(v3Headers(V3), { maxAgeMs: 0 }))).toThrow(RangeError);
  });

  it('hashes the URI with the escapes HubSpot lists decoded, in either hex case', () => {
    const decoded = "https://hooks.example.com/hubspot/webhook?next=https://app.io/a(b)*c,d;e!f$g'h@i";
    const signature = independent.v3(SECRET, 'POST', decoded, BODY, String(TS));
    const asReceived = 'https://hooks.example.com/hubspot/webhook?next=https%3A%2F%2Fapp.io%2Fa%28b%29%2Ac%2Cd%3Be%21f%24g%27h%40i';
    expect(verifyHubspotSignature(request(v3Headers(signature), { uri: asReceived }))).toEqual({ ok: true, version: 'v3' });
    expect(verifyHubspotSignature(request(v3Headers(signature), { uri: asReceived.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()) }))).toEqual({ ok: true, version: 'v3' });
  });

  it('leaves escapes outside that list as sent', () => {
    const uri = 'https://hooks.example.com/hubspot/webhook?q=a%20b%26c';
    const overDecoded = independent.v3(SECRET, 'POST', 'https://hooks.example.com/hubspot/webhook?q=a b&c', BODY, String(TS));
    expect(verifyHubspotSignature(request(v3Headers(overDecoded), { uri })).ok).toBe(false);
    const asSent = independent.v3(SECRET, 'POST', uri, BODY, String(TS));
    expect(verifyHubspotSignature(request(v3Headers(asSent), { uri }))).toEqual({ ok: true, version: 'v3' });
  });

  it('finds headers whatever their case, and takes the first of repeated values', () => {
    const headers = { 'X-HubSpot-Signature-v3': [V3, 'other'], 'X-HubSpot-Request-Timestamp': String(TS) };
    expect(verifyHubspotSignature(request(headers))).toEqual({ ok: true, version: 'v3' });
  });
});

describe('verifyHubspotSignature v1 and v2', () => {
  it('accepts the wire-formats v1 and v2 vectors when those versions are accepted', () => {
    expect(verifyHubspotSignature(request(legacyHeaders(V1, 'v1'), { accept: ['v3', 'v1'] }))).toEqual({ ok: true, version: 'v1' });
    expect(verifyHubspotSignature(request(legacyHeaders(V2, 'v2'), { accept: ['v2'] }))).toEqual({ ok: true, version: 'v2' });
  });

  it("accepts HubSpot's documented v2 GET example (empty body)", () => {
    const headers = legacyHeaders('eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e', 'v2');
    const input = request(headers, { method: 'GET', uri: 'https://www.example.com/webhook_uri', rawBody: Buffer.alloc(0), accept: ['v2'] });
    expect(verifyHubspotSignature(input)).toEqual({ ok: true, version: 'v2' });
  });

  it('hashes the v2 URI exactly as sent, escapes included', () => {
    const uri = 'https://hooks.example.com/hubspot/webhook?next=https%3A%2F%2Fapp.io';
    const signature = independent.v2(SECRET, 'POST', uri, BODY);
    expect(verifyHubspotSignature(request(legacyHeaders(signature, 'v2'), { uri, accept: ['v2'] }))).toEqual({ ok: true, version: 'v2' });
    const decoded = independent.v2(SECRET, 'POST', 'https://hooks.example.com/hubspot/webhook?next=https://app.io', BODY);
    expect(verifyHubspotSignature(request(legacyHeaders(decoded, 'v2'), { uri, accept: ['v2'] })).ok).toBe(false);
  });

  it('refuses v1 and v2 by default', () => {
    expect(verifyHubspotSignature(request(legacyHeaders(V1, 'v1')))).toEqual({ ok: false, reason: 'signature: v1 signatures are not accepted (accepted: v3)' });
    expect(verifyHubspotSignature(request(legacyHeaders(V2, 'v2'), { accept: ['v1'] }))).toEqual({ ok: false, reason: 'signature: v2 signatures are not accepted (accepted: v1)' });
  });

  it('refuses tampered bodies and wrong secrets under v1 and v2', () => {
    const tampered = { rawBody: Buffer.from(BODY.replace('NEW', 'OLD')) };
    expect(verifyHubspotSignature(request(legacyHeaders(V1, 'v1'), { ...tampered, accept: ['v1'] }))).toEqual({ ok: false, reason: 'signature: X-HubSpot-Signature does not match the request' });
    expect(verifyHubspotSignature(request(legacyHeaders(V2, 'v2'), { ...tampered, accept: ['v2'] })).ok).toBe(false);
    expect(verifyHubspotSignature(request(legacyHeaders(independent.v1('wrong', BODY), 'v1'), { accept: ['v1'] })).ok).toBe(false);
  });

  it('refuses a legacy signature without a known version, or not hex', () => {
    expect(verifyHubspotSignature(request({ 'x-hubspot-signature': V1 }, { accept: ['v1'] }))).toEqual({ ok: false, reason: 'signature: X-HubSpot-Signature without X-HubSpot-Signature-Version' });
    expect(verifyHubspotSignature(request(legacyHeaders(V1, 'v4'), { accept: ['v1'] }))).toEqual({ ok: false, reason: 'signature: unknown X-HubSpot-Signature-Version "v4"' });
    expect(verifyHubspotSignature(request(legacyHeaders(V3, 'v1'), { accept: ['v1'] }))).toEqual({ ok: false, reason: 'signature: X-HubSpot-Signature is not a hex SHA-256' });
  });

  it('judges a request carrying v3 on v3 alone: a stale v3 does not fall back to its valid v1', () => {
    const headers = { ...v3Headers(V3), ...legacyHeaders(V1, 'v1') };
    expect(verifyHubspotSignature(request(headers, { accept: ['v3', 'v1'], now: TS + 600_000 }))).toEqual({ ok: false, reason: 'signature: request timestamp is 600000 ms old, more than 300000 ms' });
    expect(verifyHubspotSignature(request(headers, { accept: ['v1'], now: TS + 600_000 }))).toEqual({ ok: true, version: 'v1' });
  });

  it('refuses a v3-only request when v3 is not accepted', () => {
    expect(verifyHubspotSignature(request(v3Headers(V3), { accept: ['v1'] }))).toEqual({ ok: false, reason: 'signature: v3 signatures are not accepted (accepted: v1)' });
  });
});

describe('signHubspotV3 and hubspotWebhookSignatureHeaders', () => {
  it('sign as HubSpot documents, so that the verifier accepts their headers', () => {
    const rawBody = Buffer.from(BODY, 'utf8');
    expect(signHubspotV3({ method: 'POST', uri: URI, rawBody, clientSecret: SECRET, timestamp: TS })).toBe(V3);
    const headers = hubspotWebhookSignatureHeaders({ method: 'POST', uri: URI, rawBody, clientSecret: SECRET, timestamp: TS });
    expect(headers).toEqual({ 'x-hubspot-signature-v3': V3, 'x-hubspot-request-timestamp': String(TS), 'x-hubspot-signature': V1, 'x-hubspot-signature-version': 'v1' });
    expect(verifyHubspotSignature(request(headers))).toEqual({ ok: true, version: 'v3' });
  });

  it('signs the decoded URI, so an escaped and an unescaped URI give the same v3 signature', () => {
    const rawBody = Buffer.from(BODY, 'utf8');
    const escaped = signHubspotV3({ method: 'POST', uri: `${URI}?at=a%40b%3Ac`, rawBody, clientSecret: SECRET, timestamp: TS });
    expect(escaped).toBe(signHubspotV3({ method: 'POST', uri: `${URI}?at=a@b:c`, rawBody, clientSecret: SECRET, timestamp: TS }));
    expect(escaped).toBe(independent.v3(SECRET, 'POST', `${URI}?at=a@b:c`, BODY, String(TS)));
  });
});
