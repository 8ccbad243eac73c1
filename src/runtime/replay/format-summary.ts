import { KEPT_REJECTIONS, type ReplaySummary } from './replay-summary.ts';

type Cell = string | number;

const count = (n: number): string => n.toLocaleString('en-US');
const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** Columns padded to their widest cell; numbers right-aligned, text left-aligned. */
function table(rows: Cell[][], indent = ''): string[] {
  const text = rows.map((r) => r.map((c) => (typeof c === 'number' ? count(c) : c)));
  const widths: number[] = [];
  for (const r of text) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return text.map((r, ri) =>
    (indent + r.map((c, i) => (typeof rows[ri]?.[i] === 'number' ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ')).trimEnd(),
  );
}

function list(record: Record<string, number>): string {
  const entries = Object.entries(record).sort((a, b) => b[1] - a[1]);
  return entries.length === 0 ? '—' : entries.map(([k, n]) => `${k} ${count(n)}`).join(', ');
}

/** The replay report for a person at a terminal: counts first, then one table row per journey. */
export function formatSummary(s: ReplaySummary): string {
  const out: string[] = [];
  const period = s.firstEventAt && s.lastEventAt ? `${s.firstEventAt.slice(0, 10)} → ${s.lastEventAt.slice(0, 10)}` : 'no events';
  out.push(`replay: ${period}, ${s.drained ? 'remaining timers drained' : 'stopped at the last event (--no-drain)'}`);
  out.push(`events    ${count(s.eventsRead)} read · ${count(s.eventsApplied)} applied · ${count(s.duplicates)} duplicates · ${count(s.rejected.count)} rejected`);
  out.push(`profiles  ${count(s.profiles)} · ${count(s.merges)} merges · ${count(s.identityRefusals)} identity links refused`);
  out.push(`timers    ${count(s.timersFired)} fired`);
  out.push('');
  const rows: Cell[][] = [['journey', 'entered', 'treated', 'holdout', 'active', 'completed', 'exited', 'failed', 'goal treated', '', 'goal holdout', '', 'lift']];
  for (const [id, j] of Object.entries(s.journeys)) {
    rows.push([
      id,
      j.entered,
      j.treated,
      j.heldOut,
      j.activeNow,
      j.completed,
      j.exited,
      j.failed,
      j.converted.treatment,
      percent(j.conversionRate.treatment),
      j.converted.holdout,
      percent(j.conversionRate.holdout),
      `${j.liftPoints >= 0 ? '+' : ''}${j.liftPoints.toFixed(2)} pts`,
    ]);
  }
  out.push(...table(rows));
  out.push('');
  out.push('steps (treated enrollments entering each step):');
  out.push(...table(Object.entries(s.journeys).map(([id, j]) => [id, list(j.steps)]), '  '));
  const exits = Object.entries(s.journeys).filter(([, j]) => j.exited > 0);
  if (exits.length > 0) {
    out.push('exits:');
    out.push(...table(exits.map(([id, j]) => [id, list(j.exitedBy)]), '  '));
  }
  out.push('');
  out.push(`actions: ${count(s.actions.total)} sent, ${count(s.actions.deferred)} of them deferred by quiet hours`);
  out.push(
    ...table(
      [
        ['by destination', list(s.actions.byDestination)],
        ['by channel', list(s.actions.byChannel)],
        ['by action', list(s.actions.byAction)],
      ],
      '  ',
    ),
  );
  out.push(`decisions: ${count(s.decisions.total)}, ${count(s.decisions.withAction)} with an action; candidates filtered by ${list(s.decisions.filteredBy)}`);
  if (s.rejected.count > 0) {
    out.push('');
    out.push(`rejected lines${s.rejected.count > KEPT_REJECTIONS ? ` (first ${KEPT_REJECTIONS} of ${count(s.rejected.count)})` : ''}:`);
    for (const r of s.rejected.first) out.push(`  line ${r.line}: ${r.errors.join('; ')}`);
  }
  return out.join('\n');
}
