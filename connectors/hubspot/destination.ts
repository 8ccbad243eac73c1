import type { DestinationAction } from '../sdk/define-connector.ts';
import { createTask } from './actions/create-task.ts';
import { addToList, removeFromList } from './actions/list-membership.ts';
import { sendEmail } from './actions/send-email.ts';
import { updateContact } from './actions/update-contact.ts';
import type { HubspotSettings } from './settings.ts';

/** The HubSpot destination actions, one file each under actions/. */
export const hubspotActions = { createTask, sendEmail, addToList, removeFromList, updateContact } satisfies Record<string, DestinationAction<HubspotSettings, unknown>>;
