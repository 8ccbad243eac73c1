import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** A request as the simulated platform sees it, once the body is read and its Content-Encoding undone. */
export interface ReceivedRequest {
  method: string;
  /** Path and query, as sent. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The body after gunzip when `Content-Encoding: gzip` (whatever the Content-Type); undefined when gunzip failed. */
  body: Buffer | undefined;
}

/** An HTTP answer. */
export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * A scripted fault, played instead of the platform's answer: an HTTP answer (e.g. 500, or 429
 * with `Retry-After`), or a network failure: `hang` reads the request and never answers (the
 * client times out; `close()` of the recorder releases it), `close` reads it and destroys the
 * socket without a response.
 */
export type Fault = Answer | { network: 'hang' | 'close' };

/** What was recorded of one request: the base facts plus what the platform made of it (`P`). */
export type RecordedRequest<P> = P & {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** `X-Retry-Count` as a number (analytics-node sends 1, 2, … on retries); undefined when absent. */
  retryCount: number | undefined;
  /** Date.now() when the request was fully read. */
  receivedAt: number;
  /** Status answered; undefined when a network fault was played. */
  status: number | undefined;
  /** The network fault played instead of an answer, if any. */
  network?: 'hang' | 'close';
};

export interface PlatformBehaviour<P> {
  /** What the platform makes of a request; kept on the record (e.g. the decoded messages). */
  parse(request: ReceivedRequest): P;
  /** The platform's answer when no fault is scripted. */
  respond(request: ReceivedRequest, parsed: P): Answer;
  /** Headers and body for a scripted status fault that names none, as the platform words its errors. */
  faultAnswer(status: number): Answer;
}

export interface HttpRecorder<P> {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  /** Every request, in arrival order, retries and refused ones included. */
  requests: RecordedRequest<P>[];
  /** The next `n` requests get `fault` instead of the platform's answer (after any faults already queued). */
  failNext(n: number, fault: Fault): void;
  /** Destroys open sockets (hung requests included) and stops listening. */
  close(): Promise<void>;
}

/**
 * A node:http server on 127.0.0.1 and a free port that reads each request, records it and answers
 * as `behaviour` says, unless a scripted fault is due. Platform simulators are built on it.
 */
export async function startHttpRecorder<P>(behaviour: PlatformBehaviour<P>): Promise<HttpRecorder<P>> {
  const requests: RecordedRequest<P>[] = [];
  const faults: Fault[] = [];

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received = receive(req, Buffer.concat(chunks));
      const parsed = behaviour.parse(received);
      const base = { method: received.method, path: received.path, headers: received.headers, retryCount: retryCount(req.headers), receivedAt: Date.now() };
      const fault = faults.shift();
      if (fault !== undefined && 'network' in fault) {
        requests.push({ ...parsed, ...base, status: undefined, network: fault.network });
        if (fault.network === 'close') req.socket.destroy();
        return;
      }
      const answer = fault === undefined ? behaviour.respond(received, parsed) : scripted(fault, behaviour.faultAnswer(fault.status));
      requests.push({ ...parsed, ...base, status: answer.status });
      send(res, answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // listen() on a TCP port always yields an AddressInfo, never a pipe name or null.
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext(n, fault) {
      for (let i = 0; i < n; i++) faults.push(fault);
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

function receive(req: IncomingMessage, raw: Buffer): ReceivedRequest {
  let body: Buffer | undefined = raw;
  if (req.headers['content-encoding']?.toLowerCase() === 'gzip') {
    try {
      body = gunzipSync(raw);
    } catch {
      body = undefined;
    }
  }
  return { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body };
}

function retryCount(headers: IncomingHttpHeaders): number | undefined {
  const value = headers['x-retry-count'];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : Number(first);
}

/** The fault's own headers and body win; the platform's fill in what it leaves out (e.g. Content-Type). */
function scripted(fault: Answer, platform: Answer): Answer {
  return { status: fault.status, headers: { ...platform.headers, ...fault.headers }, body: fault.body ?? platform.body ?? '' };
}

function send(res: ServerResponse, answer: Answer): void {
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body ?? '');
}
