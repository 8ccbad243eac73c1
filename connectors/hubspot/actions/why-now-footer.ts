import type { Explanation } from '../../../src/core/commands.ts';

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** "— Pathwise · journey / Why now: reasons. / Trigger: event, time." from what the explanation holds. */
export function whyNowFooter(explanation: Explanation): string | undefined {
  const reasons = explanation.reasons.filter((r) => r.trim().length > 0);
  const journey = explanation.journeyName ?? explanation.journeyId;
  const lines: string[] = [];
  if (reasons.length > 0) lines.push(`Why now: ${sentence(reasons.join('; '))}`);
  if (explanation.trigger) {
    const at = new Date(explanation.trigger.at).toISOString().slice(0, 16).replace('T', ' ');
    lines.push(`Trigger: ${explanation.trigger.event ?? explanation.trigger.type}, ${at} UTC.`);
  }
  if (lines.length === 0 && journey === undefined) return undefined;
  return [`— Pathwise${journey === undefined ? '' : ` · ${journey}`}`, ...lines].join('\n');
}

/**
 * A rep acts on a task that says why now. Manifests usually render the reasons into the body
 * ("Why now: {{ explanation.reasons | join: '; ' }}"); when the body lacks any of them, a footer
 * adds the journey, the reasons and the trigger, so no Pathwise task reaches a rep unexplained.
 * When it has them, only the journey's name is added if the body does not already say it.
 */
export function withWhyNow(body: string, explanation: Explanation): string {
  const reasons = explanation.reasons.filter((r) => r.trim().length > 0);
  if (reasons.length > 0 && reasons.every((r) => body.includes(r))) {
    // The reasons are there; the journey that led here is named too, so the rep knows the play.
    const journey = explanation.journeyName ?? explanation.journeyId;
    return journey === undefined || body.includes(journey) ? body : `${body}\n\n— Pathwise · ${journey}`;
  }
  const footer = whyNowFooter(explanation);
  if (footer === undefined) return body;
  return body.trim().length === 0 ? footer : `${body}\n\n${footer}`;
}
