import type { ProfileSummary } from '../../sdk/connector-route.ts';

/**
 * HubSpot's classic CRM card data-fetch response [HubSpot legacy CRM cards guide, "Extension
 * property types"]: up to five result objects, each with a title and typed properties. STATUS
 * takes an `optionType` colour; DATETIME is epoch milliseconds [UNVERIFIED: from memory of the
 * property-types page, whose wording was not at hand].
 */
export type CardProperty =
  | { label: string; dataType: 'STRING'; value: string }
  | { label: string; dataType: 'DATETIME'; value: number }
  | { label: string; dataType: 'STATUS'; value: string; optionType: 'DEFAULT' | 'SUCCESS' | 'WARNING' | 'DANGER' | 'INFO' };

export interface CardResult {
  objectId: number;
  title: string;
  properties: CardProperty[];
}

export interface CardResponse {
  results: CardResult[];
}

/** HubSpot shows at most five results per card. */
const MAX_RESULTS = 5;

const STATUS: Record<ProfileSummary['actions'][number]['status'], { value: string; optionType: 'WARNING' | 'SUCCESS' | 'DANGER' }> = {
  pending: { value: 'Pending: not sent yet', optionType: 'WARNING' },
  sent: { value: 'Sent', optionType: 'SUCCESS' },
  dead: { value: 'Failed: gave up sending', optionType: 'DANGER' },
};

/** The newest action is the current next best action: what Pathwise chose last, and why. */
function nextBestAction(action: ProfileSummary['actions'][number], objectId: number): CardResult {
  const status = STATUS[action.status];
  return {
    objectId,
    title: `Next best action: ${action.title}`,
    properties: [
      { label: 'Status', dataType: 'STATUS', ...status },
      { label: 'Why', dataType: 'STRING', value: action.reasons.length > 0 ? action.reasons.join('; ') : 'No reason recorded' },
      ...(action.journeyName !== undefined ? [{ label: 'Journey', dataType: 'STRING' as const, value: action.journeyName }] : []),
      { label: 'Chosen', dataType: 'DATETIME', value: action.createdAt },
      { label: 'Outcome', dataType: 'STRING', value: action.outcome ?? (action.status === 'sent' ? 'None reported yet' : 'Not sent yet') },
    ],
  };
}

function journey(entry: ProfileSummary['journeys'][number], objectId: number): CardResult {
  return {
    objectId,
    title: `Journey: ${entry.journeyName}`,
    properties: [
      { label: 'Step', dataType: 'STRING', value: entry.stepId ?? 'Starting' },
      { label: 'Entered', dataType: 'DATETIME', value: entry.enteredAt },
    ],
  };
}

/** The card for a person Pathwise knows: the next best action first, then the journeys, newest entered first. */
export function profileCard(summary: ProfileSummary): CardResponse {
  const results: CardResult[] = [];
  const [latest] = summary.actions;
  if (latest) results.push(nextBestAction(latest, results.length + 1));
  const journeys = [...summary.journeys].sort((a, b) => b.enteredAt - a.enteredAt);
  for (const entry of journeys) {
    if (results.length === MAX_RESULTS) break;
    results.push(journey(entry, results.length + 1));
  }
  if (results.length === 0) {
    results.push({
      objectId: 1,
      title: 'No journey or action yet',
      properties: [{ label: 'Status', dataType: 'STATUS', value: 'Known to Pathwise, nothing chosen yet', optionType: 'DEFAULT' }],
    });
  }
  return { results };
}

/** 200 with a card, not an error: a record HubSpot shows may simply not have reached Pathwise yet. */
export function unknownContactCard(contactId: string): CardResponse {
  return {
    results: [
      {
        objectId: 1,
        title: 'Pathwise knows nothing about this contact yet',
        properties: [{ label: 'HubSpot contact', dataType: 'STRING', value: `${contactId}: no events or CRM changes for this contact have reached Pathwise` }],
      },
    ],
  };
}

/** The card on a record that is not a contact: Pathwise decides for people. */
export function notAContactCard(objectType: string): CardResponse {
  return {
    results: [{ objectId: 1, title: 'Pathwise shows people', properties: [{ label: 'Record', dataType: 'STRING', value: `Open a contact to see Pathwise (this is a ${objectType.toLowerCase()})` }] }],
  };
}
