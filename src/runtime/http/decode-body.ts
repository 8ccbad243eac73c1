import { gunzipSync } from 'node:zlib';

export class BodyError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** Batch limit of the Segment and RudderStack tracking APIs. */
export const MAX_BATCH_BYTES = 500 * 1024;
/** Per-message limit of the Segment and RudderStack tracking APIs. */
export const MAX_MESSAGE_BYTES = 32 * 1024;

function isGzip(body: Buffer): boolean {
  return body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b;
}

/**
 * Raw body → JSON, whatever the Content-Type says: RudderStack's SDK sends gzip with a form
 * Content-Type, Segment's sends plain JSON. Gzip is detected by header or magic bytes, and
 * the inflated size is bounded so a small bomb cannot exhaust memory.
 */
export function decodeJsonBody(raw: Buffer, contentEncoding: string | undefined, limit = MAX_BATCH_BYTES): unknown {
  let body = raw;
  const saysGzip = contentEncoding !== undefined && /gzip/i.test(contentEncoding);
  if (saysGzip || isGzip(raw)) {
    if (!isGzip(raw)) throw new BodyError(400, 'body: Content-Encoding says gzip but the body is not gzip');
    try {
      body = gunzipSync(raw, { maxOutputLength: limit + 1 });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ERR_BUFFER_TOO_LARGE') throw new BodyError(413, `body: larger than ${limit} bytes once decompressed`);
      throw new BodyError(400, `body: invalid gzip (${(err as Error).message})`);
    }
    if (body.length > limit) throw new BodyError(413, `body: larger than ${limit} bytes once decompressed`);
  }
  if (body.length === 0) throw new BodyError(400, 'body: empty; expected JSON');
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new BodyError(400, `body: malformed JSON (${(err as Error).message})`);
  }
}
