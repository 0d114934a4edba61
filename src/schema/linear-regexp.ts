import type { RegExpEngine, RegExpLike } from 'ajv/dist/types/index.js';
import { loadPackage } from '../load-package.js';

/** re2js, loaded with the first schema pattern. */
const re2js = () => loadPackage<typeof import('re2js')>('re2js');

/** A schema regular expression re2 cannot run in linear time (backreferences, lookaround past the start), or cannot parse. */
export class UnsupportedPatternError extends Error {}

function compileRe2(pattern: string) {
  const { RE2JS } = re2js();
  try {
    return RE2JS.compile(RE2JS.translateRegExp(pattern));
  } catch (error) {
    throw new UnsupportedPatternError((error as Error).message.split('\n')[0]!);
  }
}

/** The end of the group opening at `start` (an index of `(`), skipping escapes and classes; -1 when unbalanced. */
function groupEnd(pattern: string, start: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = start; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

/** A pattern's matcher, compiled once per pattern. */
function compile(pattern: string): (input: string) => boolean {
  let known = compiledPatterns.get(pattern);
  if (!known) {
    try {
      known = compileUncached(pattern);
    } catch (error) {
      if (!(error instanceof UnsupportedPatternError)) throw error;
      known = error;
    }
    if (compiledPatterns.size >= MAX_COMPILED_PATTERNS) compiledPatterns.clear();
    compiledPatterns.set(pattern, known);
  }
  if (known instanceof UnsupportedPatternError) throw known;
  return known;
}

/**
 * Patterns compiled so far, and those re2 cannot run: the static check and Ajv ask for the
 * same pattern, and schemas repeat theirs (a semver, a digest), so each is compiled once.
 */
const compiledPatterns = new Map<string, ((input: string) => boolean) | UnsupportedPatternError>();
const MAX_COMPILED_PATTERNS = 10_000;

/**
 * Lookaheads right after a leading `^` (`^(?!\.\.)(?=[a-z])rest`), the one lookaround idiom
 * schemas commonly use, hold or fail at offset 0 only: each becomes a prefix match of its
 * own, so the whole pattern still runs on re2.
 */
function compileUncached(pattern: string): (input: string) => boolean {
  const guards: { body: string; negative: boolean }[] = [];
  let at = pattern.startsWith('^') ? 1 : -1;
  while (at > 0 && (pattern.startsWith('(?!', at) || pattern.startsWith('(?=', at))) {
    const end = groupEnd(pattern, at);
    if (end === -1) break;
    guards.push({ body: pattern.slice(at + 3, end), negative: pattern[at + 2] === '!' });
    at = end + 1;
  }
  if (guards.length === 0) {
    const whole = compileRe2(pattern);
    return (input) => whole.matcher(input).find();
  }
  const rest = compileRe2(`^${pattern.slice(at)}`);
  const checks = guards.map((g) => ({ re: compileRe2(`^(?:${g.body})`), negative: g.negative }));
  return (input) => checks.every((c) => c.re.matcher(input).find() !== c.negative) && rest.matcher(input).find();
}

/**
 * Ajv's `code.regExp`: schema `pattern` and `patternProperties` run on re2 (re2js), whose
 * time is linear in the input, so no schema can make validation hang. `toString` is Ajv's
 * cache key for a compiled pattern, so it must differ between patterns.
 */
export const linearRegExp: RegExpEngine = Object.assign(
  (pattern: string, flags: string): RegExpLike => {
    const test = compile(pattern);
    return {
      test,
      toString: () => `/${pattern}/${flags}`,
    } as RegExpLike;
  },
  { code: 'linearRegExp' },
);

/** Why re2 cannot run a schema's regular expression, or `undefined` when it can. */
export function patternProblem(pattern: string): string | undefined {
  try {
    compile(pattern);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
