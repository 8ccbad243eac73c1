import { readFile } from 'node:fs/promises';
import { formatIssues, type ManifestIssue } from './format-issues.ts';
import { lintManifest } from './lint-manifest.ts';
import { Manifest } from './schema/manifest.ts';

export type { ManifestIssue };

export type LoadResult = { ok: true; manifest: Manifest; warnings: ManifestIssue[] } | { ok: false; issues: ManifestIssue[] };

/** "Unexpected token } in JSON at position 120" → line and column, which is what an editor shows. */
function jsonErrorAt(text: string, err: Error): string {
  const position = /position (\d+)/.exec(err.message);
  if (!position) return err.message.replace(/\s+/g, ' ');
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${err.message.replace(/ in JSON at position \d+.*$/, '')} at line ${line}, column ${column}`;
}

/**
 * Reads a manifest: JSON, then the schema, then lint. Every problem comes back as a
 * `path: message` issue; warnings (such as unset secrets when not serving) do not stop it.
 */
export async function loadManifest(path: string, options: { env: Readonly<Record<string, string | undefined>>; serving: boolean }): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    return { ok: false, issues: [{ path: '(file)', message: `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, severity: 'error' }] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, issues: [{ path: '(file)', message: `malformed JSON: ${jsonErrorAt(text, err as Error)}`, severity: 'error' }] };
  }
  const parsed = Manifest.safeParse(json);
  if (!parsed.success) return { ok: false, issues: formatIssues(parsed.error.issues) };
  const lint = lintManifest(parsed.data, options);
  const errors = lint.filter((i) => i.severity === 'error');
  if (errors.length > 0) return { ok: false, issues: lint };
  return { ok: true, manifest: parsed.data, warnings: lint };
}
