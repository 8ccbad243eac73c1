import { z } from 'zod';
import { Manifest } from './schema/manifest.ts';

/** The JSON Schema of manifest.json, for editor completion. The input side: defaults are optional. */
export function manifestJsonSchema(): Record<string, unknown> {
  return {
    ...(z.toJSONSchema(Manifest, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>),
    title: 'Pathwise manifest',
  };
}

export function manifestJsonSchemaText(): string {
  return `${JSON.stringify(manifestJsonSchema(), null, 2)}\n`;
}
