import { ConnectorError } from '../../sdk/connector-error.ts';
import type { ActionResult } from '../../sdk/define-connector.ts';

/** What HubSpot says about one send: the answer to the send, or a later read of its status. */
export interface EmailSendStatus {
  statusId: string;
  /** PENDING, PROCESSING, CANCELED or COMPLETE. */
  status: string;
  /** Set once HubSpot has decided: SENT, or why it did not send. */
  sendResult?: string | undefined;
}

/** Why a recipient did not get the email, in words an admin reading a dead letter understands. */
const RECIPIENT_REFUSALS: Readonly<Record<string, string>> = {
  PREVIOUSLY_UNSUBSCRIBED_MESSAGE: 'the recipient unsubscribed from this type of email',
  PREVIOUSLY_UNSUBSCRIBED_PORTAL: 'the recipient unsubscribed from all email of this account',
  PREVIOUSLY_UNSUBSCRIBED_BRAND: 'the recipient unsubscribed from this brand',
  PREVIOUSLY_UNSUBSCRIBED_BUSINESS_UNIT: 'the recipient unsubscribed from this business unit',
  ADDRESS_OPTED_OUT: 'the recipient opted out',
  NON_MARKETABLE_CONTACT: 'the contact is not a marketing contact',
  GDPR_DOI_ENABLED: 'the recipient has not confirmed double opt-in',
  PREVIOUSLY_BOUNCED: 'the address bounced before',
  PREVIOUS_SPAM: 'the recipient marked earlier email as spam',
  BLOCKED_DOMAIN: "the recipient's domain is blocked",
  BLOCKED_ADDRESS: 'the address is blocked',
  QUARANTINED_ADDRESS: 'the address is quarantined',
  INVALID_TO_ADDRESS: 'the address is invalid',
  UNDELIVERABLE: 'the address is undeliverable',
  GRAYMAIL_SUPPRESSED: 'the recipient does not engage with this email (graymail suppression)',
  RECIPIENT_FATIGUE_SUPPRESSED: 'the recipient received too much email recently',
};

/** Results that need the admin, whatever the recipient: the account or its sending setup. */
const ACCOUNT_PROBLEMS = new Set([
  'EMAIL_DISABLED',
  'PORTAL_SUSPENDED',
  'PORTAL_EXPIRED',
  'PORTAL_OVER_LIMIT',
  'PORTAL_MISSING_MARKETING_SCOPE',
  'PORTAL_AUTHENTICATION_FAILURE',
  'PORTAL_NOT_AUTHORIZED_FOR_APPLICATION',
  'INVALID_FROM_ADDRESS',
  'UNCONFIGURED_SENDING_DOMAIN',
  'CANCELLED_ABUSE',
]);

/**
 * The action's result for a send status. SENT and QUEUED are sent; IDEMPOTENT_IGNORE means this
 * sendId went out before (a retry after a lost answer), so it is sent too. A suppression or an
 * unsubscribe is a `payload` error that says why: retrying cannot change it, and with the same
 * sendId HubSpot would not send again anyway. No result yet (PENDING) counts as accepted.
 */
export function sendOutcome(what: string, status: EmailSendStatus): ActionResult {
  const detail = { statusId: status.statusId, status: status.status, sendResult: status.sendResult ?? null };
  const result = status.sendResult;
  if (result === undefined) {
    return status.status === 'CANCELED' ? { ok: false, error: new ConnectorError('payload', `HubSpot canceled ${what}`) } : { ok: true, ref: status.statusId, detail };
  }
  if (result === 'SENT' || result === 'QUEUED') return { ok: true, ref: status.statusId, detail };
  if (result === 'IDEMPOTENT_IGNORE') return { ok: true, ref: status.statusId, detail: { ...detail, deduplicated: true } };
  if (ACCOUNT_PROBLEMS.has(result)) return { ok: false, error: new ConnectorError('config', `HubSpot did not send ${what}: ${result}`) };
  const why = RECIPIENT_REFUSALS[result];
  return { ok: false, error: new ConnectorError('payload', `HubSpot did not send ${what}: ${result}${why === undefined ? '' : ` (${why})`}`) };
}
