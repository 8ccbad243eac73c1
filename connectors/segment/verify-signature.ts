import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

const HEX_SHA1 = /^[0-9a-fA-F]{40}$/;

/**
 * Verifies `X-Signature` from Segment's Webhooks destinations: hex HMAC-SHA1 of the raw body,
 * keyed by the shared secret (classic, and Actions with one event). In Actions batch mode the
 * body is a JSON array and Segment signs only `JSON.stringify(body[0])` (wire-formats.md A2), so
 * an array body that does not verify as a whole is checked against its first element, which
 * Segment serialised with JSON.stringify, so parsing and re-serialising gives back its bytes.
 * Segment signs no timestamp: a captured request can be replayed, and deduplication on
 * messageId is what keeps a replay from counting twice.
 */
export function verifySegmentSignature(rawBody: Buffer, header: string | undefined, secret: string): SignatureCheck {
  if (header === undefined || header === '') return { ok: false, reason: 'signature: missing X-Signature header' };
  if (!HEX_SHA1.test(header)) return { ok: false, reason: 'signature: X-Signature is not a hex SHA-1 HMAC' };
  const given = Buffer.from(header, 'hex');
  // Both sides are 20-byte digests (the pattern above fixes the header's length), as timingSafeEqual needs.
  const signs = (data: Buffer | string) => timingSafeEqual(createHmac('sha1', secret).update(data).digest(), given);
  if (signs(rawBody)) return { ok: true };
  const first = firstBatchElement(rawBody);
  if (first !== undefined && signs(first)) return { ok: true };
  return { ok: false, reason: 'signature: X-Signature does not match the body' };
}

/** `JSON.stringify(body[0])` when the body is a non-empty JSON array (Actions batch mode). */
function firstBatchElement(rawBody: Buffer): string | undefined {
  const text = rawBody.toString('utf8');
  if (!text.trimStart().startsWith('[')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  return Array.isArray(parsed) && parsed.length > 0 ? JSON.stringify(parsed[0]) : undefined;
}
