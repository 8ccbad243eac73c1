import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError } from '../../src/manifest/json-syntax-error.ts';

describe('findJsonSyntaxError', () => {
  it.each([
    ['a trailing comma in an object', '{\n  "a": 1,\n}', { line: 3, column: 1, message: 'expected a property name after ",", got "}" (JSON allows no trailing comma)' }],
    ['a trailing comma in an array', '[1, 2,]', { line: 1, column: 7, message: 'expected a value after ",", got "]" (JSON allows no trailing comma)' }],
    ['a missing comma between properties', '{\n  "a": 1\n  "b": 2\n}', { line: 3, column: 3, message: 'expected "," or "}" after a property value, got a string' }],
    ['single quotes', "{'a': 1}", { line: 1, column: 2, message: 'expected a property name in double quotes, got "\'"' }],
    ['a missing colon', '{"a" 1}', { line: 1, column: 6, message: 'expected ":" after a property name, got "1"' }],
    ['a bare word', '{"a": yes}', { line: 1, column: 7, message: 'expected a value, got "y"' }],
    ['a raw line break in a string', '{"a": "x\ny"}', { line: 1, column: 9, message: 'a string may not hold a raw line break or control character: escape it (\\n) or close the string with "' }],
    ['a bad escape', '{"a": "\\q"}', { line: 1, column: 8, message: 'invalid escape \\q in a string' }],
    ['an unterminated string', '{"a": "x', { line: 1, column: 9, message: 'unterminated string: expected a closing "' }],
    ['an unclosed object', '{"a": {"b": 1}', { line: 1, column: 15, message: 'expected "," or "}" after a property value, got the end of the file' }],
    ['text after the value', '{} {}', { line: 1, column: 4, message: 'expected the end of the file after the top-level value, got "{"' }],
    ['an empty file', '', { line: 1, column: 1, message: 'expected a value, got the end of the file' }],
  ])('locates %s', (_, text, expected) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(findJsonSyntaxError(text)).toEqual(expected);
  });

  it('finds nothing in valid JSON of every kind', () => {
    const text = '{"a": [1, -2.5e3, 0, true, false, null, "x\\u00e9\\n"], "b": {}, "c": [], "d": {"e": [[{}]]}}';
    expect(() => JSON.parse(text)).not.toThrow();
    expect(findJsonSyntaxError(text)).toBeUndefined();
  });

  it('walks deep nesting without overflowing the stack', () => {
    expect(findJsonSyntaxError('['.repeat(200_000))).toEqual({ line: 1, column: 200_001, message: 'expected a value, got the end of the file' });
  });
});
