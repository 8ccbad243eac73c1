import { createHash, createHmac } from 'node:crypto';

/**
 * HubSpot's request signatures (developers.hubspot.com, "Validating requests"), computed the way
 * HubSpot computes them. The verifier checks against these, and the HubSpot simulator signs its
 * webhook deliveries with them.
 */

/**
 * The percent-escapes HubSpot's v3 instructions say to decode in the request URI before hashing.
 * Only these: decoding anything else (`%20`, `%26`, …) would hash a URI HubSpot never signed.
 */
const V3_DECODED_ESCAPES: Readonly<Record<string, string>> = {
  '3A': ':',
  '2F': '/',
  '3F': '?',
  '40': '@',
  '21': '!',
  '24': '$',
  '27': "'",
  '28': '(',
  '29': ')',
  '2A': '*',
  '2C': ',',
  '3B': ';',
};

/** The request URI as v3 signs it: HubSpot's listed escapes decoded (either hex case), the rest left as sent. */
export function decodeHubspotV3Uri(uri: string): string {
  return uri.replace(/%([0-9A-Fa-f]{2})/g, (escape, hex: string) => V3_DECODED_ESCAPES[hex.toUpperCase()] ?? escape);
}

export interface HubspotV3SignInput {
  /** HTTP method as sent, e.g. `POST`. */
  method: string;
  /** Full URI HubSpot called: scheme, host, path and query. */
  uri: string;
  rawBody: Buffer;
  clientSecret: string;
  /** `X-HubSpot-Request-Timestamp`: epoch milliseconds, hashed exactly as the header spells it. */
  timestamp: number | string;
}

/** `X-HubSpot-Signature-v3`: base64 HMAC-SHA256, keyed by the app's client secret, of method + decoded URI + body + timestamp. */
export function signHubspotV3(input: HubspotV3SignInput): string {
  return createHmac('sha256', input.clientSecret)
    .update(input.method + decodeHubspotV3Uri(input.uri))
    .update(input.rawBody)
    .update(String(input.timestamp))
    .digest('base64');
}

/** `X-HubSpot-Signature` with `X-HubSpot-Signature-Version: v2`: hex SHA-256 of secret + method + URI (as sent) + body. */
export function signHubspotV2(input: { method: string; uri: string; rawBody: Buffer; clientSecret: string }): string {
  return createHash('sha256').update(input.clientSecret + input.method + input.uri).update(input.rawBody).digest('hex');
}

/** `X-HubSpot-Signature` with `X-HubSpot-Signature-Version: v1`: hex SHA-256 of secret + body. */
export function signHubspotV1(input: { rawBody: Buffer; clientSecret: string }): string {
  return createHash('sha256').update(input.clientSecret).update(input.rawBody).digest('hex');
}

/**
 * The signature headers of a webhook delivery as HubSpot sends them: v3 with its timestamp, plus
 * the v1 signature the Webhooks API still sends for CRM object subscriptions.
 */
export function hubspotWebhookSignatureHeaders(input: HubspotV3SignInput): Record<string, string> {
  return {
    'x-hubspot-signature-v3': signHubspotV3(input),
    'x-hubspot-request-timestamp': String(input.timestamp),
    'x-hubspot-signature': signHubspotV1(input),
    'x-hubspot-signature-version': 'v1',
  };
}
