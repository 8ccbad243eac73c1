import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/**
 * Segment Webhooks destinations sign with `X-Signature: hex(HMAC-SHA1(sharedSecret, body))`.
 * In Actions batch mode the body is a JSON array and the signature covers only
 * `JSON.stringify(body[0])` (see shared/reference/wire-formats.md A2).
 */
export function verifySegmentSignature(rawBody: Buffer, header: string | undefined, secret: string): SignatureCheck {
  if (header === undefined || header === '') return { ok: false, reason: 'signature: missing X-Signature header' };
  if (!/^[0-9a-f]{40}$/i.test(header)) return { ok: false, reason: 'signature: X-Signature is not a hex SHA-1 HMAC' };
  const given = Buffer.from(header, 'hex');
  const matches = (data: Buffer | string) => timingSafeEqual(createHmac('sha1', secret).update(data).digest(), given);
  if (matches(rawBody)) return { ok: true };
  const text = rawBody.toString('utf8').trimStart();
  if (text.startsWith('[')) {
    try {
      const batch = JSON.parse(text) as unknown[];
      if (batch.length > 0 && matches(JSON.stringify(batch[0]))) return { ok: true };
    } catch {
      // Not JSON: the plain comparison above already failed, so the signature is wrong.
    }
  }
  return { ok: false, reason: 'signature: X-Signature does not match the body' };
}
