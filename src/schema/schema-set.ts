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
  /** The graph of the index (`graphOf`), worked out on first use: a kept core serves many sets. */
  graph?: { data: SchemaGraph; view: GraphView };
}

/**
 * Schema cores by the content of their files, kept while the process keeps derived values
 * (`keepDerivedValues`), the last few only: a process that checks the same schemas many
 * times (the test suite) indexes and compiles them once, not once per run.
 */
const keptCores = new Map<string, SchemaCore>();
const KEPT_CORES = 8;

/**
 * What a cached run recalls while no schema file changed, under `key` (`problemsDigest`):
 * every file's problems and the graph of their references, each when the cache has them.
 * `key` is absent for a partial core, which remembers nothing (see `SchemaSet`).
 */
interface Recalled {
  key?: string;
  problems?: Record<string, SchemaProblem[]>;
  graph?: GraphView;
}

/**
 * A new core (over part of the files when given every file's `recalled` problems: see
 * `SchemaSet`, whose whole core takes the key and problems the set recalled rather than work
 * them out again). Meta-schema problems are a function of a file's content, path (its registered
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
  recalled?: Recalled,
): SchemaCore {
  const settings = schemaSettings(config);
  const index = indexSchemas(workspace, config.schemas.defaultDraft, schemaFiles);
  const compiler = new SchemaCompiler(index, config.schemas.strict, (path) => problems.of(path).length > 0);
  const problemsKey = shared ? undefined : recalled ? recalled.key : problemsDigest(workspace, settings, schemaFiles);
  const known = recalled
    ? recalled.problems
    : problemsKey
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
  recalled?: Recalled,
): SchemaCore {
  if (workspace.memo || !keepsDerivedValues())
    return buildCore(workspace, config, schemaFiles, false, shipped, recalled);
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

/** The memo kind of "the shape of every schema file's references and ids", under the digest of them all. */
const SCHEMA_GRAPH = 'schema-graph-1';

/**
 * What the index says about how schema files name and reach each other, as plain data: all a
 * run needs to map instances, key the cache and recall compile problems, without reading or
 * walking a schema. Kept under the same digest as every file's problems (`problemsDigest`).
 */
interface SchemaGraph {
  /** The index's files in order (repository paths, then built-in `$id`s). */
  files: string[];
  /** The built-in ones among them. */
  builtin: string[];
  /** Each resource URL a whole file is registered under, with that file (`fileByUrl`). */
  rootUrls: Record<string, string>;
  /** `SchemaIndex.declaredIds`, as pairs in order. */
  declaredIds: [string, string][];
  /** `SchemaIndex.dependencies`, files with none left out. */
  dependencies: Record<string, string[]>;
  /** The digest of the resources, their duplicates and the declared ids (see `dependencyKey`). */
  resources: string;
}

/** A core's graph, as data (to remember) and as the set answers from it, worked out once per core. */
function graphOfCore(core: SchemaCore): { data: SchemaGraph; view: GraphView } {
  if (!core.graph) {
    const data = graphOf(core.index);
    core.graph = { data, view: viewOf(data) };
  }
  return core.graph;
}

/** The graph of an index. */
function graphOf(index: SchemaIndex): SchemaGraph {
  const rootUrls: Record<string, string> = {};
  for (const [url, node] of index.resources) if (node.pointer === '') rootUrls[url] = node.file;
  const dependencies: Record<string, string[]> = {};
  for (const [file, targets] of index.dependencies) if (targets.size) dependencies[file] = [...targets];
  const hash = createHash('sha256');
  for (const [url, node] of index.resources) hash.update(`${url}\0${node.file}\0${node.pointer}\0`);
  for (const duplicate of index.duplicates) hash.update(`dup\0${duplicate.url}\0${duplicate.file}\0`);
  for (const [id, file] of index.declaredIds) hash.update(`id\0${id}\0${file}\0`);
  return {
    files: [...index.files.keys()],
    builtin: [...index.files.values()].filter((file) => file.builtin).map((file) => file.path),
    rootUrls,
    declaredIds: [...index.declaredIds],
    dependencies,
    resources: hash.digest('hex'),
  };
}

