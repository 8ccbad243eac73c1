import { randomUUID } from 'node:crypto';
import type { SendResult } from '../email-log.ts';
import { notFound, validationError } from '../errors.ts';
import { isValidEmail } from '../property-values.ts';
import type { Route, RouteContext } from '../router.ts';
import { asRecord, isoOf, requireParam, type RouteDeps } from './route-deps.ts';

/**
 * Transactional single send (`POST /marketing/v3/transactional/single-email/send`, SDK
 * `marketing.transactional.singleSendApi.sendEmail`) and marketing single send
 * (`POST /marketing/v4/email/single-send`, only via `client.apiRequest`). Both answer PENDING at
 * once; the outcome (SENT, or a suppression such as PREVIOUSLY_BOUNCED) is read from
 * `GET /marketing/v3/email/send-statuses/{statusId}`. A recipient with no contact gets one, as
 * HubSpot documents for both APIs.
 */
export function emailRoutes(deps: RouteDeps): Route[] {
  const send = (ctx: RouteContext, kind: 'transactional' | 'marketing') => {
    const body = asRecord(ctx.body, 'body');
    const emailId = Number(body.emailId);
    if (!Number.isInteger(emailId)) throw validationError('emailId is required');
    const message = asRecord(body.message, 'message');
    const to = typeof message.to === 'string' ? message.to.trim() : '';
    if (!to) throw validationError('message.to is required');
    if (!isValidEmail(to)) throw validationError(`Invalid recipient address: ${to}`, { errors: [{ message: `${to} is not a valid email address`, code: 'INVALID_EMAIL', in: 'message.to' }] });
    const template = deps.store.emails.templates.get(emailId);
    // [UNVERIFIED wording] HubSpot refuses ids that are not a published email of the right kind.
    if (!template || template.kind !== kind) throw notFound(`No ${kind} email with id ${emailId} exists in this account.`);
    const sendId = typeof message.sendId === 'string' ? message.sendId : undefined;
    const contactProperties = body.contactProperties === undefined ? {} : asRecord(body.contactProperties, 'contactProperties');
    const customProperties = body.customProperties === undefined ? {} : asRecord(body.customProperties, 'customProperties');
    const contact = deps.store.records.findBy('contacts', 'email', to) ?? deps.store.records.create('contacts', { email: to });
    const duplicate = sendId !== undefined && deps.store.emails.seenSendId(emailId, sendId);
    const sendResult: SendResult = duplicate ? 'IDEMPOTENT_IGNORE' : (deps.store.emails.suppression(to) ?? 'SENT');
    const statusId = randomUUID();
    const requestedAt = deps.clock.now();
    deps.store.emails.record({ statusId, kind, emailId, to, sendId, message, contactProperties, customProperties, requestedAt, sendResult, contactId: contact.id });
    return { status: 200, body: { status: 'PENDING', statusId, requestedAt: isoOf(requestedAt) } };
  };

  return [
    {
      method: 'POST',
      pattern: '/marketing/v3/transactional/single-email/send',
      auth: 'bearer',
      scopes: () => ['transactional-email'],
      handler: (ctx) => send(ctx, 'transactional'),
    },
    {
      method: 'POST',
      pattern: '/marketing/v4/email/single-send',
      auth: 'bearer',
      scopes: () => ['marketing-email', 'transactional-email'],
      handler: (ctx) => send(ctx, 'marketing'),
    },
    {
      method: 'GET',
      pattern: '/marketing/v3/email/send-statuses/:statusId',
      auth: 'bearer',
      scopes: () => ['marketing-email', 'transactional-email'],
      handler: (ctx) => {
        const sent = deps.store.emails.byStatusId(requireParam(ctx.params, 'statusId'));
        if (!sent) throw notFound('Send status not found');
        return {
          status: 200,
          body: {
            status: 'COMPLETE',
            statusId: sent.statusId,
            sendResult: sent.sendResult,
            requestedAt: isoOf(sent.requestedAt),
            startedAt: isoOf(sent.requestedAt),
            completedAt: isoOf(sent.requestedAt),
            eventId: { id: sent.statusId, created: isoOf(sent.requestedAt) },
          },
        };
      },
    },
  ];
}
