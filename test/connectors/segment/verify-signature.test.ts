import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifySegmentSignature } from '../../../connectors/segment/verify-signature.ts';

const SECRET = 'abc123';
const BODY = '{"type":"track","userId":"u1","event":"Order Completed","properties":{"revenue":42}}';

/** Segment's documented algorithm, computed here without the code under test. */
function hmacSha1Hex(secret: string, data: string): string {
  return createHmac('sha1', secret).update(data, 'utf8').digest('hex');
}

const verify = (body: string, header: string | undefined, secret = SECRET) => verifySegmentSignature(Buffer.from(body, 'utf8'), header, secret);

describe('verifySegmentSignature', () => {
  it('accepts the wire-formats vector (secret abc123)', () => {
    expect(verify(BODY, 'c2532ff8e80a42c736959b280b62b47cbe64d9f9')).toEqual({ ok: true });
  });

  it('accepts an HMAC computed independently, in lower or upper case hex', () => {
    const body = '{"version":1,"type":"identify","userId":"019mr8mf4r","traits":{"name":"Zoë","plan":"pro"}}';
    const signature = hmacSha1Hex(SECRET, body);
    expect(verify(body, signature)).toEqual({ ok: true });
    expect(verify(body, signature.toUpperCase())).toEqual({ ok: true });
  });

  it.each([
    ['a tampered body', BODY.replace('42', '43'), hmacSha1Hex(SECRET, BODY), SECRET],
    ['a wrong secret', BODY, hmacSha1Hex('abc124', BODY), SECRET],
    ['the right signature checked with another secret', BODY, hmacSha1Hex(SECRET, BODY), 'other'],
  ])('refuses %s as a mismatch', (_, body, header, secret) => {
    expect(verify(body, header, secret)).toEqual({ ok: false, reason: 'signature: X-Signature does not match the body' });
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
  ])('refuses %s as missing', (_, header) => {
    expect(verify(BODY, header)).toEqual({ ok: false, reason: 'signature: missing X-Signature header' });
  });

  it.each([
    ['a prefixed digest', `sha1=${hmacSha1Hex(SECRET, BODY)}`],
    ['a truncated digest', hmacSha1Hex(SECRET, BODY).slice(0, 39)],
    ['a SHA-256 length digest', createHmac('sha256', SECRET).update(BODY).digest('hex')],
    ['non-hex characters', 'z'.repeat(40)],
    ['base64', createHmac('sha1', SECRET).update(BODY).digest('base64')],
  ])('refuses %s as malformed', (_, header) => {
    expect(verify(BODY, header)).toEqual({ ok: false, reason: 'signature: X-Signature is not a hex SHA-1 HMAC' });
  });

  describe('Actions batch mode (the body is a JSON array)', () => {
    const first = { type: 'track', userId: 'u1', event: 'Order Completed', properties: { revenue: 42 } };
    const second = { type: 'identify', userId: 'u2', traits: { email: 'b@c.io' } };

    it('accepts a signature over JSON.stringify(body[0]) only', () => {
      const body = JSON.stringify([first, second]);
      expect(verify(body, hmacSha1Hex(SECRET, JSON.stringify(first)))).toEqual({ ok: true });
      expect(verify(body, 'c2532ff8e80a42c736959b280b62b47cbe64d9f9')).toEqual({ ok: true });
    });

    it('refuses a signature over another element or a tampered first element', () => {
      expect(verify(JSON.stringify([first, second]), hmacSha1Hex(SECRET, JSON.stringify(second))).ok).toBe(false);
      const tampered = JSON.stringify([{ ...first, properties: { revenue: 43 } }, second]);
      expect(verify(tampered, hmacSha1Hex(SECRET, JSON.stringify(first)))).toEqual({ ok: false, reason: 'signature: X-Signature does not match the body' });
    });

    it('covers only the first event, as Segment signs it: a changed second event still verifies', () => {
      const changedSecond = JSON.stringify([first, { ...second, userId: 'intruder' }]);
      expect(verify(changedSecond, hmacSha1Hex(SECRET, JSON.stringify(first)))).toEqual({ ok: true });
    });

    it('verifies a pretty-printed array, since the first element is re-serialised', () => {
      expect(verify(JSON.stringify([first, second], null, 2), hmacSha1Hex(SECRET, JSON.stringify(first)))).toEqual({ ok: true });
    });

    it('refuses an empty array and a body that only looks like an array', () => {
      expect(verify('[]', hmacSha1Hex(SECRET, 'undefined')).ok).toBe(false);
      expect(verify('[{"type":', hmacSha1Hex(SECRET, '{"type":')).ok).toBe(false);
    });
  });
});
