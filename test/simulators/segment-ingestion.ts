import { STATUS_CODES } from 'node:http';
import { startHttpRecorder, type Answer, type Fault, type HttpRecorder, type ReceivedRequest, type RecordedRequest } from './http-recorder.ts';

/** One message of the Segment spec (track, identify, page, screen, group, alias), as sent. */
export type TrackingMessage = Record<string, unknown>;

/** What a tracking API makes of a request body. */
export interface TrackingPayload {
  /** The decoded JSON body; undefined when it is not a JSON object. */
  body: Record<string, unknown> | undefined;
  /** The messages it carries: `batch` on /v1/batch, else the body itself, typed by the path. */
  messages: TrackingMessage[];
}

export type TrackingRequest = RecordedRequest<TrackingPayload>;

/** A simulated tracking API: Segment's, or RudderStack's data plane, which speaks the same spec. */
export interface TrackingIngestion {
  /** `http://127.0.0.1:<port>`: analytics-node's `host`, rudder-sdk-node's `dataPlaneUrl`. */
  url: string;
  /** Every request in arrival order: retries, refusals and faults included. */
  requests: TrackingRequest[];
  /** Every message of every accepted (2xx) request, redeliveries included, in arrival order. */
  messages(): TrackingMessage[];
  /** `messages()` with redeliveries dropped: the first of each messageId (messages without one are all kept). */
  uniqueMessages(): TrackingMessage[];
  /** The next `n` requests get `fault` instead of the platform's answer. */
  failNext(n: number, fault: Fault): void;
  close(): Promise<void>;
}

/** The call endpoints; a call's type is its path. */
export const CALL_TYPES = ['identify', 'track', 'page', 'screen', 'group', 'alias'] as const;

/** The endpoint a path names: the batch one (/v1/batch, /v1/import), a call (/v1/track, …), or none. */
export function trackingEndpoint(path: string): { kind: 'batch' } | { kind: 'call'; type: (typeof CALL_TYPES)[number] } | null {
  const route = /^\/v1\/([a-z]+)\/?(?:\?.*)?$/.exec(path)?.[1];
  if (route === 'batch' || route === 'import') return { kind: 'batch' };
  const type = CALL_TYPES.find((t) => t === route);
  return type === undefined ? null : { kind: 'call', type };
}

/** `batch` on the batch endpoint; on a call endpoint the body is one message, of the path's type. */
export function parseTrackingPayload(request: ReceivedRequest): TrackingPayload {
  const endpoint = trackingEndpoint(request.path);
  const body = jsonObject(request.body);
  if (body === undefined || endpoint === null) return { body, messages: [] };
  if (endpoint.kind === 'call') {
    const { writeKey: _credential, ...message } = body;
    return { body, messages: [{ ...message, type: endpoint.type }] };
  }
  const batch = body['batch'];
  return { body, messages: Array.isArray(batch) ? batch.filter(isObject) : [] };
}

/** The tracking-API surface over a recorder whose records carry their messages. */
export function trackingIngestion(recorder: HttpRecorder<TrackingPayload>): TrackingIngestion {
  const messages = () => recorder.requests.filter((r) => r.status !== undefined && r.status >= 200 && r.status < 300).flatMap((r) => r.messages);
  return {
    url: recorder.url,
    requests: recorder.requests,
    messages,
    uniqueMessages() {
      const seen = new Set<string>();
      return messages().filter((m) => {
        const id = m['messageId'];
        if (typeof id !== 'string') return true;
        if (seen.has(id)) return false;
        seen.add(id);
        return true;
      });
    },
    failNext: (n, fault) => recorder.failNext(n, fault),
    close: () => recorder.close(),
  };
}

export interface SegmentIngestionOptions {
  /** The source's write key: Basic auth username, or `writeKey` in the body. */
  writeKey: string;
  /** Largest decoded body accepted on /v1/batch, in bytes. Default 512000 (Segment's 500 KB). */
  maxBatchBytes?: number;
  /** Largest message, as JSON, and largest body on /v1/<call>, in bytes. Default 32768 (Segment's 32 KB). */
  maxEventBytes?: number;
  /** Most messages in one batch. Default 2500 (segment-docs, HTTP API errors). */
  maxBatchEvents?: number;
}

const TEXT = { 'content-type': 'text/plain; charset=utf-8' };

/**
 * A local api.segment.io tracking API: `POST /v1/batch` (and `/v1/import`, `/v1/track`,
 * `/v1/identify`, `/v1/page`, `/v1/screen`, `/v1/group`, `/v1/alias`), JSON bodies, gzip ones
 * when `Content-Encoding: gzip`. Answers as Segment documents: `200 {"success":true}`, and 400
 * for invalid JSON or a payload over the limits. Segment documents the statuses, not the error
 * bodies: those here are text, with Segment's documented wording where it has one ("Exceed
 * payload limit"). One departure: the real API answers 200 to an unknown write key and drops
 * the data, this one answers 401 so that a misconfigured test fails where it is wrong.
 * No deduplication: every delivery is recorded, `uniqueMessages()` shows what Segment keeps.
 */
export async function startSegmentIngestion(options: SegmentIngestionOptions): Promise<TrackingIngestion> {
  const maxBatchBytes = options.maxBatchBytes ?? 500 * 1024;
  const maxEventBytes = options.maxEventBytes ?? 32 * 1024;
  const maxBatchEvents = options.maxBatchEvents ?? 2500;
  const refuse = (status: number, message: string): Answer => ({ status, headers: TEXT, body: message });

  const recorder = await startHttpRecorder({
    parse: parseTrackingPayload,
    respond(request, { body, messages }) {
      const endpoint = trackingEndpoint(request.path);
      if (request.method !== 'POST' || endpoint === null) return refuse(404, 'Not Found');
      if (body === undefined || (endpoint.kind === 'batch' && !Array.isArray(body['batch']))) return refuse(400, 'Invalid JSON');
      if (writeKeyOf(request, body) !== options.writeKey) return refuse(401, 'Invalid write key');
      const size = request.body?.length ?? 0;
      if (size > (endpoint.kind === 'batch' ? maxBatchBytes : maxEventBytes)) return refuse(400, 'Exceed payload limit');
      if (messages.length > maxBatchEvents) return refuse(400, 'Exceed payload limit');
      if (messages.some((m) => Buffer.byteLength(JSON.stringify(m)) > maxEventBytes)) return refuse(400, 'Exceed payload limit');
      return { status: 200, headers: { 'content-type': 'application/json' }, body: '{"success":true}' };
    },
    faultAnswer: (status) => ({ status, headers: TEXT, body: STATUS_CODES[status] ?? '' }),
  });
  return trackingIngestion(recorder);
}

/** The Basic auth username (`writeKey:`), else `writeKey` in the body. */
function writeKeyOf(request: ReceivedRequest, body: Record<string, unknown>): string | undefined {
  const basic = basicUser(request.headers.authorization);
  if (basic !== undefined && basic !== '') return basic;
  const inBody = body['writeKey'];
  return typeof inBody === 'string' ? inBody : undefined;
}

/** The username of a Basic Authorization header. */
export function basicUser(authorization: string | undefined): string | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
  if (match?.[1] === undefined) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? decoded : decoded.slice(0, colon);
}

function jsonObject(body: Buffer | undefined): Record<string, unknown> | undefined {
  if (body === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
