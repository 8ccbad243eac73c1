import RudderAnalytics from '@rudderstack/rudder-sdk-node';
import { ConnectorError, errorKindForStatus, parseRetryAfter } from '../sdk/connector-error.ts';
import type { ConnectorContext } from '../sdk/define-connector.ts';
import type { RudderstackSettings } from './settings.ts';

const clients = new WeakMap<object, RudderAnalytics>();

/**
 * One rudder-sdk-node client per connection, with its axios retries off (retryCount 0): the
 * dispatcher owns retries. An errorHandler makes the SDK hand each batch's axios error to the
 * callbacks instead of throwing it.
 */
export function rudderClient(ctx: ConnectorContext<RudderstackSettings>): RudderAnalytics {
  let client = clients.get(ctx);
  if (!client) {
    const writeKey = ctx.secrets['writeKey'];
    if (writeKey === undefined) throw new ConnectorError('config', 'connections.rudderstack.writeKey is not set');
    if (ctx.settings.dataPlaneUrl === undefined) throw new ConnectorError('config', 'connections.rudderstack.dataPlaneUrl is not set');
    // Failures reach the dispatcher as ConnectorErrors (and its logs); the SDK's console lines would duplicate them.
    client = new RudderAnalytics(writeKey, { dataPlaneUrl: ctx.settings.dataPlaneUrl, flushAt: 100, flushInterval: 200, retryCount: 0, gzip: true, logLevel: 'none', errorHandler: () => {} });
    clients.set(ctx, client);
  }
  return client;
}

interface AxiosLikeError {
  message?: string;
  code?: string;
  response?: { status: number; statusText?: string; headers?: Record<string, string | undefined> };
}

export function mapRudderError(err: unknown, now: number): ConnectorError {
  const e = err as AxiosLikeError;
  const status = e.response?.status;
  if (status === undefined) return new ConnectorError('transient', `RudderStack unreachable: ${e.code ?? e.message ?? String(err)}`, { cause: err });
  const kind = errorKindForStatus(status);
  const retryAfterMs = parseRetryAfter(e.response?.headers?.['retry-after'], now);
  return new ConnectorError(kind, `RudderStack answered ${status} ${e.response?.statusText ?? ''}`.trim(), { status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
}
