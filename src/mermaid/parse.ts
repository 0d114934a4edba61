import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { leadingKeyword, type MappedText, preprocessForParse } from './preprocess.js';

/** Why mermaid rejected a diagram. */
export type MermaidProblemKind =
  /** The grammar of the diagram type does not accept the text. */
  | 'syntax'
  /** The first line names no diagram type mermaid knows. */
  | 'unknown-type'
  /** The diagram parses but mermaid refuses to draw it (more than `maxEdges` edges). */
  | 'limit';

/** What mermaid's own parser says about one diagram. */
export type MermaidParseResult =
  | { ok: true; diagramType: string }
  | {
      ok: false;
      kind: MermaidProblemKind;
      /** 1-based line in the diagram text as given (front matter and comments included). */
      line: number;
      /** 1-based column in that line, when mermaid says where. */
      column?: number;
      /** What is wrong, as a sentence fragment without a trailing period. */
      message: string;
      /** The diagram keyword as written (`flowchart`, `sequenceDiagram`), when there is one. */
      diagramKeyword?: string;
    };

interface MermaidApi {
  parse(text: string): Promise<{ diagramType: string } | false>;
}

interface Purifier {
  addHook?: unknown;
  sanitize?: unknown;
}

let installedVersion: string | undefined;

/** The version of the installed `mermaid` (its verdicts are remembered per version), read without importing it. */
export function mermaidVersion(): string {
  if (installedVersion === undefined) {
    installedVersion = 'unknown';
    try {
      let folder = path.dirname(createRequire(import.meta.url).resolve('mermaid'));
      for (let hops = 0; hops < 4; hops++, folder = path.dirname(folder)) {
        const file = path.join(folder, 'package.json');
        if (!existsSync(file)) continue;
        const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (manifest.name === 'mermaid' && typeof manifest.version === 'string') {
          installedVersion = manifest.version;
          break;
        }
      }
    } catch {
      // Not installed: nothing is parsed, so nothing is remembered under this version.
    }
  }
  return installedVersion;
}

let loading: Promise<MermaidApi> | undefined;
let queue: Promise<unknown> = Promise.resolve();

/**
 * Imports mermaid on first use. In Node there is no DOM, so DOMPurify, which mermaid calls
 * while parsing labels, is given no-op `addHook` and identity `sanitize` first: parsing
 * never renders, so nothing needs sanitising. Mermaid's own bundle (`mermaid.esm.mjs`,
 * its dependencies inside) loads in about a sixth of the time of its package entry, which
 * imports each dependency file by file (about 0.8 s); the entry is the fallback.
 */
function loadMermaid(): Promise<MermaidApi> {
  loading ??= (async () => {
    const require = createRequire(import.meta.url);
    const mermaidEntry = require.resolve('mermaid');
    const bundle = bundledEntry(path.dirname(mermaidEntry));
    if (bundle) {
      const chunk = (await import(pathToFileURL(bundle.purifyChunk).href)) as { purify?: Purifier };
      if (chunk.purify) {
        stubPurifier(chunk.purify);
        return ((await import(pathToFileURL(bundle.entry).href)) as { default: MermaidApi }).default;
      }
    }
    // Stub the very DOMPurify module instance mermaid's package entry imports.
    const purifyCjs = createRequire(mermaidEntry).resolve('dompurify');
    const purifyEsm = path.join(path.dirname(purifyCjs), 'purify.es.mjs');
    const purify = (
      (await import(pathToFileURL(existsSync(purifyEsm) ? purifyEsm : purifyCjs).href)) as { default: Purifier }
    ).default;
    stubPurifier(purify);
    const module = (await import('mermaid')) as unknown as { default: MermaidApi };
    return module.default;
  })();
  return loading;
}

function stubPurifier(purify: Purifier): void {
  if (typeof purify.addHook !== 'function') purify.addHook = () => undefined;
  if (typeof purify.sanitize !== 'function') purify.sanitize = (value: unknown) => value;
}

/** The import of mermaid's bundle that names DOMPurify's instance, `purify`, and the chunk it comes from. */
const PURIFY_IMPORT = /import\s*\{[^}]*\bpurify\b[^}]*\}\s*from\s*"(\.\/chunks\/[\w./-]+\.mjs)"/;

