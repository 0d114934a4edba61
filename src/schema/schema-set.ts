import { createHash } from 'node:crypto';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { setBounded } from '../bounded-map.js';
import type { ResolvedConfig } from '../config/config.js';
import { keepsDerivedValues, type Workspace } from '../workspace/workspace.js';
import { SchemaCompiler } from './schema-compiler.js';
import { indexSchemas, type PointerRef, type SchemaIndex, type SchemaProblem } from './schema-index.js';
import { metaProblems, SchemaProblems } from './schema-problems.js';

export { type PointerRef, REPO_BASE_URL, type SchemaFile, type SchemaProblem } from './schema-index.js';

/** The memo kind of "what compiling this schema adds to its problems". */
const COMPILE_PROBLEM = 'schema-compile-problem-1';

/** The memo kind of "this schema's departures from its draft's meta-schema". */
const META_PROBLEMS = 'schema-meta-problems-1';

/** The memo kind of "the problems of every repository schema file", under the digest of them all. */
const ALL_PROBLEMS = 'schema-problems-1';

/** What validating one value against one schema gave. */
export type ValidationOutcome = { ok: true } | { ok: false; errors: ErrorObject[] } | { ok: false; tooDeep: true };

/** The settings a schema's problems and compilation depend on, as one key. */
export function schemaSettings(config: ResolvedConfig): string {
  return JSON.stringify([config.schemas.strict, config.schemas.defaultDraft]);
}

/** The index of a set of schema files, the problems found in it and its compiler: a function of their content alone. */
interface SchemaCore {
  index: SchemaIndex;
  problems: SchemaProblems;
  compiler: SchemaCompiler;
  /**
   * With a memo: the key every repository file's problems are kept under, a digest of the
   * settings and of each schema file's path and content (a `$ref` cycle is reported where the
   * walk over all of them first closes it, so one file's problems can depend on any other);
   * `recalled` when they came from it.
   */
  problemsKey?: { key: string; recalled: boolean };
}

/**
 * Schema cores by the content of their files, kept while the process keeps derived values
 * (`keepDerivedValues`), the last few only: a process that checks the same schemas many
 * times (the test suite) indexes and compiles them once, not once per run.
 */
const keptCores = new Map<string, SchemaCore>();
const KEPT_CORES = 8;

/**
 * A new core. Meta-schema problems are a function of a file's content, path (its registered
 * `$id`), draft and strictness: a run with a result cache recalls them, so an edit elsewhere
 * compiles no meta-schema; a kept core (`shared`) is reused with no cache of its own and
 * remembers them itself. The schemas surveyor ships (`builtin` files, and every file of a
 * `shipped` set) are never checked at run time: compiling a draft's meta-schema costs a third
 * of a second, and their conformance is the package's, which its tests check.
 */
function buildCore(
  workspace: Workspace,
  config: ResolvedConfig,
  schemaFiles: readonly string[],
  shared: boolean,
  shipped: boolean,
): SchemaCore {
  const settings = schemaSettings(config);
  const index = indexSchemas(workspace, config.schemas.defaultDraft, schemaFiles);
  const compiler = new SchemaCompiler(index, config.schemas.strict, (path) => problems.of(path).length > 0);
  const problemsKey = shared ? undefined : problemsDigest(workspace, settings, schemaFiles);
  const known = problemsKey
    ? (workspace.memo!.recall(ALL_PROBLEMS, problemsKey) as Record<string, SchemaProblem[]> | undefined)
    : undefined;
  const problems = new SchemaProblems(
    index,
    (file) => {
      if (file.builtin || shipped) return [];
      const check = () => metaProblems(compiler.metaErrors(file.draft!, file.schema));
      return shared ? check() : workspace.derivedNow(`${META_PROBLEMS}:${settings}:${file.path}`, file.path, check);
    },
    known,
  );
  return {
    index,
    problems,
    compiler,
    ...(problemsKey ? { problemsKey: { key: problemsKey, recalled: !!known } } : {}),
  };
}

/** The key of every repository schema file's problems (see `SchemaCore.problemsKey`); none without a memo or an id. */
function problemsDigest(workspace: Workspace, settings: string, schemaFiles: readonly string[]): string | undefined {
  if (!workspace.memo) return undefined;
  const hash = createHash('sha256').update(settings);
  try {
    for (const file of schemaFiles) hash.update(`\0${file}\0${workspace.contentId(file)}`);
  } catch {
    return undefined; // an unreadable file: its problems are this run's
  }
  return hash.digest('hex');
}

