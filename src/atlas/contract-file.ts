import type { AtlasConfig } from '../config/config.js';
import type { Span } from '../workspace/json-document.js';
import type { Workspace } from '../workspace/workspace.js';

/** The `atlas` config keys that name a contract file, for messages that say what to fix. */
export type AtlasFileKey = Exclude<
  keyof AtlasConfig,
  'enabled' | 'scenarios' | 'readinessThreshold' | 'chartCandidates'
>;

/** The `atlas` config key that holds each JSON contract's path, by the contract's name in the model. */
export const contractPaths = {
  installMatrix: 'installMatrix',
  rolloutContract: 'rolloutContract',
  compatibility: 'versionCompatibility',
  identity: 'identity',
  policy: 'policy',
  readiness: 'readinessScore',
  manifest: 'evidenceManifest',
} as const satisfies Record<string, AtlasFileKey>;

/** The name of an Atlas JSON contract, as the model and rules' `appliesTo` call it. */
export type AtlasContract = keyof typeof contractPaths;

/** A place in a repository file, by JSON pointer (into JSON or YAML). */
export interface FilePlace {
  file: string;
  pointer: string;
}

/**
 * Why an Atlas input file could not be read as what it should be. The model records these
 * as it loads and carries on without the file (or the part it could not read); the
 * `atlas/contract-file` rule reports each once.
 */
export type ContractProblem =
  | { kind: 'missing'; file: string; key: AtlasFileKey }
  | { kind: 'unreadable'; file: string; reason: string }
  | { kind: 'empty'; file: string }
  | { kind: 'yaml'; file: string; span: Span; message: string }
  | { kind: 'shape'; file: string; pointer: string; message: string }
  | { kind: 'tarball'; file: string; at?: FilePlace; reason: string }
  /** A member that would extract or link outside the folder the tarball unpacks into. */
  | { kind: 'tarball-member'; file: string; at?: FilePlace; member: string; reason: string };

/** A JSON object, as the loaders test for. */
export type JsonObject = Record<string, unknown>;

/** True for a plain object (not an array, not null). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How a value is named in a shape problem: `an array`, `a string`, `null`. */
export function describeFound(value: unknown): string {
  if (value === null) return '`null`';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return `a ${typeof value}`;
}

/**
 * The value of a JSON contract, or `undefined` (with a `missing` problem when the file
 * does not exist). Syntax errors, emptiness and wrong shapes are not recorded here:
 * `json/syntax` and `schema/valid` report those.
 */
export function loadJsonContract(
  workspace: Workspace,
  file: string,
  key: AtlasFileKey,
  problems: ContractProblem[],
): unknown {
  if (!workspace.hasFile(file)) {
    problems.push({ kind: 'missing', file, key });
    return undefined;
  }
  const document = workspace.json(file);
  return document?.ok ? document.value : undefined;
}

/** A YAML file of the model: its top-level map. */
export interface YamlMapFile {
  file: string;
  value: JsonObject;
}

/** The memo kind of "what reading this content as a YAML map gives". */
const YAML_MAP = 'yaml-map-2';

/** What reading a content as a YAML map gave, without the file's name: its map, the problem, or a map the cache cannot hold. */
type YamlMapRead =
  | { value: JsonObject }
  | {
      problem:
        | { kind: 'unreadable'; reason: string }
        | { kind: 'empty' }
        | { kind: 'yaml'; span: Span; message: string }
        | { kind: 'shape'; found: string };
    }
  | { unkept: true };

/**
 * Reads a YAML file whose top level must be a map. A file with only comments is an
 * empty map; a blank file, text that is not YAML or a top level that is not a map is
 * recorded as a problem and gives `undefined`. What a content gives is recalled from the
 * cache, so a run that reruns a rule of the values files reads and parses only those that changed.
 */
export function loadYamlMap(
  workspace: Workspace,
  file: string,
  problems: ContractProblem[],
  missingKey?: AtlasFileKey,
): YamlMapFile | undefined {
  if (!workspace.hasFile(file)) {
    if (missingKey) problems.push({ kind: 'missing', file, key: missingKey });
    return undefined;
  }
  let read = workspace.derivedNow<YamlMapRead>(YAML_MAP, file, () => {
    const parsed = readYamlMap(workspace, file);
    // Only plain JSON survives the cache file: a map holding `.inf`, say, is parsed on every run. Why a
    // file cannot be read may name it (too large), so that is found out again too.
    if ('value' in parsed) return isPlainJson(parsed.value) ? parsed : { unkept: true };
    return parsed.problem.kind === 'unreadable' ? { unkept: true } : parsed;
  });
  if ('unkept' in read) read = readYamlMap(workspace, file);
  if ('value' in read) return { file, value: read.value };
  const problem = read.problem;
  if (problem.kind === 'shape') {
    problems.push({
      kind: 'shape',
      file,
      pointer: '',
      message: `Unexpected ${problem.found} at the top level of \`${file}\`, expected a map of keys to values`,
    });
  } else problems.push({ ...problem, file });
  return undefined;
}

function readYamlMap(workspace: Workspace, file: string): Exclude<YamlMapRead, { unkept: true }> {
  const text = workspace.text(file);
  if (!text.ok) return { problem: { kind: 'unreadable', reason: text.problem.message } };
  if (text.text.trim() === '') return { problem: { kind: 'empty' } };
  const document = workspace.yaml(file)!;
  if (!document.ok) {
    const first = document.problems[0]!;
    return {
      problem: { kind: 'yaml', span: { start: first.span.start, end: first.span.end }, message: first.message },
    };
  }
  const value = document.value ?? {};
  if (!isObject(value)) return { problem: { kind: 'shape', found: describeFound(value) } };
  return { value };
}

/** Past this depth a value is not kept in the cache (nor walked to find out whether it could be). */
const MAX_KEPT_DEPTH = 64;

/** True when JSON keeps the value as it is: finite numbers (not `-0`), plain objects without a `__proto__` key, no `undefined`. */
function isPlainJson(value: unknown, depth = 0): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (depth >= MAX_KEPT_DEPTH || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.every((item) => isPlainJson(item, depth + 1));
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  if (Object.hasOwn(value, '__proto__')) return false;
  return Object.values(value).every((item) => isPlainJson(item, depth + 1));
}

/** Why a path written in a contract is outside the repository, for messages. */
export function describeEscape(reason: 'absolute' | 'parent' | 'empty'): string {
  return reason === 'absolute' ? 'an absolute path' : reason === 'parent' ? 'it climbs out with `..`' : 'it is empty';
}
