import type { SendCommand } from '../../core/commands.ts';
import type { PathwiseEvent } from '../../core/events/event.ts';
import type { Profile } from '../../core/profiles/profile.ts';
import type { Action } from '../../manifest/schema/actions.ts';
import type { SendMeta } from '../../../connectors/sdk/define-connector.ts';
import type { ParamRenderer } from '../dispatch/render-params.ts';

/** What an outbox row carries: the rendered input and who it is for, frozen at decision time. */
export interface OutboxPayload {
  input: Record<string, unknown>;
  meta: SendMeta;
  /** A template that failed to render: the dispatcher dead-letters the row with this reason. */
  renderError?: string;
}

/**
 * Renders the action's Liquid parameters against the profile as it is right after the decision,
 * so that the outbox holds exactly what will be sent, whatever happens to the profile later.
 */
export function buildOutboxRow(renderer: ParamRenderer, command: SendCommand, action: Action, profile: Profile, event: PathwiseEvent | undefined, now: number) {
  const meta: SendMeta = {
    idempotencyKey: command.key,
    profileId: profile.id,
    actionId: action.id,
    traits: profile.traits,
    identifiers: profile.identifiers,
    ...(profile.owner !== undefined ? { owner: profile.owner } : {}),
    explanation: command.explanation,
  };
  const payload: OutboxPayload = { input: {}, meta };
  try {
    payload.input = renderer.render(
      action.params,
      {
        profile: { id: profile.id, traits: profile.traits, owner: profile.owner, audiences: Object.keys(profile.audiences), identifiers: profile.identifiers },
        traits: profile.traits,
        event: event ?? {},
        journey: { id: command.explanation.journeyId, name: command.explanation.journeyName, step: command.explanation.stepId },
        explanation: command.explanation,
        action: { id: action.id, channel: action.channel },
      },
      action.id,
    );
  } catch (err) {
    payload.renderError = `template: ${(err as Error).message}`;
  }
  return {
    key: command.key,
    profileId: profile.id,
    actionId: action.id,
    destination: command.destination,
    channel: command.channel,
    payload: JSON.stringify(payload),
    availableAt: command.sendAt,
    createdAt: now,
  };
}
