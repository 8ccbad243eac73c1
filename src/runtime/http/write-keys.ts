import { timingSafeEqual } from 'node:crypto';

/** Inbound write keys by the source they identify (segment, rudderstack). */
export class WriteKeys {
  private readonly keys: { key: Buffer; source: string }[] = [];

  add(key: string, source: string): void {
    if (key !== '') this.keys.push({ key: Buffer.from(key), source });
  }

  get size(): number {
    return this.keys.length;
  }

  /** The source a key belongs to; compared in constant time so timing does not leak keys. */
  sourceFor(candidate: string | undefined): string | undefined {
    if (candidate === undefined || candidate === '') return undefined;
    const given = Buffer.from(candidate);
    let found: string | undefined;
    for (const { key, source } of this.keys) {
      if (key.length === given.length && timingSafeEqual(key, given)) found ??= source;
    }
    return found;
  }
}

/** The username of a Basic Authorization header (Segment and RudderStack put the write key there). */
export function basicAuthUser(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Basic\s+(.+)$/i.exec(header.trim());
  if (!match) return undefined;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? decoded : decoded.slice(0, colon);
}