/**
 * Mermaid's bundle in its `dist` folder and the chunk of it that exports the DOMPurify
 * instance the bundle uses, or `undefined` when the installed mermaid has no such bundle.
 */
export function bundledEntry(dist: string): { entry: string; purifyChunk: string } | undefined {
  const entry = path.join(dist, 'mermaid.esm.mjs');
  let text: string;
  try {
    text = readFileSync(entry, 'utf8');
  } catch {
    return undefined;
  }
  const chunk = PURIFY_IMPORT.exec(text)?.[1];
  if (!chunk) return undefined;
  const purifyChunk = path.join(dist, chunk);
  return existsSync(purifyChunk) ? { entry, purifyChunk } : undefined;
}

/** Starts importing mermaid now, as a worker thread does when it starts; a failure to load shows on the first parse. */
export function preloadMermaid(): void {
  loadMermaid().catch(() => undefined);
}

/** True once mermaid has been imported in this process (tests check that runs without diagrams never load it). */
export function mermaidLoaded(): boolean {
  return loading !== undefined;
}

/**
 * Parses one diagram with mermaid's own parser (no browser, no rendering). Calls are
 * serialised because mermaid keeps its configuration in module state. Errors are mapped
 * back to the line of the text as given, although mermaid counts lines after removing
 * front matter, directives and comments.
 */
export function parseMermaid(text: string): Promise<MermaidParseResult> {
  const result = queue.then(() => parseNow(text));
  queue = result.catch(() => undefined);
  return result;
}

async function parseNow(text: string): Promise<MermaidParseResult> {
  const mermaid = await loadMermaid();
  const mapped = preprocessForParse(text);
  const keyword = leadingKeyword(mapped.text);
  const restore = silenceConsole();
  try {
    const parsed = await mermaid.parse(text);
    return { ok: true, diagramType: parsed ? parsed.diagramType : (keyword ?? '') };
  } catch (error) {
    const problem = describeError(error, mapped);
    const at = positionIn(text, problem.offset);
    return {
      ok: false,
      kind: problem.kind,
      line: at.line,
      ...(problem.exact ? { column: at.column } : {}),
      message: problem.message,
      ...(keyword ? { diagramKeyword: keyword } : {}),
    };
  } finally {
    restore();
  }
}

/** Mermaid logs through `console` at a level a diagram's own directive may raise: keep the report clean. */
function silenceConsole(): () => void {
  const methods = ['log', 'debug', 'info', 'warn', 'error', 'trace'] as const;
  const saved = methods.map((m) => console[m]);
  for (const m of methods) console[m] = () => undefined;
  return () => methods.forEach((m, i) => (console[m] = saved[i]!));
}

interface Described {
  kind: MermaidProblemKind;
  /** Offset in the diagram text as given. */
  offset: number;
  exact: boolean;
  message: string;
}

interface JisonHash {
  text?: string;
  token?: string | number | null;
  line?: number;
  loc?: { first_line: number; first_column: number; last_line: number; last_column: number };
  expected?: string[];
}

interface LangiumResult {
  lexerErrors?: { line?: number; column?: number; message: string }[];
  parserErrors?: { message: string; token: { startLine?: number; startColumn?: number; image?: string } }[];
}

