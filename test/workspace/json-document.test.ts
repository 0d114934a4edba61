import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJson, pointerTokens, toPointer } from '../../src/workspace/json-document.js';

function problemAt(text: string) {
  const document = parseJson(text);
  const problem = document.problems[0];
  if (!problem) return undefined;
  const at = document.lines.position(problem.span.start);
  return { line: at.line, column: at.column, message: problem.message, fatal: problem.fatal };
}

describe('parseJson values', () => {
  it.each([
    ['{}', {}],
    ['[]', []],
    ['{"a": [1, -2.5e3, true, false, null, "x\\n\\u00e9"]}', { a: [1, -2500, true, false, null, 'x\né'] }],
    ['  "top"  ', 'top'],
    ['0', 0],
    ['{"a":{"b":{"c":[[]]}}}', { a: { b: { c: [[]] } } }],
  ])('parses %s like JSON.parse', (text, expected) => {
    const document = parseJson(text);
    expect(document.ok).toBe(true);
    expect(document.value).toEqual(expected);
    expect(document.value).toEqual(JSON.parse(text));
  });

  it('keeps `__proto__` as an own property instead of setting the prototype', () => {
    const value = parseJson('{"__proto__": {"polluted": true}}').value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('parses 10,000 levels of nesting without recursion', () => {
    const depth = 10_000;
    const document = parseJson('['.repeat(depth) + ']'.repeat(depth));
    expect(document.ok).toBe(true);
    let node = document.value as unknown[];
    let levels = 1;
    while (node.length) {
      node = node[0] as unknown[];
      levels++;
    }
    expect(levels).toBe(depth);
    expect(document.locate('/0/0/0').exact).toBe(true);
  });
});

describe('parseJson syntax problems', () => {
  it.each([
    ['trailing comma in an object', '{\n  "a": 1,\n}', 2, 9, /trailing comma before `}`/],
    ['trailing comma in an array', '[1, 2,]', 1, 6, /trailing comma before `]`/],
    ['truncated object', '{\n  "a": {\n    "b": 1\n', 4, 1, /end of file.*truncated/],
    ['truncated string', '{"a": "bc', 1, 7, /inside a string/],
    ['empty file', '', 1, 1, /empty/],
    ['whitespace only', '  \n  ', 2, 3, /empty/],
    ['a comment', '{\n  // note\n  "a": 1\n}', 2, 3, /comment/],
    ['single quotes', "{'a': 1}", 1, 2, /double quotes/],
    ['unquoted key', '{a: 1}', 1, 2, /Unexpected `a`, expected a property name/],
    ['missing colon', '{"a" 1}', 1, 6, /expected `:`/],
    ['missing comma', '{"a": 1 "b": 2}', 1, 9, /expected `,` or `}`/],
    ['leading zero', '[01]', 1, 2, /leading zeros/],
    ['NaN', '[NaN]', 1, 2, /Unexpected `NaN`/],
    ['a raw newline in a string', '{"a": "x\ny"}', 1, 9, /escape it as `\\n`/],
    ['a bad escape', '["\\x"]', 1, 3, /Unexpected escape/],
    ['a short unicode escape', '["\\u12"]', 1, 3, /four hex digits/],
    ['text after the value', '{}\n{}', 2, 1, /after the JSON value/],
    ['a lone minus', '[-]', 1, 2, /expected a number/],
    ['an emoji where a value should be', '{"a": 😀}', 1, 7, /Unexpected `😀`/],
  ])('%s', (_name, text, line, column, message) => {
    const problem = problemAt(text);
    expect(problem).toMatchObject({ line, column, fatal: true });
    expect(problem!.message).toMatch(message);
    expect(parseJson(text).value).toBeUndefined();
  });

  it('relates a truncated container to where it was opened', () => {
    const document = parseJson('{\n  "profiles": [\n    {"name": "kind"}\n');
    const related = document.problems[0]!.related!;
    expect(document.lines.position(related.span.start)).toEqual({ line: 2, column: 15 });
    expect(related.message).toBe('Array opened here');
  });

  it('reports a byte order mark without losing the value', () => {
    const document = parseJson('\uFEFF{"a": 1}');
    expect(document.problems).toHaveLength(1);
    expect(document.problems[0]!.fatal).toBe(false);
    expect(document.ok).toBe(true);
    expect(document.value).toEqual({ a: 1 });
  });
});

describe('duplicate keys', () => {
  it('records the second occurrence with the first, at the right pointer', () => {
    const text = '{\n  "profiles": [\n    {"name": "a", "suite": "x", "suite": "y"}\n  ]\n}';
    const document = parseJson(text);
    expect(document.value).toEqual({ profiles: [{ name: 'a', suite: 'y' }] });
    expect(document.duplicates).toHaveLength(1);
    const [duplicate] = document.duplicates;
    expect(duplicate!.pointer).toBe('/profiles/0/suite');
    expect(document.lines.position(duplicate!.span.start)).toEqual({ line: 3, column: 33 });
    expect(document.lines.position(duplicate!.first.start)).toEqual({ line: 3, column: 19 });
  });

  it('does not confuse equal keys in sibling objects', () => {
    expect(parseJson('[{"a": 1}, {"a": 2}]').duplicates).toEqual([]);
  });
});

describe('locate', () => {
  const text = '{\n  "a": {"b~c": [10, {"d/e": "x"}]},\n  "f": "y",\n  "f": "z"\n}';
  const document = parseJson(text);
  const at = (pointer: string) => {
    const located = document.locate(pointer);
    return { ...document.lines.position(located.span.start), exact: located.exact, pointer: located.pointer };
  };

  it('finds values by pointer, with escaped tokens', () => {
    expect(at('')).toEqual({ line: 1, column: 1, exact: true, pointer: '' });
    expect(at('/a/b~0c/1/d~1e')).toEqual({ line: 2, column: 29, exact: true, pointer: '/a/b~0c/1/d~1e' });
    expect(at('/a/b~0c/0')).toEqual({ line: 2, column: 17, exact: true, pointer: '/a/b~0c/0' });
  });

  it('takes the last of duplicate keys, as JSON.parse does', () => {
    expect(at('/f')).toMatchObject({ line: 4, column: 8 });
  });

  it('falls back to the nearest existing parent', () => {
    expect(at('/a/missing/deeper')).toEqual({ line: 2, column: 8, exact: false, pointer: '/a' });
    expect(at('/a/b~0c/7')).toMatchObject({ line: 2, column: 16, exact: false, pointer: '/a/b~0c' });
    expect(at('/a/b~0c/01')).toMatchObject({ exact: false });
  });

  it('locates every value of any JSON text at text that parses to that value, keys at their own text', () => {
    // Every pointer of a value, with whether it names an object member (which has a key).
    const pointersOf = (value: unknown, at: string, member: boolean, out: [string, unknown, boolean][]) => {
      out.push([at, value, member]);
      if (Array.isArray(value)) value.forEach((v, i) => pointersOf(v, `${at}/${i}`, false, out));
      else if (typeof value === 'object' && value !== null)
        for (const [k, v] of Object.entries(value)) pointersOf(v, `${at}/${toPointer([k]).slice(1)}`, true, out);
      return out;
    };
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 2, '\t'), (value, indent) => {
        const json = JSON.stringify(value, null, indent);
        const document = parseJson(json);
        for (const [pointer, expected, member] of pointersOf(JSON.parse(json), '', false, [])) {
          const located = document.locate(pointer);
          expect(located).toMatchObject({ pointer, exact: true });
          expect(JSON.parse(json.slice(located.span.start, located.span.end))).toEqual(expected);
          expect(located.key !== undefined).toBe(member);
          if (located.key)
            expect(JSON.parse(json.slice(located.key.start, located.key.end))).toBe(pointerTokens(pointer).at(-1));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('reports a number too large for a double at its text, not as the `null` it would print as', () => {
    const document = parseJson('{ "replicas": 1e999, "x": -2E+400 }');
    expect(document.ok).toBe(false);
    expect(document.problems.map((p) => [p.message, p.span])).toEqual([
      ['Unexpected `1e999`, expected a number a double can hold (magnitude below 1.8e308)', { start: 14, end: 19 }],
    ]);
    expect(parseJson('[1e308, 1e-999]').value).toEqual([1e308, 0]);
  });

  it('gives the key span of object members', () => {
    const located = document.locate('/f');
    expect(document.text.slice(located.key!.start, located.key!.end)).toBe('"f"');
    expect(document.text.slice(located.span.start, located.span.end)).toBe('"z"');
  });

  it('records where values are only when a pointer below the root is located, and locates the same then', () => {
    const text = '\ufeff  {"a": [1, {"b": 2}], "a": {"c": 3}}  \n';
    const fresh = parseJson(text);
    expect(fresh.placesRecorded).toBe(false);
    const root = fresh.locate('');
    expect(text.slice(root.span.start, root.span.end)).toBe('{"a": [1, {"b": 2}], "a": {"c": 3}}');
    expect(fresh.placesRecorded).toBe(false);
    const located = fresh.locate('/a/c');
    expect(fresh.placesRecorded).toBe(true);
    expect(text.slice(located.span.start, located.span.end)).toBe('3');
    expect(fresh.locate('/a/0')).toMatchObject({ pointer: '/a', exact: false });
    expect(fresh.locate('')).toEqual(root);
    const broken = parseJson('{"a": [1,');
    expect(broken.locate('/a/0')).toEqual({ span: { start: 0, end: 9 }, pointer: '', exact: true });
    expect(broken.placesRecorded).toBe(false);
  });

  it('round-trips pointer tokens', () => {
    expect(pointerTokens(toPointer(['a/b', 'c~d', 0]))).toEqual(['a/b', 'c~d', '0']);
    expect(pointerTokens('#/definitions/a%20b')).toEqual(['definitions', 'a b']);
  });
});