/** A graph as the set answers from it. */
interface GraphView {
  files: ReadonlySet<string>;
  order: readonly string[];
  builtin: ReadonlySet<string>;
  rootUrls: ReadonlyMap<string, string>;
  declaredIds: ReadonlyMap<string, string>;
  dependencies: ReadonlyMap<string, readonly string[]>;
  resources: string;
}

function viewOf(graph: SchemaGraph): GraphView {
  return {
    files: new Set(graph.files),
    order: graph.files,
    builtin: new Set(graph.builtin),
    rootUrls: new Map(Object.entries(graph.rootUrls)),
    declaredIds: new Map(graph.declaredIds),
    dependencies: new Map(Object.entries(graph.dependencies)),
    resources: graph.resources,
  };
}

/**
 * How many partial cores (a schema and what it reaches, see `#compiler`) a set builds before it
 * indexes every file instead: each has Ajv instances of its own, so past a few, one whole index
 * costs less.
 */
const PARTIAL_CORES = 4;

/**
 * Every JSON Schema of the repository, registered once by `$id` and by path so that
 * cross-file and cross-draft `$ref`s resolve locally (remote refs never fetched): an
 * index built in one walk, the problems found in it, and Ajv compilation on demand,
 * each schema compiled at most once per run and only when something asks for it.
 *
 * A run with a result cache recalls, while no schema file changed, every file's problems and
 * the graph of their references, and walks no schema until one must be compiled; then it
 * indexes only that schema and the ones it reaches. Their `$ref`s resolve there as in the
 * whole index: each target is among them, and the files with problems (duplicate ids among
 * them) are known from the recalled problems and never compiled.
 */
