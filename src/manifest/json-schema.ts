import { z } from 'zod';
import { Condition } from './schema/conditions.ts';
import { Manifest } from './schema/manifest.ts';
import { isDurationText } from '../core/time/duration.ts';

/**
 * The duration grammar of src/core/time/duration.ts as a JSON Schema pattern. zod cannot export
 * the refinement that enforces it, and without it an editor would accept "7 days" in silence.
 */
export const DURATION_PATTERN = '^\\d+(ms|s|m|h|d|w)$';

/** Duration and every `.describe()` copy of it share its refinement, which is how they are recognised. */
function isDuration(schema: z.core.$ZodType): boolean {
  return (schema._zod.def.checks ?? []).some((check) => 'fn' in check._zod.def && check._zod.def.fn === isDurationText);
}

/** The JSON Schema of manifest.json, for editor completion. The input side: defaults are optional. */
export function manifestJsonSchema(): Record<string, unknown> {
  // A registry of our own names the recursive condition (zod would call it `__schema0`); since it
  // replaces zod's global one, the descriptions that `.describe()` put there are copied back below.
  const names = z.registry<{ id: string }>();
  names.add(Condition, { id: 'Condition' });
  const schema = z.toJSONSchema(Manifest, {
    io: 'input',
    unrepresentable: 'any',
    metadata: names,
    override: ({ zodSchema, jsonSchema }) => {
      const description = z.globalRegistry.get(zodSchema)?.description;
      if (description !== undefined) jsonSchema.description = description;
      if (isDuration(zodSchema)) jsonSchema.pattern = DURATION_PATTERN;
    },
  });
  return { ...schema, title: 'Pathwise manifest' };
}

/** The text of manifest.schema.json: two-space indent and a trailing newline, as editors save it. */
export function manifestJsonSchemaText(): string {
  return `${JSON.stringify(manifestJsonSchema(), null, 2)}\n`;
}
