import { timingSafeEqual } from 'node:crypto';
import { signHubspotV1, signHubspotV2, signHubspotV3 } from './sign-request.ts';

export type HubspotSignatureVersion = 'v3' | 'v2' | 'v1';

export type HubspotSignatureCheck = { ok: true; version: HubspotSignatureVersion } | { ok: false; reason: string };

export interface HubspotSignatureInput {
  /** HTTP method as received, e.g. `POST`. */
  method: string;
  /** Full URI as HubSpot called it: scheme, host, path and query (behind a proxy, the public one). */
  uri: string;
  /** The body exactly as received: a re-serialised JSON body does not verify. */
  rawBody: Buffer;
  /** Request headers; names are matched case-insensitively, the first of repeated values is used. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The app's client secret. */
  clientSecret: string;
  /** Current time in epoch milliseconds. */
  now: number;
  /**
   * How far `X-HubSpot-Request-Timestamp` may be from `now`, in ms, before a v3 request is refused
   * as a replay (in the past) or as forged ahead (in the future). Default 300000 (HubSpot's 5
   * minutes); must be positive.
   */
  maxAgeMs?: number;
  /**
   * Signature versions to accept. Default `['v3']`. v1 and v2 carry no timestamp, so accepting
   * them gives up replay protection: a captured request verifies for ever.
   */
  accept?: readonly HubspotSignatureVersion[];
}

const DEFAULT_MAX_AGE_MS = 300_000;
const BASE64_SHA256 = /^[A-Za-z0-9+/]{43}=$/;
const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

/**
 * Verifies a request signed by HubSpot (webhooks, workflow actions, CRM cards). A request that
 * carries a v3 signature is judged on it alone when v3 is accepted, so a stale v3 request cannot
 * fall back to its timeless v1 signature; otherwise `X-HubSpot-Signature` is judged by the version
 * its `X-HubSpot-Signature-Version` header names.
 */
export function verifyHubspotSignature(input: HubspotSignatureInput): HubspotSignatureCheck {
  const accept = input.accept ?? ['v3'];
  const v3 = header(input.headers, 'x-hubspot-signature-v3');
  if (v3 !== undefined && accept.includes('v3')) return verifyV3(input, v3);

  const legacy = header(input.headers, 'x-hubspot-signature');
  if (legacy === undefined) {
    if (v3 !== undefined) return refuse(`v3 signatures are not accepted (accepted: ${accept.join(', ') || 'none'})`);
    const expected = accept.includes('v3') ? 'X-HubSpot-Signature-v3' : 'X-HubSpot-Signature';
    return refuse(`missing ${expected} header`);
  }
  const version = header(input.headers, 'x-hubspot-signature-version')?.toLowerCase();
  if (version === undefined) return refuse('X-HubSpot-Signature without X-HubSpot-Signature-Version');
  if (version !== 'v1' && version !== 'v2') return refuse(`unknown X-HubSpot-Signature-Version "${version}"`);
  if (!accept.includes(version)) return refuse(`${version} signatures are not accepted (accepted: ${accept.join(', ') || 'none'})`);
  if (!HEX_SHA256.test(legacy)) return refuse('X-HubSpot-Signature is not a hex SHA-256');
  const expected = version === 'v2' ? signHubspotV2(input) : signHubspotV1(input);
  return sameBytes(Buffer.from(legacy, 'hex'), Buffer.from(expected, 'hex')) ? { ok: true, version } : refuse('X-HubSpot-Signature does not match the request');
}

function verifyV3(input: HubspotSignatureInput, signature: string): HubspotSignatureCheck {
  const timestamp = header(input.headers, 'x-hubspot-request-timestamp');
  if (timestamp === undefined) return refuse('missing X-HubSpot-Request-Timestamp header');
  if (!/^\d{1,15}$/.test(timestamp)) return refuse('X-HubSpot-Request-Timestamp is not epoch milliseconds');
  const maxAgeMs = input.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
  if (!(maxAgeMs > 0)) throw new RangeError(`maxAgeMs must be positive, got ${maxAgeMs}`);
  const age = input.now - Number(timestamp);
  if (age > maxAgeMs) return refuse(`request timestamp is ${age} ms old, more than ${maxAgeMs} ms`);
  if (-age > maxAgeMs) return refuse(`request timestamp is ${-age} ms in the future, more than ${maxAgeMs} ms`);
  if (!BASE64_SHA256.test(signature)) return refuse('X-HubSpot-Signature-v3 is not a base64 HMAC-SHA256');
  const expected = signHubspotV3({ ...input, timestamp });
  return sameBytes(Buffer.from(signature, 'base64'), Buffer.from(expected, 'base64')) ? { ok: true, version: 'v3' } : refuse('X-HubSpot-Signature-v3 does not match the request');
}

function header(headers: HubspotSignatureInput['headers'], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    const first = Array.isArray(value) ? value[0] : value;
    return first === undefined || first === '' ? undefined : first;
  }
  return undefined;
}

/** Both digests have the algorithm's fixed length (checked by the header patterns), as timingSafeEqual needs. */
function sameBytes(given: Buffer, expected: Buffer): boolean {
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function refuse(reason: string): HubspotSignatureCheck {
  return { ok: false, reason: `signature: ${reason}` };
}
