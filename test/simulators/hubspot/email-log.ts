/** Why HubSpot did not deliver, as the send status reports it (a subset of `EmailSendStatusViewSendResultEnum`). */
export type SuppressionReason =
  | 'PREVIOUSLY_BOUNCED'
  | 'PREVIOUS_SPAM'
  | 'PREVIOUSLY_UNSUBSCRIBED_MESSAGE'
  | 'PREVIOUSLY_UNSUBSCRIBED_PORTAL'
  | 'BLOCKED_DOMAIN'
  | 'BLOCKED_ADDRESS';

export type SendResult = 'SENT' | 'IDEMPOTENT_IGNORE' | SuppressionReason;

/** A template email the account has published; sends must name one. */
export interface EmailTemplate {
  id: number;
  kind: 'transactional' | 'marketing';
  name?: string;
}

/** One accepted send request (also the ignored duplicates, so a test sees the retry). */
export interface SentEmail {
  statusId: string;
  kind: 'transactional' | 'marketing';
  emailId: number;
  to: string;
  sendId: string | undefined;
  message: Record<string, unknown>;
  contactProperties: Record<string, unknown>;
  customProperties: Record<string, unknown>;
  requestedAt: number;
  sendResult: SendResult;
  contactId: string;
}

export class EmailLog {
  readonly templates = new Map<number, EmailTemplate>();
  readonly #sent: SentEmail[] = [];
  readonly #suppressed = new Map<string, SuppressionReason>();

  addTemplate(template: EmailTemplate): void {
    this.templates.set(template.id, template);
  }

  /** Makes later sends to `email` end with `reason` instead of SENT. */
  suppress(email: string, reason: SuppressionReason): void {
    this.#suppressed.set(email.toLowerCase(), reason);
  }

  suppression(email: string): SuppressionReason | undefined {
    return this.#suppressed.get(email.toLowerCase());
  }

  record(send: SentEmail): void {
    this.#sent.push(send);
  }

  /** Every send request, in order. */
  sent(): readonly SentEmail[] {
    return this.#sent;
  }

  /** Only sends that reached the recipient. */
  delivered(): SentEmail[] {
    return this.#sent.filter((s) => s.sendResult === 'SENT');
  }

  byStatusId(statusId: string): SentEmail | undefined {
    return this.#sent.find((s) => s.statusId === statusId);
  }

  seenSendId(emailId: number, sendId: string): boolean {
    return this.#sent.some((s) => s.emailId === emailId && s.sendId === sendId);
  }
}
