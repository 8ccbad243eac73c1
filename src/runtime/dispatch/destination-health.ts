import type { ConnectorError } from '../../../connectors/sdk/connector-error.ts';

/**
 * - `ok`: the last send to this connector went through (or none was tried yet);
 * - `retrying`: sends are failing in ways that pass (5xx, network, rate limits) and are retried;
 * - `failing`: a send was dead-lettered for a reason that is not the item's own (a refused token,
 *   a missing setting, a platform down past every retry): the admin must act. It stays so until a
 *   send to the connector goes through again.
 */
export type DestinationState = 'ok' | 'retrying' | 'failing';

/** One destination connector as the admin sees it. Counts are since the process started. */
export interface DestinationStatus {
  connector: string;
  state: DestinationState;
  sent: number;
  retried: number;
  deadLettered: number;
  /** ISO times. */
  lastSentAt?: string;
  failingSince?: string;
  /** The most recent failure, kept after recovery so the admin can see what happened. */
  lastError?: { kind: string; message: string; action: string; at: string };
}

export type SendOutcome = 'sent' | 'retry' | 'dead';

/**
 * Follows every send's outcome per connector, so that a destination which stopped working shows
 * at `/healthz` and `/api/connectors` and is logged once, instead of only as a growing list of
 * dead letters. A `payload` error is the item's own (a bad email address) and says nothing about
 * the connector, so it is counted but does not change the state.
 */
export class DestinationHealth {
  private readonly byConnector = new Map<string, DestinationStatus>();

  /**
   * Records one send's outcome. Returns true when this outcome turned the connector `failing`,
   * i.e. the moment to tell the admin.
   */
  record(destination: string, outcome: SendOutcome, at: number, error?: ConnectorError): boolean {
    const dot = destination.indexOf('.');
    const connector = dot < 0 ? destination : destination.slice(0, dot);
    const status = this.statusOf(connector);
    if (outcome === 'sent') {
      status.sent++;
      status.lastSentAt = new Date(at).toISOString();
      status.state = 'ok';
      delete status.failingSince;
      return false;
    }
    if (outcome === 'retry') status.retried++;
    else status.deadLettered++;
    if (error !== undefined) status.lastError = { kind: error.kind, message: error.message, action: destination, at: new Date(at).toISOString() };
    if (error?.kind === 'payload') return false;
    if (outcome === 'retry') {
      if (status.state === 'ok') status.state = 'retrying';
      return false;
    }
    if (status.state === 'failing') return false;
    status.state = 'failing';
    status.failingSince = new Date(at).toISOString();
    return true;
  }

  /** Every connector a send was tried for, by id. */
  statuses(): DestinationStatus[] {
    return [...this.byConnector.values()].map((s) => ({ ...s, ...(s.lastError ? { lastError: { ...s.lastError } } : {}) }));
  }

  private statusOf(connector: string): DestinationStatus {
    let status = this.byConnector.get(connector);
    if (!status) {
      status = { connector, state: 'ok', sent: 0, retried: 0, deadLettered: 0 };
      this.byConnector.set(connector, status);
    }
    return status;
  }
}
