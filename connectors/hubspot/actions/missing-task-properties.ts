import { ConnectorError } from '../../sdk/connector-error.ts';
import { PATHWISE_ACTION_PROPERTY, PATHWISE_KEY_PROPERTY } from '../record-event.ts';

/**
 * HubSpot refuses Pathwise's task writes and searches when the portal lacks its two task
 * properties. That is setup for the admin, not a bad item: say so, and how to fix it.
 */
export function explainMissingTaskProperties(err: unknown): unknown {
  if (!(err instanceof ConnectorError) || err.status !== 400) return err;
  const names = [PATHWISE_KEY_PROPERTY, PATHWISE_ACTION_PROPERTY].filter((p) => err.message.includes(p));
  if (names.length === 0 || !/does not exist|PROPERTY_DOESNT_EXIST/.test(err.message)) return err;
  return new ConnectorError(
    'config',
    `${err.message} — create the HubSpot task properties ${PATHWISE_KEY_PROPERTY} (single-line text with unique values) and ${PATHWISE_ACTION_PROPERTY} (single-line text)`,
    { status: 400, cause: err },
  );
}
