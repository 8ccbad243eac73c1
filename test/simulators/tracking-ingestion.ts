import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface RecordedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: { batch?: Record<string, unknown>[]; writeKey?: string } & Record<string, unknown>;
  status: number;
}

export interface Fault {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

interface Flavour {
  /** What the platform answers on success. */
  ok: { body: string; contentType: string };
}

/**
 * A local stand-in for a tracking API (Segment's api.segment.io, a RudderStack data plane):
 * Basic auth with the write key (or writeKey in the body), JSON or gzip bodies whatever the
 * Content-Type, 500 KB per request and 32 KB per event (400 otherwise). It records every
 * delivery, retries included, and can be told to fail the next requests with any status.
 */
async function startTrackingIngestion(options: { writeKey: string }, flavour: Flavour) {
  const requests: RecordedRequest[] = [];
  const faults: Fault[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = (status: number, body: string, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(body);
        return status;
      };
      let raw = Buffer.concat(chunks);
      let body: RecordedRequest['body'] = {};
      let status: number;
      try {
        if (req.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
        body = JSON.parse(raw.toString('utf8')) as RecordedRequest['body'];
      } catch {
        requests.push({ path: req.url ?? '', headers: req.headers, body, status: 400 });
        answer(400, '{"success":false,"message":"Invalid JSON"}');
        return;
      }
      const auth = req.headers.authorization ?? '';
      const key = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':')[0] : body.writeKey;
      const fault = faults.shift();
      if (fault) status = answer(fault.status, fault.body ?? '{"success":false}', fault.headers);
      else if (key !== options.writeKey) status = answer(401, '{"success":false,"message":"Invalid write key"}');
      else if (raw.length > 500 * 1024) status = answer(400, '{"success":false,"message":"Request body too large"}');
      else if ((body.batch ?? []).some((e) => Buffer.byteLength(JSON.stringify(e)) > 32 * 1024)) status = answer(400, '{"success":false,"message":"Event too large"}');
      else status = answer(200, flavour.ok.body, { 'content-type': flavour.ok.contentType });
      requests.push({ path: req.url ?? '', headers: req.headers, body, status });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** Every message that the simulator accepted (2xx), retries included. */
    accepted: () => requests.filter((r) => r.status === 200).flatMap((r) => r.body.batch ?? []),
    failNext(n: number, fault: Fault) {
      for (let i = 0; i < n; i++) faults.push(fault);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Segment answers `200 {"success":true}`. */
export function startSegmentIngestion(options: { writeKey: string }) {
  return startTrackingIngestion(options, { ok: { body: '{"success":true}', contentType: 'application/json' } });
}

/** RudderStack's data plane answers `200 OK` as text. */
export function startRudderstackIngestion(options: { writeKey: string }) {
  return startTrackingIngestion(options, { ok: { body: 'OK', contentType: 'text/plain; charset=utf-8' } });
}
