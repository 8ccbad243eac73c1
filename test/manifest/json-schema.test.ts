import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isDurationText } from '../../src/core/time/duration.ts';
import { DURATION_PATTERN, manifestJsonSchema, manifestJsonSchemaText } from '../../src/manifest/json-schema.ts';

interface Node {
  [key: string]: unknown;
}

function at(schema: Node, ...keys: string[]): Node {
  let node: unknown = schema;
  for (const key of keys) node = (node as Node)[key]; // test data walk: a wrong path fails the expectation below
  return node as Node;
}

describe('manifest JSON Schema', () => {
  it('is checked in up to date (run `npm run schema` after changing the zod schema)', () => {
    expect(readFileSync('manifest.schema.json', 'utf8')).toBe(manifestJsonSchemaText());
  });

  it('describes the input side: fields with defaults are not required', () => {
    const schema = manifestJsonSchema();
    expect(at(schema, 'required')).toEqual(['version', 'name']);
    expect(at(schema, 'properties', 'journeys', 'items', 'required')).toEqual(['id', 'trigger', 'start', 'steps']);
    expect(at(schema, 'properties', 'journeys', 'items', 'properties', 'holdout')).toMatchObject({ default: 0, maximum: 0.5 });
  });

  it('names the recursive condition definition and keeps descriptions', () => {
    const schema = manifestJsonSchema();
    expect(Object.keys(at(schema, '$defs'))).toEqual(['Condition']);
    expect(at(schema, 'properties', 'journeys', 'items', 'properties', 'goal', 'properties', 'condition')).toEqual({ $ref: '#/$defs/Condition' });
    expect(at(schema, 'properties', 'journeys', 'items', 'properties', 'goal', 'properties', 'within')).toEqual({
      type: 'string',
      description: 'Conversion window from entry.',
      pattern: DURATION_PATTERN,
    });
  });

  it('gives every duration the pattern, which agrees with the parser', () => {
    const text = manifestJsonSchemaText();
    expect(text.split(JSON.stringify(DURATION_PATTERN)).length - 1).toBe(8);
    const pattern = new RegExp(DURATION_PATTERN);
    for (const sample of ['7d', '90m', '2w', '500ms', '0s', '7 days', '7', 'd', '1.5h', '7D', ' 7d', '7dd']) {
      expect(pattern.test(sample), sample).toBe(isDurationText(sample));
    }
  });
});