export class SchemaSet {
  readonly #workspace: Workspace;
  readonly #config: ResolvedConfig;
  readonly #schemaFiles: readonly string[];
  readonly #shipped: boolean;
  readonly #settings: string;
  /** The core over every file, once something needs it. */
  #core: SchemaCore | undefined;
  /** Cores over part of the files, by the schema each was built to compile. */
  readonly #partial = new Map<string, SchemaCore>();
  /** With a memo: the digest of every schema file (`problemsDigest`), and the problems and graph recalled under it. */
  #recalled: (Recalled & { key: string }) | null | undefined;
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
    this.#config = config;
    this.#schemaFiles = schemaFiles;
    this.#shipped = options.shipped === true;
    this.#settings = schemaSettings(config);
  }

  /** What a cached run recalls while no schema file changed; `null` without a memo, for shipped files, or with an unreadable file. */
  #recall(): (Recalled & { key: string }) | null {
    if (this.#recalled === undefined) {
      const key = this.#shipped ? undefined : problemsDigest(this.#workspace, this.#settings, this.#schemaFiles);
      if (key === undefined) this.#recalled = null;
      else {
        const memo = this.#workspace.memo!;
        const problems = memo.recall(ALL_PROBLEMS, key) as Record<string, SchemaProblem[]> | undefined;
        const graph = problems ? (memo.recall(SCHEMA_GRAPH, key) as SchemaGraph | undefined) : undefined;
        this.#recalled = { key, ...(problems ? { problems } : {}), ...(graph ? { graph: viewOf(graph) } : {}) };
      }
    }
    return this.#recalled;
  }

  /** The core over every schema file, built on first use (and the graph remembered from it). */
  #full(): SchemaCore {
    if (!this.#core) {
      const recalled = this.#recall();
      this.#core = coreOf(this.#workspace, this.#config, this.#schemaFiles, this.#shipped, recalled ?? undefined);
      if (recalled && !recalled.graph) {
        const graph = graphOfCore(this.#core);
        this.#workspace.memo!.remember(SCHEMA_GRAPH, recalled.key, graph.data);
        recalled.graph = graph.view;
      }
    }
    return this.#core;
  }

  /** The graph: recalled, or from the whole index (each kept where it was found). */
  #view(): GraphView {
    const recalled = this.#recall();
    return recalled?.problems && recalled.graph ? recalled.graph : graphOfCore(this.#full()).view;
  }

  /**
   * The compiler to compile `path` with: the whole index's once built; else, while the problems
   * are recalled, a core over `path` and the files it reaches (a few at most); else the whole one.
   */
  #compiler(path: string): SchemaCompiler {
    if (this.#core) return this.#core.compiler;
    const recalled = this.#recall();
    if (!recalled?.problems || !recalled.graph) return this.#full().compiler;
    let core = this.#partial.get(path);
    if (!core) {
      if (this.#partial.size >= PARTIAL_CORES) return this.#full().compiler;
      const reached = new Set(this.reached(path));
      const files = this.#schemaFiles.filter((file) => reached.has(file));
      core = buildCore(this.#workspace, this.#config, files, false, this.#shipped, { problems: recalled.problems });
      this.#partial.set(path, core);
    }
    return core.compiler;
  }

  /** True when `path` is a registered schema file. */
  has(path: string): boolean {
    return this.#view().files.has(path);
  }

  /** The schema file whose `$id` or registered URL is `url` (ignoring a fragment). */
  fileByUrl(url: string): string | undefined {
    return this.#view().rootUrls.get(url.split('#')[0]!);
  }

  /** The repository schema file whose own top-level `$id` is `id` (ignoring a fragment); never a built-in one. */
  fileById(id: string): string | undefined {
    return this.#view().declaredIds.get(id.split('#')[0]!.replace(/^\.\//, ''));
  }

  /** Where a subschema object of a registered copy sits in its file. */
  locationOf(node: unknown): PointerRef | undefined {
    if (typeof node !== 'object' || node === null) return undefined;
    let location: PointerRef | undefined;
    for (const core of [...(this.#core ? [this.#core] : []), ...this.#partial.values()]) {
      location = core.index.locationOf(node);
      if (location) break;
    }
    return location && this.#view().builtin.has(location.file) ? undefined : location;
  }

  /**
   * Problems of every repository schema file accepted by `filter`, found without compiling
   * (draft, meta-schema, `$ref`s, cycles, patterns, `$id`s claimed twice).
   */
  problems(filter: (path: string) => boolean = () => true): SchemaProblem[] {
    const recalled = this.#recall();
    const problems: SchemaProblem[] = [];
    if (recalled?.problems && !this.#core) {
      const view = this.#view();
      for (const file of view.order)
        if (filter(file) && !view.builtin.has(file)) problems.push(...(recalled.problems[file] ?? []));
      return problems;
    }
    const core = this.#full();
    const key = core.problemsKey;
    if (key && !key.recalled) {
      // Found for every file at once, so a later run with the same schemas recalls them all.
      const all: Record<string, readonly SchemaProblem[]> = {};
      for (const file of core.index.files.values()) if (!file.builtin) all[file.path] = core.problems.of(file.path);
      this.#workspace.memo!.remember(ALL_PROBLEMS, key.key, all);
      key.recalled = true;
    }
    for (const file of core.index.files.values())
      if (filter(file.path) && !file.builtin) problems.push(...core.problems.of(file.path));
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
    const compiled = this.#compiler(path).compile(path);
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
      const view = this.#view();
      const hash = createHash('sha256').update(this.#settings).update(`\0${path}`);
      for (const file of this.reached(path)) {
        let id = 'builtin';
        if (!view.builtin.has(file)) {
          try {
            id = this.#workspace.contentId(file);
          } catch {
            id = 'unreadable';
          }
        }
        hash.update(`\0${file}\0${id}`);
      }
      key = hash.update(`\0${view.resources}`).digest('hex');
      this.#dependencyKeys.set(path, key);
    }
    return key;
  }

  /** The schema files a schema reaches through `$ref`s, itself included, sorted. */
  reached(path: string): readonly string[] {
    let found = this.#reached.get(path);
    if (!found) {
      const dependencies = this.#view().dependencies;
      const reached = new Set([path]);
      const pending = [path];
      while (pending.length) {
        for (const next of dependencies.get(pending.pop()!) ?? []) {
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

  /**
   * The validator of a schema file, or why there is none: `missing` (no such schema),
   * `broken` (it or a schema it references has problems, reported by `schema/compile`).
   */
  validator(path: string): ValidateFunction | 'missing' | 'broken' {
    if (!this.has(path)) return 'missing';
    const compiled = this.#compiler(path).compile(path);
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