/**
 * The core of these schema files: for a run without a result cache in a process that keeps
 * derived values, one kept for the same settings and content, else a new one. A run with a
 * cache builds its own, so it recalls and fills its cache as the CLI does.
 */
function coreOf(
  workspace: Workspace,
  config: ResolvedConfig,
  schemaFiles: readonly string[],
  shipped: boolean,
): SchemaCore {
  if (workspace.memo || !keepsDerivedValues()) return buildCore(workspace, config, schemaFiles, false, shipped);
  const hash = createHash('sha256')
    .update(schemaSettings(config))
    .update(shipped ? '\0shipped' : '');
  try {
    for (const file of schemaFiles) {
      // Read as the index would read it, so the id comes from the text at hand, not from a second read.
      workspace.text(file);
      hash.update(`\0${file}\0${workspace.contentId(file)}`);
    }
  } catch {
    return buildCore(workspace, config, schemaFiles, false, shipped); // an unreadable file: its problems are this run's
  }
  const key = hash.digest('hex');
  let core = keptCores.get(key);
  if (!core) {
    core = buildCore(workspace, config, schemaFiles, true, shipped);
    setBounded(keptCores, key, core, KEPT_CORES);
  }
  return core;
}

/**
 * Every JSON Schema of the repository, registered once by `$id` and by path so that
 * cross-file and cross-draft `$ref`s resolve locally (remote refs never fetched): an
 * index built in one walk, the problems found in it, and Ajv compilation on demand,
 * each schema compiled at most once per run and only when something asks for it.
 */
export class SchemaSet {
  readonly #index: SchemaIndex;
  readonly #problems: SchemaProblems;
  readonly #compiler: SchemaCompiler;
  readonly #problemsKey: SchemaCore['problemsKey'];
  readonly #workspace: Workspace;
  readonly #settings: string;
  #resourcesDigest: string | undefined;
  /** `reached` and `dependencyKey` by schema path: asked once per instance, and many instances share a schema. */
  readonly #reached = new Map<string, readonly string[]>();
  readonly #dependencyKeys = new Map<string, string>();

  /** `shipped`: the files are schemas surveyor ships (the front-matter schema), never checked against their meta-schema. */
  constructor(
    workspace: Workspace,
    config: ResolvedConfig,
    schemaFiles: readonly string[],
    options: { shipped?: boolean } = {},
  ) {
    this.#workspace = workspace;
    this.#settings = schemaSettings(config);
    const core = coreOf(workspace, config, schemaFiles, options.shipped === true);
    this.#index = core.index;
    this.#problems = core.problems;
    this.#compiler = core.compiler;
    this.#problemsKey = core.problemsKey;
  }

  /** True when `path` is a registered schema file. */
  has(path: string): boolean {
    return this.#index.files.has(path);
  }

  /** The schema file whose `$id` or registered URL is `url` (ignoring a fragment). */
  fileByUrl(url: string): string | undefined {
    const resource = this.#index.resources.get(url.split('#')[0]!);
    return resource?.pointer === '' ? resource.file : undefined;
  }

  /** The repository schema file whose own top-level `$id` is `id` (ignoring a fragment); never a built-in one. */
  fileById(id: string): string | undefined {
    return this.#index.declaredIds.get(id.split('#')[0]!.replace(/^\.\//, ''));
  }

  /** Where a subschema object of a registered copy sits in its file. */
  locationOf(node: unknown): PointerRef | undefined {
    const location = typeof node === 'object' && node !== null ? this.#index.locationOf(node) : undefined;
    return location && this.#index.files.get(location.file)?.builtin ? undefined : location;
  }

