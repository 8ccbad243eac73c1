import type { OutboxRow } from '../store/store.ts';
import type { OutboxPayload } from '../worker/outbox-row.ts';

export interface RepTask {
  actionId: string;
  contact: string;
  subject: string;
  body: string;
  status: string;
  due: string;
}

/** What each sales rep would find in their queue: task actions grouped by the contact's owner. */
export function repQueues(rows: readonly OutboxRow[]): Map<string, RepTask[]> {
  const queues = new Map<string, RepTask[]>();
  for (const row of rows) {
    if (row.channel !== 'task') continue;
    const payload = JSON.parse(row.payload) as OutboxPayload;
    const owner = payload.meta.owner ?? 'unassigned (round robin)';
    const input = payload.input as { subject?: unknown; body?: unknown };
    const traits = payload.meta.traits;
    const list = queues.get(owner) ?? [];
    list.push({
      actionId: row.actionId,
      contact: String(traits['email'] ?? payload.meta.profileId),
      subject: String(input.subject ?? row.actionId),
      body: String(input.body ?? ''),
      status: row.status,
      due: new Date(row.availableAt).toISOString().slice(0, 16).replace('T', ' '),
    });
    queues.set(owner, list);
  }
  return new Map([...queues].sort(([a], [b]) => a.localeCompare(b)));
}

export function formatRepQueues(queues: Map<string, RepTask[]>, limitPerRep = 3): string {
  const lines: string[] = [];
  for (const [owner, tasks] of queues) {
    lines.push(`\nRep ${owner}: ${tasks.length} task${tasks.length === 1 ? '' : 's'}`);
    for (const task of tasks.slice(0, limitPerRep)) {
      lines.push(`  • ${task.subject}  [${task.contact}, from ${task.due} UTC]`);
      lines.push(`    ${task.body.replace(/\n/g, ' ')}`);
    }
    if (tasks.length > limitPerRep) lines.push(`  … and ${tasks.length - limitPerRep} more`);
  }
  return lines.join('\n');
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function repQueuesHtml(queues: Map<string, RepTask[]>): string {
  const sections = [...queues]
    .map(
      ([owner, tasks]) => `<section><h2>Rep ${escape(owner)} <small>${tasks.length} tasks</small></h2><ol>${tasks
        .map((t) => `<li><strong>${escape(t.subject)}</strong><br><em>${escape(t.contact)} · from ${escape(t.due)} UTC · ${escape(t.status)}</em><p>${escape(t.body)}</p></li>`)
        .join('')}</ol></section>`,
    )
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>Pathwise — rep queues</title><style>body{font:15px system-ui;margin:2rem;max-width:60rem}h2{border-bottom:1px solid #ddd}li{margin:.6rem 0}p{margin:.2rem 0;color:#333}small,em{color:#777;font-weight:normal}</style></head><body><h1>What each sales rep would receive</h1>${sections || '<p>No tasks yet.</p>'}</body></html>`;
}
