import { ConnectorError } from './connector-error.ts';

/** A webhook body is one event object or an array of them; anything else is a payload error. */
export function parseWebhookEvents(rawBody: Buffer): Record<string, unknown>[] {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch (err) {
    throw new ConnectorError('payload', `body: malformed JSON (${(err as Error).message})`);
  }
  const events = Array.isArray(body) ? body : [body];
  if (!events.every((e) => typeof e === 'object' && e !== null && !Array.isArray(e))) throw new ConnectorError('payload', 'body: expected an event object or an array of them');
  return events as Record<string, unknown>[];
}