  /**
   * Problems of every repository schema file accepted by `filter`, found without compiling
   * (draft, meta-schema, `$ref`s, cycles, patterns, `$id`s claimed twice).
   */
  problems(filter: (path: string) => boolean = () => true): SchemaProblem[] {
    const key = this.#problemsKey;
    if (key && !key.recalled) {
      // Found for every file at once, so a later run with the same schemas recalls them all.
      const all: Record<string, readonly SchemaProblem[]> = {};
      for (const file of this.#index.files.values()) if (!file.builtin) all[file.path] = this.#problems.of(file.path);
      this.#workspace.memo!.remember(ALL_PROBLEMS, key.key, all);
      key.recalled = true;
    }
    const problems: SchemaProblem[] = [];
    for (const file of this.#index.files.values())
      if (filter(file.path) && !file.builtin) problems.push(...this.#problems.of(file.path));
    return problems;
  }

  /**
   * What compiling a schema file adds to its `problems`: Ajv's own refusal (unknown keywords
   * in strict mode, a reference Ajv resolves differently), or nothing. Compiles the file.
   */
  compileProblem(path: string): SchemaProblem | undefined {
    // A cached run recalls the answer while the schema, what it references and the $id map are unchanged.
    const key = this.#workspace.memo ? this.dependencyKey(path) : undefined;
    if (key !== undefined) {
      const recalled = this.#workspace.memo!.recall(COMPILE_PROBLEM, key) as { problem?: SchemaProblem } | undefined;
      if (recalled) return recalled.problem;
    }
    const compiled = this.#compiler.compile(path);
    const problem = compiled === 'broken' || typeof compiled === 'function' ? undefined : compiled;
    if (key !== undefined) this.#workspace.memo!.remember(COMPILE_PROBLEM, key, problem ? { problem } : {});
    return problem;
  }

  /**
   * A digest of everything compiling or validating against a schema can depend on: the
   * settings, the content of every schema file it reaches through `$ref`s (itself included),
   * and which file holds each resource (`$id`).
   */
  dependencyKey(path: string): string {
    let key = this.#dependencyKeys.get(path);
    if (key === undefined) {
      const hash = createHash('sha256').update(this.#settings).update(`\0${path}`);
      for (const file of this.reached(path)) {
        let id = 'builtin';
        if (!this.#index.files.get(file)?.builtin) {
          try {
            id = this.#workspace.contentId(file);
          } catch {
            id = 'unreadable';
          }
        }
        hash.update(`\0${file}\0${id}`);
      }
      key = hash.update(`\0${this.#resources()}`).digest('hex');
      this.#dependencyKeys.set(path, key);
    }
    return key;
  }

  /** The schema files a schema reaches through `$ref`s, itself included, sorted. */
  reached(path: string): readonly string[] {
    let found = this.#reached.get(path);
    if (!found) {
      const reached = new Set([path]);
      const pending = [path];
      while (pending.length) {
        for (const next of this.#index.dependencies.get(pending.pop()!) ?? []) {
          if (reached.has(next)) continue;
          reached.add(next);
          pending.push(next);
        }
      }
      found = [...reached].sort();
      this.#reached.set(path, found);
    }
    return found;
  }

  /** A digest of which file (and place) holds each schema resource, of the `$id`s claimed twice, and of each file's own `$id`. */
  #resources(): string {
    if (this.#resourcesDigest === undefined) {
      const hash = createHash('sha256');
      for (const [url, node] of this.#index.resources) hash.update(`${url}\0${node.file}\0${node.pointer}\0`);
      for (const duplicate of this.#index.duplicates) hash.update(`dup\0${duplicate.url}\0${duplicate.file}\0`);
      for (const [id, file] of this.#index.declaredIds) hash.update(`id\0${id}\0${file}\0`);
      this.#resourcesDigest = hash.digest('hex');
    }
    return this.#resourcesDigest;
  }

  /**
   * The validator of a schema file, or why there is none: `missing` (no such schema),
   * `broken` (it or a schema it references has problems, reported by `schema/compile`).
   */
  validator(path: string): ValidateFunction | 'missing' | 'broken' {
    if (!this.#index.files.has(path)) return 'missing';
    const compiled = this.#compiler.compile(path);
    return typeof compiled === 'function' ? compiled : 'broken';
  }

  /** Validates a value; a value nested too deeply for the validator is an outcome, not a crash. */
  validate(path: string, value: unknown): ValidationOutcome | 'missing' | 'broken' {
    const validate = this.validator(path);
    if (typeof validate !== 'function') return validate;
    try {
      return validate(value) ? { ok: true } : { ok: false, errors: [...(validate.errors ?? [])] };
    } catch (error) {
      if (error instanceof RangeError) return { ok: false, tooDeep: true };
      throw error;
    }
  }
}
