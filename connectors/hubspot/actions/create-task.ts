import { AssociationTypes } from '@hubspot/api-client';
import { AssociationSpecAssociationCategoryEnum, type SimplePublicObjectInputForCreate } from '@hubspot/api-client/lib/codegen/crm/objects/tasks/index.js';
import { z } from 'zod';
import { ConnectorError } from '../../sdk/connector-error.ts';
import { defineAction, type ActionResult, type SendMeta } from '../../sdk/define-connector.ts';
import { hubspotApi } from '../client.ts';
import { PATHWISE_ACTION_PROPERTY, PATHWISE_KEY_PROPERTY } from '../record-event.ts';
import type { HubspotSettings } from '../settings.ts';
import { contactIdFor } from './contact-id.ts';
import { openTaskFor, taskByKey, type ExistingTask } from './existing-task.ts';
import { hubspotId } from './input-fields.ts';
import { explainMissingTaskProperties } from './missing-task-properties.ts';
import { dueTime, givenDueFields, TaskDueFields } from './task-due.ts';
import { assignOwner } from './task-owner.ts';
import { withWhyNow } from './why-now-footer.ts';

export const CreateTaskInput = z
  .object({
    subject: z.string().trim().min(1).max(1000).describe('Task title the rep sees in their queue.'),
    body: z.string().default('').describe('Task notes (rendered Liquid). Reasons are appended when the body lacks them.'),
    priority: z.enum(['LOW', 'MEDIUM', 'HIGH']).default('MEDIUM'),
    type: z.enum(['CALL', 'EMAIL', 'TODO']).default('TODO'),
    ...TaskDueFields,
    ownerId: hubspotId.describe("HubSpot owner id; default the contact's owner, else the round-robin team."),
    dealId: hubspotId.describe('Deal to associate the task with, besides the contact.'),
  })
  .strict()
  .refine((input) => givenDueFields(input).length <= 1, { error: 'give at most one of dueInDays, dueInHours, dueAt', path: ['dueAt'] });
export type CreateTaskInput = z.infer<typeof CreateTaskInput>;

const HUBSPOT_DEFINED = AssociationSpecAssociationCategoryEnum.HubspotDefined;

function deduplicated(task: ExistingTask, contactId: string): ActionResult {
  return { ok: true, ref: task.id, detail: { ownerId: task.ownerId ?? null, contactId, deduplicated: true } };
}

function taskRequest(input: CreateTaskInput, meta: SendMeta, contactId: string, ownerId: string | undefined, now: number): SimplePublicObjectInputForCreate {
  const association = (id: string, associationTypeId: number) => ({ to: { id }, types: [{ associationCategory: HUBSPOT_DEFINED, associationTypeId }] });
  return {
    properties: {
      hs_timestamp: new Date(dueTime(input, now)).toISOString(),
      hs_task_subject: input.subject,
      hs_task_body: withWhyNow(input.body, meta.explanation),
      hs_task_status: 'NOT_STARTED',
      hs_task_priority: input.priority,
      hs_task_type: input.type,
      [PATHWISE_KEY_PROPERTY]: meta.idempotencyKey,
      [PATHWISE_ACTION_PROPERTY]: meta.actionId,
      ...(ownerId === undefined ? {} : { hubspot_owner_id: ownerId }),
    },
    associations: [
      association(contactId, AssociationTypes.taskToContact),
      ...(input.dealId === undefined ? [] : [association(input.dealId, AssociationTypes.taskToDeal)]),
    ],
  };
}

/**
 * A task for a rep, on the contact (and deal), saying why now. Exactly once per idempotency key,
 * across a crash between create and acknowledgement: the task carries the key, and a retry finds
 * it before creating. At most one open task per manifest action and contact.
 */
export const createTask = defineAction<HubspotSettings, CreateTaskInput>({
  title: 'Create task',
  description: "Create a HubSpot task for the contact's owner (or the round-robin team), associated with the contact and optionally a deal, with the reasons in its body.",
  input: CreateTaskInput,
  async perform(ctx, { input, meta }) {
    const api = hubspotApi(ctx);
    try {
      const contactId = await contactIdFor(ctx, meta);
      const earlier = (await taskByKey(ctx, meta.idempotencyKey)) ?? (await openTaskFor(ctx, meta.actionId, contactId));
      if (earlier) return deduplicated(earlier, contactId);
      const assignment = await assignOwner(ctx, input.ownerId ?? meta.owner);
      try {
        const task = await api.call('create task', (client) => client.crm.objects.tasks.basicApi.create(taskRequest(input, meta, contactId, assignment.ownerId, ctx.now())));
        assignment.confirm(task.id);
        return { ok: true, ref: task.id, detail: { ownerId: assignment.ownerId ?? null, contactId } };
      } catch (err) {
        assignment.release();
        // 409: a task with this key exists after all (created by a send whose answer was lost).
        const created = err instanceof ConnectorError && err.status === 409 ? await taskByKey(ctx, meta.idempotencyKey) : undefined;
        if (created) return deduplicated(created, contactId);
        throw err;
      }
    } catch (err) {
      throw explainMissingTaskProperties(err);
    }
  },
});
