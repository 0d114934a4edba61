import { loadPackage } from '../load-package.js';
import type { Span } from '../workspace/json-document.js';

/** The Prometheus project's own PromQL grammar (lezer), loaded on first use. */
const promql = () => loadPackage<typeof import('@prometheus-io/lezer-promql')>('@prometheus-io/lezer-promql');

/**
 * Longest expression parsed, in characters. A real one is a few hundred; lezer's error
 * recovery on a pathological 100 KB expression takes seconds, so longer ones are reported instead.
 */
export const MAX_PROMQL_LENGTH = 20_000;

/** Why an expression does not parse: where (offsets in the expression) and what is there. */
export type PromqlProblem =
  | { kind: 'syntax'; start: number; end: number; near: string }
  | { kind: 'incomplete'; start: number; end: number }
  | { kind: 'empty' }
  | { kind: 'tooLong'; length: number };

/** Parses a PromQL expression; `undefined` when it parses, else the first error. */
export function parsePromql(expression: string): PromqlProblem | undefined {
  if (expression.trim() === '') return { kind: 'empty' };
  if (expression.length > MAX_PROMQL_LENGTH) return { kind: 'tooLong', length: expression.length };
  const tree = promql().parser.parse(expression);
  let error: { from: number; to: number } | undefined;
  tree.iterate({
    enter(node) {
      if (error) return false;
      if (node.type.isError) {
        error = { from: node.from, to: node.to };
        return false;
      }
      return undefined;
    },
  });
  if (!error) return undefined;
  const rest = expression.slice(error.from);
  const token = /^\s*(\S+)/.exec(rest);
  if (!token) {
    const end = expression.trimEnd().length;
    return { kind: 'incomplete', start: end, end };
  }
  const start = error.from + token.index + token[0].length - token[1]!.length;
  const near = token[1]!.slice(0, 20);
  return { kind: 'syntax', start, end: Math.max(start + near.length, error.to), near };
}

/**
 * Maps offsets in a string's value to offsets in its source text, so a problem found in
 * the value is placed in the file: `source` is the scalar as written (a JSON string with its
 * quotes; a YAML scalar, quoted, plain or block), `start` its offset in the file.
 */
export function valueToSource(source: string, start: number, format: 'json' | 'yaml'): (offset: number) => number {
  const offsets = valueOffsets(source, format);
  return (offset) => start + (offsets[Math.min(offset, offsets.length - 1)] ?? source.length);
}

/** The source offset of every value character (and one past the last). */
function valueOffsets(source: string, format: 'json' | 'yaml'): number[] {
  const offsets: number[] = [];
  const first = source[0];
  if (first === '"') {
    // JSON strings and YAML double-quoted scalars: escapes are one value character (two for a surrogate pair).
    let i = 1;
    while (i < source.length - 1) {
      const c = source[i]!;
      if (c === '\\') {
        const next = source[i + 1];
        if (format === 'yaml' && (next === '\n' || next === '\r')) {
          i += 2;
          while (source[i] === ' ' || source[i] === '\t' || source[i] === '\n') i++;
          continue;
        }
        const length = next === 'u' ? 6 : next === 'x' ? 4 : next === 'U' ? 10 : 2;
        offsets.push(i);
        if (next === 'U' && Number.parseInt(source.slice(i + 2, i + 10), 16) > 0xffff) offsets.push(i);
        i += length;
        continue;
      }
      if (format === 'yaml' && c === '\n') {
        // A line break folds into a space (or, with blank lines after it, into line breaks).
        offsets.push(i);
        i++;
        while (source[i] === ' ' || source[i] === '\t') i++;
        continue;
      }
      offsets.push(i);
      i++;
    }
    offsets.push(Math.max(i, 1));
    return offsets;
  }
  if (first === "'") {
    let i = 1;
    while (i < source.length - 1) {
      offsets.push(i);
      if (source[i] === "'" && source[i + 1] === "'") i += 2;
      else if (source[i] === '\n') {
        i++;
        while (source[i] === ' ' || source[i] === '\t') i++;
      } else i++;
    }
    offsets.push(Math.max(i, 1));
    return offsets;
  }
  // Plain and block scalars: the value is the text without indentation (and the block header).
  let i = 0;
  let indent = 0;
  if (first === '|' || first === '>') {
    i = source.indexOf('\n') + 1;
    const body = /^[ \t]*/.exec(source.slice(i));
    indent = body ? body[0].length : 0;
    i += indent;
  }
  while (i < source.length) {
    const c = source[i]!;
    offsets.push(i);
    i++;
    if (c === '\n') {
      let skipped = 0;
      while ((source[i] === ' ' || source[i] === '\t') && (indent === 0 || skipped < indent)) {
        i++;
        skipped++;
      }
    }
  }
  offsets.push(source.length);
  return offsets;
}

/** The span in the file of a problem found in an expression whose source is `source` at `start`. */
export function problemSpan(
  problem: PromqlProblem,
  source: string,
  start: number,
  format: 'json' | 'yaml',
): Span | undefined {
  if (problem.kind !== 'syntax' && problem.kind !== 'incomplete') return undefined;
  const toSource = valueToSource(source, start, format);
  const from = toSource(problem.start);
  return { start: from, end: Math.max(from + 1, toSource(problem.end)) };
}