function describeError(error: unknown, mapped: MappedText): Described {
  const raw = error instanceof Error ? error.message : String(error);
  const processedStart = mapped.originOf(0);
  const lines = lineStarts(mapped.text);
  const offsetAt = (line: number, column: number) => {
    const start = lines[Math.min(Math.max(line, 1), lines.length) - 1]!;
    return Math.min(start + Math.max(column, 0), mapped.text.length);
  };
  const endOfText = mapped.originOf(mapped.text.trimEnd().length);

  if (/^No diagram type detected/.test(raw)) {
    return {
      kind: 'unknown-type',
      offset: processedStart,
      exact: false,
      message: 'no diagram type is named on its first line',
    };
  }
  const limit = /^Edge limit exceeded\. (\d+) edges found, but the limit is (\d+)/.exec(raw);
  if (limit) {
    return {
      kind: 'limit',
      offset: processedStart,
      exact: false,
      message: `it has more than ${limit[2]} edges, mermaid's \`maxEdges\`, so mermaid refuses to draw it`,
    };
  }

  const hash = (error as { hash?: JisonHash }).hash;
  if (hash && (hash.loc || typeof hash.line === 'number')) {
    const text = hash.text ?? '';
    let offset: number;
    let exact = true;
    if (hash.token === 1 || hash.token === 'EOF' || text === '') {
      offset = endOfText;
    } else {
      // `loc` is the last token mermaid accepted; the unexpected one is the next match of `text`.
      const from = hash.loc ? offsetAt(hash.loc.last_line, hash.loc.last_column) : offsetAt((hash.line ?? 0) + 1, 0);
      // Mermaid appends a newline before parsing; tokens may include it.
      const parsed = `${mapped.text}\n`;
      let found = parsed.indexOf(text, from);
      if (found === -1 && text.trim()) found = parsed.indexOf(text.trim(), from);
      if (found === -1) {
        exact = false;
        found = offsetAt((hash.line ?? 0) + 1, 0);
      } else {
        found += /^[ \t]*/.exec(text)![0].length;
      }
      offset = mapped.originOf(found);
    }
    return { kind: 'syntax', offset, exact, message: `${unexpected(hash, text)}${expectedList(hash.expected)}` };
  }

  const result = (error as { result?: LangiumResult }).result;
  const located = [
    ...(result?.lexerErrors ?? []).map((e) => ({ line: e.line, column: e.column, message: e.message })),
    ...(result?.parserErrors ?? []).map((e) => ({
      line: e.token.startLine,
      column: e.token.startColumn,
      message: e.message,
    })),
  ].filter(
    (e): e is { line: number; column: number; message: string } =>
      typeof e.line === 'number' && typeof e.column === 'number' && !Number.isNaN(e.line),
  );
  located.sort((a, b) => a.line - b.line || a.column - b.column);
  const first = located[0];
  if (first) {
    return {
      kind: 'syntax',
      offset: mapped.originOf(offsetAt(first.line, first.column - 1)),
      exact: true,
      message: langiumMessage(first.message),
    };
  }

  const inMessage = /on line (\d+)(?:, column (\d+))?/.exec(raw);
  const message = oneLine(raw.replace(/^Parsing failed:\s*/, ''));
  if (inMessage) {
    const column = inMessage[2] ? Number(inMessage[2]) - 1 : 0;
    return {
      kind: 'syntax',
      offset: mapped.originOf(offsetAt(Number(inMessage[1]), column)),
      exact: Boolean(inMessage[2]),
      message,
    };
  }
  return { kind: 'syntax', offset: processedStart, exact: false, message };
}

function unexpected(hash: JisonHash, text: string): string {
  if (hash.token === 1 || hash.token === 'EOF') return 'the diagram ends too early';
  if (hash.token === 'NEWLINE' || /^\s*\n\s*$/.test(text)) return 'the line ends too early';
  if (text.trim() === '') return 'unexpected text';
  return `unexpected ${code(text.trim())}`;
}

function expectedList(expected: readonly string[] | undefined): string {
  if (!expected?.length) return '';
  const names = expected.map((e) => e.replace(/^'(.*)'$/, '$1'));
  const shown = names.slice(0, 5).map(code).join(', ');
  return names.length > 5
    ? `, expected one of ${shown}, … (${names.length} in all)`
    : `, expected ${names.length > 1 ? 'one of ' : ''}${shown}`;
}

function langiumMessage(message: string): string {
  const text = oneLine(message.replace(/`\r?\n`/g, 'the end of the line'))
    .replace(/ at offset: \d+, skipped \d+ characters?\.?$/, '')
    .replace(/^unexpected character: ->(.*)<-$/, (_, c: string) => `unexpected character ${code(c)}`)
    .replace(/'([^']+)'/g, (_, name: string) => code(name));
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function oneLine(message: string): string {
  return message.split('\n')[0]!.trim().replace(/\.$/, '');
}

function code(value: string): string {
  const shown = value.length > 40 ? `${value.slice(0, 39)}…` : value;
  return `\`${shown.replace(/`/g, "'").replace(/\n/g, '\\n')}\``;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function positionIn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
