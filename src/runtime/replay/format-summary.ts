import type { ReplaySummary } from './replay-summary.ts';

function table(rows: (string | number)[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => (typeof c === 'number' ? String(c).padStart(widths[i] ?? 0) : String(c).padEnd(widths[i] ?? 0))).join('  ')).join('\n');
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The replay report for a person at a terminal. */
export function formatSummary(s: ReplaySummary): string {
  const out: string[] = [];
  out.push(`events: ${s.lines} read, ${s.eventsApplied} applied, ${s.duplicates} duplicates, ${s.rejected.count} rejected`);
  for (const r of s.rejected.first) out.push(`  line ${r.line}: ${r.errors.join('; ')}`);
  out.push(`profiles: ${s.profiles} (${s.merges} merges, ${s.identityRefusals} identity links refused), timers fired: ${s.timersFired}`);
  out.push('');
  const rows: (string | number)[][] = [['journey', 'entered', 'holdout', 'active', 'completed', 'exited', 'failed', 'goal (treated)', 'goal (holdout)', 'lift']];
  for (const [id, j] of Object.entries(s.journeys)) {
    rows.push([id, j.entered, j.heldOut, j.activeNow, j.completed, j.exited, j.failed, `${j.converted.treatment} (${pct(j.conversionRate.treatment)})`, `${j.converted.holdout} (${pct(j.conversionRate.holdout)})`, `${j.liftPoints >= 0 ? '+' : ''}${j.liftPoints} pts`]);
  }
  out.push(table(rows));
  for (const [id, j] of Object.entries(s.journeys)) {
    out.push(`  ${id} steps: ${Object.entries(j.steps).map(([step, n]) => `${step} ${n}`).join(', ') || '—'}`);
  }
  out.push('');
  out.push(`actions: ${s.actions.total} — ${Object.entries(s.actions.byDestination).map(([d, n]) => `${d} ${n}`).join(', ')}`);
  out.push(`  by channel: ${Object.entries(s.actions.byChannel).map(([c, n]) => `${c} ${n}`).join(', ')}`);
  out.push(`decisions: ${s.decisions.total}; filtered by ${Object.entries(s.decisions.filteredBy).map(([p, n]) => `${p} ${n}`).join(', ') || 'nothing'}`);
  return out.join('\n');
}
