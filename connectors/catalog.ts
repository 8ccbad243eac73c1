/**
 * The destination actions each connector offers, by connector id. The manifest linter checks
 * `actions[].destination` against it. Connectors built with defineConnector register here too.
 */
export const DESTINATION_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  log: ['record'],
  hubspot: ['createTask', 'sendEmail', 'addToList', 'removeFromList', 'updateContact'],
  salesforce: ['createTask', 'addToCampaign', 'updateRecord'],
  segment: ['identify', 'track', 'audience'],
  rudderstack: ['identify', 'track', 'audience'],
  webhook: ['post'],
};
