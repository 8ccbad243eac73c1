import type { SecretRef } from './schema/primitives.ts';

/** Reads a secret from the environment; the error names the variable, never a value. */
export function resolveSecret(ref: SecretRef, env: Readonly<Record<string, string | undefined>>): string {
  const value = env[ref.env];
  if (value === undefined || value === '') throw new Error(`environment variable ${ref.env} is not set`);
  return value;
}
