import type { z } from 'zod';

export interface ManifestIssue {
  /** JSON path as an admin reads it: `journeys[1].steps[3].timeout`. */
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

type Issue = z.core.$ZodIssue;

/** How well a union branch fits: fewer unrecognised keys and deeper issues mean the admin meant it. */
function fit(issues: readonly Issue[]): number {
  let score = 0;
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') score -= 100;
    else if (issue.code === 'invalid_type' && issue.path.length === 0) score -= 50;
    else score += issue.path.length;
  }
  return score - issues.length;
}

function flatten(issue: Issue, prefix: readonly PropertyKey[]): { path: PropertyKey[]; message: string }[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // A union (conditions, steps) failed on every branch: report the branch the admin most likely meant.
    const best = [...issue.errors].sort((a, b) => fit(b) - fit(a))[0] ?? [];
    return best.flatMap((inner) => flatten(inner, path));
  }
  if (issue.code === 'unrecognized_keys') return [{ path, message: `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}` }];
  if (issue.code === 'invalid_value') return [{ path, message: `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}` }];
  if (issue.code === 'invalid_union' && issue.errors.length === 0 && 'note' in issue) return [{ path, message: issue.message }];
  return [{ path, message: issue.message.replace(/^Invalid input: /, '') }];
}

/** zod issues → one `path: message` line each, in the manifest's vocabulary. */
export function formatIssues(issues: readonly Issue[]): ManifestIssue[] {
  const seen = new Set<string>();
  const out: ManifestIssue[] = [];
  for (const issue of issues) {
    for (const { path, message } of flatten(issue, [])) {
      const line = `${formatPath(path)}: ${message}`;
      if (seen.has(line)) continue;
      seen.add(line);
      out.push({ path: formatPath(path), message, severity: 'error' });
    }
  }
  return out;
}
