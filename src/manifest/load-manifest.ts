import { readFile } from 'node:fs/promises';
import { Manifest } from './schema/manifest.ts';

export interface ManifestIssue {
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

export type LoadResult = { ok: true; manifest: Manifest; warnings: ManifestIssue[] } | { ok: false; issues: ManifestIssue[] };

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out === '' ? String(key) : `${out}.${String(key)}`), '');
}

/** Reads, parses and checks a manifest file; every problem comes back as `path: message`. */
export async function loadManifest(path: string, options: { env: Readonly<Record<string, string | undefined>>; serving: boolean }): Promise<LoadResult> {
  void options;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    return { ok: false, issues: [{ path: '(file)', message: `cannot read ${path}: ${(err as Error).message}`, severity: 'error' }] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, issues: [{ path: '(file)', message: `malformed JSON: ${(err as Error).message}`, severity: 'error' }] };
  }
  const parsed = Manifest.safeParse(json);
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.map((i) => ({ path: formatPath(i.path) || '(root)', message: i.message, severity: 'error' as const })) };
  }
  return { ok: true, manifest: parsed.data, warnings: [] };
}
