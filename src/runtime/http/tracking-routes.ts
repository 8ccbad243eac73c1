import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { JsonObject } from '../../core/events/event.ts';
import { stableId } from '../../core/hash/stable-hash.ts';
import { validateEvent } from '../../core/events/validate-event.ts';
import type { InboxMessage } from '../store/store.ts';
import { BodyError, decodeJsonBody, MAX_BATCH_BYTES, MAX_MESSAGE_BYTES } from './decode-body.ts';
import type { InboxWriter } from './inbox-writer.ts';
import { basicAuthUser, type WriteKeys } from './write-keys.ts';

export interface TrackingDeps {
  writeKeys: WriteKeys;
  inbox: InboxWriter;
  now: () => number;
  onAccepted?: (source: string, count: number) => void;
}

const SINGLE_TYPES = ['track', 'identify', 'page', 'screen', 'group', 'alias'] as const;

export interface Rejection {
  index: number;
  messageId?: string;
  errors: string[];
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates each message alone: a bad one is rejected with its reasons and the rest go on.
 * Batch-level `context` (Segment's batch API) is merged under each message's own.
 */
export function toInboxMessages(messages: unknown[], source: string, receivedAt: number, batchContext: JsonObject | undefined, checkSizes: boolean) {
  const accepted: InboxMessage[] = [];
  const rejected: Rejection[] = [];
  messages.forEach((raw, index) => {
    if (checkSizes && Buffer.byteLength(JSON.stringify(raw)) > MAX_MESSAGE_BYTES) {
      rejected.push({ index, errors: [`message: larger than ${MAX_MESSAGE_BYTES} bytes`] });
      return;
    }
    let message = raw;
    if (batchContext && isObject(raw)) message = { ...raw, context: { ...batchContext, ...(isObject(raw['context']) ? raw['context'] : {}) } };
    // A message without messageId gets one derived from its content, so a resend dedupes.
    const minted = isObject(message) && message['messageId'] === undefined ? stableId('pw-', JSON.stringify(message)) : undefined;
    const result = validateEvent(message, { source, receivedAt, ...(minted ? { messageId: minted } : {}) });
    if (!result.ok) {
      const messageId = isObject(raw) && typeof raw['messageId'] === 'string' ? raw['messageId'] : undefined;
      rejected.push({ index, ...(messageId ? { messageId } : {}), errors: result.errors });
      return;
    }
    accepted.push({ source, messageId: result.event.messageId, receivedAt, payload: JSON.stringify(result.event) });
  });
  return { accepted, rejected };
}

function fail(reply: FastifyReply, status: number, error: string, extra: object = {}): FastifyReply {
  return reply.code(status).send({ success: false, error, ...extra });
}

/**
 * The Segment / RudderStack compatible tracking API. A 2xx means every accepted message is
 * committed to the inbox; a bad message is rejected alone, listed with its reasons.
 */
export function registerTrackingRoutes(app: FastifyInstance, deps: TrackingDeps): void {
  const handle = (kind: 'batch' | (typeof SINGLE_TYPES)[number]) => async (request: FastifyRequest, reply: FastifyReply) => {
    const raw = request.body as Buffer;
    let body: unknown;
    try {
      body = decodeJsonBody(raw, request.headers['content-encoding'] as string | undefined, MAX_BATCH_BYTES);
    } catch (err) {
      if (err instanceof BodyError) return fail(reply, err.statusCode, err.message);
      throw err;
    }
    if (!isObject(body)) return fail(reply, 400, 'body: expected a JSON object');
    const key = basicAuthUser(request.headers.authorization) ?? (typeof body['writeKey'] === 'string' ? body['writeKey'] : undefined);
    const source = deps.writeKeys.sourceFor(key);
    if (!source) {
      return fail(reply, 401, key === undefined ? 'auth: missing write key (Basic auth username or body.writeKey)' : 'auth: unknown write key');
    }
    let messages: unknown[];
    let batchContext: JsonObject | undefined;
    if (kind === 'batch') {
      if (!Array.isArray(body['batch'])) return fail(reply, 400, 'batch: expected an array of messages');
      messages = body['batch'];
      if (isObject(body['context'])) batchContext = body['context'];
    } else {
      messages = [{ ...body, type: body['type'] ?? kind }];
    }
    const receivedAt = deps.now();
    const { accepted, rejected } = toInboxMessages(messages, source, receivedAt, batchContext, raw.length > MAX_MESSAGE_BYTES);
    if (accepted.length === 0 && rejected.length > 0) return fail(reply, 400, 'every message was rejected', { rejected });
    const { duplicates } = accepted.length > 0 ? await deps.inbox.append(accepted) : { duplicates: 0 };
    deps.onAccepted?.(source, accepted.length - duplicates);
    return reply.code(200).send({ success: true, accepted: accepted.length, duplicates, ...(rejected.length > 0 ? { rejected } : {}) });
  };
  app.post('/v1/batch', handle('batch'));
  app.post('/v1/import', handle('batch'));
  for (const type of SINGLE_TYPES) app.post(`/v1/${type}`, handle(type));
}
