import { STATUS_CODES } from 'node:http';
import { startHttpRecorder, type Answer } from './http-recorder.ts';
// RudderStack's data plane speaks Segment's tracking spec: same endpoints, bodies and messages.
import { basicUser, parseTrackingPayload, trackingEndpoint, trackingIngestion, type TrackingIngestion } from './segment-ingestion.ts';

export interface RudderstackIngestionOptions {
  /** The source's write key, sent as the Basic auth username. */
  writeKey: string;
  /** Largest decoded body, in bytes. Default 4096000 (rudder-server's `Gateway.maxReqSizeInKB` 4000). */
  maxRequestBytes?: number;
  /** Largest message, as JSON, in bytes. Default 32768 (RudderStack's documented 32 KB per event). */
  maxEventBytes?: number;
}

/**
 * Go's `http.Error`, which rudder-server's gateway answers every refusal with: the message and a
 * newline, as plain text that must not be sniffed.
 */
function goHttpError(status: number, message: string): Answer {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' }, body: `${message}\n` };
}

/** rudder-server's wording for the statuses a test is likely to script (gateway/response/response.go). */
const GATEWAY_MESSAGES: Readonly<Record<number, string>> = { 429: 'Max Requests Limit reached', 413: 'Request size exceeds max limit' };

/**
 * A local RudderStack data plane (rudder-server's gateway): `POST /v1/batch` (and `/v1/import`,
 * `/v1/track`, `/v1/identify`, …), Basic auth with the write key, gunzip whenever
 * `Content-Encoding: gzip` (rudder-sdk-node sends its gzip bodies as
 * `application/x-www-form-urlencoded`). Answers `200 OK` as text, and refuses with the gateway's
 * messages: 401 `Failed to read writeKey from header` / `Invalid Write Key`, 400 `Invalid JSON` /
 * `Request body is nil` / `Request neither has anonymousId nor userId`, 413 `Request size exceeds
 * max limit`. The gateway has no message of its own for one oversized event; this simulator
 * refuses it with the 413 too (an assumption). No deduplication: every delivery is recorded.
 */
export async function startRudderstackIngestion(options: RudderstackIngestionOptions): Promise<TrackingIngestion> {
  const maxRequestBytes = options.maxRequestBytes ?? 4000 * 1024;
  const maxEventBytes = options.maxEventBytes ?? 32 * 1024;

  const recorder = await startHttpRecorder({
    parse: parseTrackingPayload,
    respond(request, { body, messages }) {
      if (request.method !== 'POST' || trackingEndpoint(request.path) === null) return goHttpError(404, '404 page not found');
      const user = basicUser(request.headers.authorization);
      if (user === undefined || user === '') return goHttpError(401, 'Failed to read writeKey from header');
      if (user !== options.writeKey) return goHttpError(401, 'Invalid Write Key');
      if (request.body === undefined) return goHttpError(500, 'Failed to read body from request');
      if (request.body.length === 0) return goHttpError(400, 'Request body is nil');
      if (request.body.length > maxRequestBytes) return goHttpError(413, 'Request size exceeds max limit');
      if (body === undefined || messages.length === 0) return goHttpError(400, 'Invalid JSON');
      if (messages.some((m) => !isId(m['userId']) && !isId(m['anonymousId']))) return goHttpError(400, 'Request neither has anonymousId nor userId');
      if (messages.some((m) => Buffer.byteLength(JSON.stringify(m)) > maxEventBytes)) return goHttpError(413, 'Request size exceeds max limit');
      return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'OK' };
    },
    faultAnswer: (status) => goHttpError(status, GATEWAY_MESSAGES[status] ?? STATUS_CODES[status] ?? ''),
  });
  return trackingIngestion(recorder);
}

function isId(value: unknown): boolean {
  return (typeof value === 'string' && value !== '') || typeof value === 'number';
}
