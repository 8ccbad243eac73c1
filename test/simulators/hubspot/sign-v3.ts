import { createHash, createHmac } from 'node:crypto';

/**
 * HubSpot decodes these percent-encodings in the request URI before signing [DOC request-validation
 * table; UNVERIFIED detail, see wire-formats.md C1]. The SDK's own `Signature` helper does not,
 * so the two agree on URIs without them.
 */
const DECODED: ReadonlyArray<[RegExp, string]> = [
  [/%3A/gi, ':'],
  [/%2F/gi, '/'],
  [/%3F/gi, '?'],
  [/%40/gi, '@'],
  [/%21/gi, '!'],
  [/%24/gi, '$'],
  [/%27/gi, "'"],
  [/%28/gi, '('],
  [/%29/gi, ')'],
  [/%2A/gi, '*'],
  [/%2C/gi, ','],
  [/%3B/gi, ';'],
];

export function normaliseSignedUri(uri: string): string {
  return DECODED.reduce((acc, [re, ch]) => acc.replace(re, ch), uri);
}

export interface SignV3Input {
  clientSecret: string;
  /** Default `POST`. */
  method?: string;
  /** The full target URL: scheme, host, path and query. */
  uri: string;
  /** The raw request body exactly as sent. */
  body: string;
  /** `X-HubSpot-Request-Timestamp`: epoch milliseconds. */
  timestamp: number | string;
}

/** `X-HubSpot-Signature-v3` = base64(HMAC-SHA256(clientSecret, method + uri + body + timestamp)). */
export function signHubspotV3(input: SignV3Input): string {
  const source = `${input.method ?? 'POST'}${normaliseSignedUri(input.uri)}${input.body}${String(input.timestamp)}`;
  return createHmac('sha256', input.clientSecret).update(source, 'utf8').digest('base64');
}

/** The v1 `X-HubSpot-Signature` = hex(SHA-256(clientSecret + body)), still sent alongside v3. */
export function signHubspotV1(clientSecret: string, body: string): string {
  return createHash('sha256').update(clientSecret + body, 'utf8').digest('hex');
}
