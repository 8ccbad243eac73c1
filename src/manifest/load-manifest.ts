import { readFile } from 'node:fs/promises';
import { formatIssues, type ManifestIssue } from './format-issues.ts';
import { findJsonSyntaxError } from './json-syntax-error.ts';
import { lintManifest, type LintOptions } from './lint-manifest.ts';
import { Manifest } from './schema/manifest.ts';

export type { ManifestIssue };

export type LoadResult = { ok: true; manifest: Manifest; warnings: ManifestIssue[] } | { ok: false; issues: ManifestIssue[] };

/** Path of issues about the file as a whole (unreadable, not JSON) rather than a place in it. */
export const FILE_PATH = '(file)';

const READ_ERRORS: Record<string, string> = { ENOENT: 'no such file', EACCES: 'permission denied', EISDIR: 'it is a directory' };

function fileIssue(message: string): LoadResult {
  return { ok: false, issues: [{ path: FILE_PATH, message, severity: 'error' }] };
}

/**
 * Checks manifest text: JSON syntax (with line and column), then the schema, then lint. Every
 * problem comes back as a `path: message` issue; warnings (such as unset secrets when not
 * serving) do not make it fail, and are returned with the errors when something else does.
 */
export function parseManifestText(text: string, options: LintOptions): LoadResult {
  // Editors on Windows may save a byte-order mark, which JSON.parse refuses.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (err) {
    const at = findJsonSyntaxError(body);
    return fileIssue(at ? `malformed JSON at line ${at.line}, column ${at.column}: ${at.message}` : `malformed JSON: ${(err as Error).message}`);
  }
  const parsed = Manifest.safeParse(json, { reportInput: true });
  if (!parsed.success) return { ok: false, issues: formatIssues(parsed.error.issues) };
  const lint = lintManifest(parsed.data, options);
  if (lint.some((i) => i.severity === 'error')) return { ok: false, issues: lint };
  return { ok: true, manifest: parsed.data, warnings: lint };
}

/** Reads and checks a manifest file; see {@link parseManifestText}. Never throws for a bad file. */
export async function loadManifest(path: string, options: LintOptions): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    return fileIssue(`cannot read ${path}: ${READ_ERRORS[code] ?? (err as Error).message}`);
  }
  return parseManifestText(text, options);
}
