import { z } from 'zod';
import { ConnectorError } from '../../sdk/connector-error.ts';
import { defineAction, type ConnectorContext } from '../../sdk/define-connector.ts';
import { hubspotApi } from '../client.ts';
import type { HubspotSettings } from '../settings.ts';
import { emailIdOf } from './email-id.ts';
import { sendOutcome, type EmailSendStatus } from './email-send-result.ts';
import { optionalEmail } from './input-fields.ts';
import { requestJson } from './api-request.ts';

type Ctx = ConnectorContext<HubspotSettings>;

export const SendEmailInput = z
  .object({
    emailId: z
      .union([z.number().int().positive(), z.string().trim().min(1)])
      .describe('HubSpot email id, or its name in connections.hubspot.emails (e.g. "webinar-recording").'),
    to: optionalEmail.describe("Recipient; default the profile's email trait."),
    kind: z
      .enum(['transactional', 'marketing'])
      .default('transactional')
      .describe('transactional: single-send API (Transactional Email add-on); marketing: marketing single send (v4).'),
    contactProperties: z.record(z.string(), z.string()).optional().describe('Contact property values the email template renders.'),
    customProperties: z.record(z.string(), z.unknown()).optional().describe('Values for the template’s custom tokens.'),
  })
  .strict();
export type SendEmailInput = z.infer<typeof SendEmailInput>;

const SendStatusBody = z.object({ statusId: z.string(), status: z.string(), sendResult: z.string().optional() });

/** HubSpot's own unsubscribe flag, as a synced trait (a boolean, or the string HubSpot stores). */
function optedOut(traits: Record<string, unknown>): boolean {
  const flag = traits['hs_email_optout'];
  return flag === true || flag === 'true';
}

async function send(ctx: Ctx, input: SendEmailInput, request: { emailId: number; message: { to: string; sendId: string } }): Promise<EmailSendStatus> {
  const extras = { ...(input.contactProperties ? { contactProperties: input.contactProperties } : {}), ...(input.customProperties ? { customProperties: input.customProperties } : {}) };
  const api = hubspotApi(ctx);
  if (input.kind === 'marketing') {
    const body = await api.call('send a marketing email', (client) => requestJson(client, { method: 'POST', path: '/marketing/v4/email/single-send', body: { ...request, ...extras } }));
    return SendStatusBody.parse(body);
  }
  const answer = await api.call('send a transactional email', (client) => client.marketing.transactional.singleSendApi.sendEmail({ ...request, ...extras }));
  return { statusId: answer.statusId, status: answer.status, sendResult: answer.sendResult };
}

/** The send's outcome: HubSpot answers a send before deciding it, so read the status once. */
async function settled(ctx: Ctx, status: EmailSendStatus): Promise<EmailSendStatus> {
  if (status.sendResult !== undefined || status.status === 'CANCELED') return status;
  const body = await hubspotApi(ctx).call('read the email send status', (client) => requestJson(client, { method: 'GET', path: `/marketing/v3/email/send-statuses/${encodeURIComponent(status.statusId)}` }));
  return SendStatusBody.parse(body);
}

/**
 * One email to one contact who has not opted out. The idempotency key is the `sendId`, so HubSpot
 * sends at most once per key however often the dispatcher retries.
 */
export const sendEmail = defineAction<HubspotSettings, SendEmailInput>({
  title: 'Send email',
  description: 'Send a HubSpot transactional or marketing email to the contact, once per decision, never to a contact who opted out.',
  input: SendEmailInput,
  async perform(ctx, { input, meta }) {
    if (optedOut(meta.traits)) return { ok: false, error: new ConnectorError('payload', `not sent: profile ${meta.profileId} opted out of email (hs_email_optout)`) };
    const traitEmail = meta.traits['email'];
    const to = input.to ?? (typeof traitEmail === 'string' && traitEmail.length > 0 ? traitEmail : undefined);
    if (to === undefined) return { ok: false, error: new ConnectorError('payload', `not sent: no "to" and profile ${meta.profileId} has no email trait`) };
    const emailId = emailIdOf(ctx.settings, input.emailId);
    const what = `${input.kind} email ${emailId} to ${to}`;
    try {
      const status = await send(ctx, input, { emailId, message: { to, sendId: meta.idempotencyKey } });
      return sendOutcome(what, await settled(ctx, status));
    } catch (err) {
      // 404: the email id is not a published email of this kind in the account — the manifest's or the settings' mistake.
      if (err instanceof ConnectorError && err.status === 404) throw new ConnectorError('config', `${err.message} (emailId ${String(input.emailId)} → ${emailId})`, { status: 404, cause: err });
      throw err;
    }
  },
});
