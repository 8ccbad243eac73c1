import type { Client } from '@hubspot/api-client';

/**
 * A non-2xx answer to `client.apiRequest`, which (unlike the generated APIs) resolves instead of
 * throwing. It carries the same `code`, `body` and `headers` as the SDK's ApiException, so the
 * token refresh and `mapHubspotError` treat both kinds of request alike.
 */
export class HubspotResponseError extends Error {
  constructor(
    readonly code: number,
    readonly body: unknown,
    readonly headers: Record<string, string>,
  ) {
    super(`HTTP-Code: ${code}`);
  }
}

/** Sends a JSON request through `client.apiRequest` (endpoints the SDK does not wrap) and parses the answer. */
export async function requestJson(client: Client, request: { method: 'GET' | 'POST'; path: string; body?: unknown }): Promise<unknown> {
  const response = await client.apiRequest(request.body === undefined ? { method: request.method, path: request.path } : request);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON (a proxy's HTML error page): keep the text for the error message.
  }
  if (!response.ok) {
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    throw new HubspotResponseError(response.status, body, headers);
  }
  return body;
}
