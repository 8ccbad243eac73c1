export interface JsonSyntaxError {
  /** 1-based, as editors number lines. */
  line: number;
  /** 1-based, in UTF-16 code units (what editors show for text without astral characters). */
  column: number;
  message: string;
}

/**
 * Where `JSON.parse` would fail, and why, in words that do not change with the Node version.
 * V8's own message names a position for some mistakes and only a snippet for others, so the
 * loader cannot promise an admin a line and column from it; this walks the RFC 8259 grammar
 * instead. It only runs after `JSON.parse` has failed, so it validates and builds nothing.
 * Returns undefined when the text is valid JSON.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  const fail = (message: string): JsonSyntaxError => {
    const before = text.slice(0, i);
    const lineStart = before.lastIndexOf('\n') + 1;
    return { line: before.split('\n').length, column: i - lineStart + 1, message };
  };
  const here = (): string => {
    if (i >= text.length) return 'the end of the file';
    // After a value, a quote is the start of the next string: "got a string" says a comma is missing.
    return text[i] === '"' ? 'a string' : JSON.stringify(text[i]);
  };
  const skipSpace = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] ?? '')) i++;
  };

  const string = (): JsonSyntaxError | undefined => {
    i++; // opening quote
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return undefined;
      }
      if (c < 0x20) return fail('a string may not hold a raw line break or control character: escape it (\\n) or close the string with "');
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return fail('expected 4 hex digits after \\u');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else return fail(`invalid escape \\${e ?? ''} in a string`);
      } else i++;
    }
    return fail('unterminated string: expected a closing "');
  };

  const number = (): JsonSyntaxError | undefined => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!match || match[0] === '-') return fail(`expected a number, got ${here()}`);
    i += match[0].length;
    return undefined;
  };

  let expectValue = true;
  /** A property name and its colon; the value after it is read by the main loop. */
  const objectKey = (): JsonSyntaxError | undefined => {
    skipSpace();
    if (text[i] !== '"') return fail(`expected a property name in double quotes, got ${here()}`);
    const err = string();
    if (err) return err;
    skipSpace();
    if (text[i] !== ':') return fail(`expected ":" after a property name, got ${here()}`);
    i++;
    expectValue = true;
    return undefined;
  };

  // An explicit stack rather than recursion: a file nested thousands deep must not overflow.
  const stack: ('{' | '[')[] = [];
  for (;;) {
    skipSpace();
    if (expectValue) {
      const c = text[i];
      if (c === '{' || c === '[') {
        stack.push(c);
        i++;
        skipSpace();
        const close = c === '{' ? '}' : ']';
        if (text[i] === close) {
          stack.pop();
          i++;
          expectValue = false;
          continue;
        }
        if (c === '{') {
          const key = objectKey();
          if (key) return key;
        }
        continue;
      }
      let err: JsonSyntaxError | undefined;
      if (c === '"') err = string();
      else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) err = number();
      else {
        const word = ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
        if (word) i += word.length;
        else err = fail(`expected a value, got ${here()}${c === "'" ? ' (JSON strings take double quotes)' : ''}`);
      }
      if (err) return err;
      expectValue = false;
      continue;
    }
    const top = stack.at(-1);
    if (top === undefined) return i < text.length ? fail(`expected the end of the file after the top-level value, got ${here()}`) : undefined;
    const close = top === '{' ? '}' : ']';
    if (text[i] === close) {
      stack.pop();
      i++;
      continue;
    }
    if (text[i] !== ',') return fail(`expected "," or "${close}" after ${top === '{' ? 'a property value' : 'an array item'}, got ${here()}`);
    i++;
    skipSpace();
    if (text[i] === close) return fail(`expected ${top === '{' ? 'a property name' : 'a value'} after ",", got ${here()} (JSON allows no trailing comma)`);
    if (top === '{') {
      const key = objectKey();
      if (key) return key;
    }
    expectValue = true;
  }
}
