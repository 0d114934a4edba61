import type { ErrorObject } from 'ajv';
import type { Draft } from '../config/config-schema.js';
import { describeAjvErrors } from './ajv-errors.js';
import { patternProblem } from './linear-regexp.js';
import {
  type PointerRef,
  REPO_BASE_URL,
  type SchemaFile,
  type SchemaIndex,
  type SchemaProblem,
} from './schema-index.js';

/** A schema file's departures from its draft's meta-schema, each at its pointer; none when it conforms. */
export type MetaValidator = (file: SchemaFile & { schema: object }) => readonly { pointer: string; message: string }[];

/** The problems of a schema against its draft's meta-schema, from Ajv's errors: where each is, and what it says. */
export function metaProblems(errors: readonly ErrorObject[]): { pointer: string; message: string }[] {
  return describeAjvErrors(errors).map((described) => ({
    pointer: described.pointer,
    message: described.message.replace(/\(`(\w+)`\)$/, '(meta-schema `$1`)'),
  }));
}

/** Applicators that validate the very value the schema validates: a `$ref` loop through only these never ends. */
const IN_PLACE_LISTS = ['allOf', 'anyOf', 'oneOf'] as const;
const IN_PLACE_SINGLE = ['not', 'if', 'then', 'else'] as const;
/**
 * Maps of subschemas that apply to the object itself when it has the named property:
 * `dependencies` (every draft; its array values are property lists) and `dependentSchemas`
 * (2019-09 and 2020-12). Every other applicator (`properties`, `patternProperties`,
 * `additionalProperties`, `propertyNames`, `items`, `prefixItems`, `additionalItems`,
 * `contains`, `unevaluated*`) validates a property, an item or a name instead, a smaller
 * value, so recursion through it ends.
 */
const IN_PLACE_MAPS = ['dependencies', 'dependentSchemas'] as const;
const DEPENDENT_SCHEMAS_DRAFTS = new Set<Draft | undefined>(['2019-09', '2020-12']);

interface Edge {
  to: object;
  /** The object reported: the `$ref` holder, or the subschema the applicator goes through. */
  via: object;
}

/**
 * The problems of each schema file, a function of the index alone: what registration
 * rejected, `$ref`s that do not resolve, `$ref` cycles that never consume the value, the
 * draft's meta-schema, patterns re2 cannot run, and `$id`s claimed twice. Each file's
 * problems are computed on first ask and never change, whatever is asked first.
 */
export class SchemaProblems {
  readonly #index: SchemaIndex;
  readonly #metaErrors: MetaValidator;
  readonly #ofFile = new Map<string, readonly SchemaProblem[]>();
  #cycles: Map<string, SchemaProblem[]> | undefined;

  /** `known`: every repository file's problems as an earlier run found them in the same files (see `SchemaSet`). */
  constructor(
    index: SchemaIndex,
    metaErrors: MetaValidator,
    known?: Readonly<Record<string, readonly SchemaProblem[]>>,
  ) {
    this.#index = index;
    this.#metaErrors = metaErrors;
    if (known) for (const [path, problems] of Object.entries(known)) this.#ofFile.set(path, problems);
  }

  /** Problems of one schema file (none for a path that is no schema file). */
  of(path: string): readonly SchemaProblem[] {
    let problems = this.#ofFile.get(path);
    if (!problems) {
      const file = this.#index.files.get(path);
      problems = file ? this.#compute(file) : [];
      this.#ofFile.set(path, problems);
    }
    return problems;
  }

  #compute(file: SchemaFile): SchemaProblem[] {
    const problems: SchemaProblem[] = [];
    if (file.rejected) problems.push(file.rejected);
    for (const ref of this.#index.refs.get(file.path) ?? []) if (ref.problem) problems.push(ref.problem);
    problems.push(...(this.#cyclesByFile().get(file.path) ?? []));
    // Later checks assume a schema whose references resolve: report them only for one that does.
    if (problems.length > 0) return problems;
    if (typeof file.schema === 'object') {
      const meta = this.#metaErrors(file as SchemaFile & { schema: object });
      for (const { pointer, message } of meta) problems.push({ file: file.path, pointer, message });
      if (meta.length > 0) return problems;
      for (const { pointer, pattern } of this.#index.patterns.get(file.path) ?? []) {
        const reason = patternProblem(pattern);
        if (reason)
          problems.push({
            file: file.path,
            pointer,
            message: `Unsupported regular expression \`${pattern}\` (${reason}): schema patterns run on a linear-time engine with no backreferences and no lookaround except right after a leading \`^\`, rewrite it without them`,
          });
      }
    }
    if (problems.length > 0) return problems;
    for (const duplicate of this.#index.duplicates)
      if (duplicate.file === file.path)
        problems.push({
          file: file.path,
          pointer: duplicate.pointer,
          message: `Cannot register the schema: schema with key or id "${duplicate.url.split(REPO_BASE_URL).join('')}" already exists`,
        });
    return problems;
  }

  /** `$ref` loops through in-place applicators only, found once for the whole index, by the file of the reported object. */
  #cyclesByFile(): Map<string, SchemaProblem[]> {
    if (!this.#cycles) {
      this.#cycles = new Map();
      const state = new Map<object, 'active' | 'done'>();
      const reported = new Set<object>();
      for (const nodes of this.#index.nodes.values())
        for (const node of nodes) if (!state.has(node)) this.#explore(node, state, reported);
    }
    return this.#cycles;
  }

  /** Iterative depth-first walk of in-place edges from `start`, reporting each back edge once. */
  #explore(start: object, state: Map<object, 'active' | 'done'>, reported: Set<object>): void {
    const frames: { node: object; edges: Edge[] }[] = [];
    const enter = (node: object) => {
      state.set(node, 'active');
      frames.push({ node, edges: this.#inPlaceEdges(node) });
    };
    enter(start);
    while (frames.length) {
      const frame = frames.at(-1)!;
      const edge = frame.edges.pop();
      if (!edge) {
        state.set(frame.node, 'done');
        frames.pop();
      } else if (state.get(edge.to) === 'active') {
        if (!reported.has(edge.via)) {
          reported.add(edge.via);
          this.#reportCycle(
            edge,
            frames.map((f) => f.node),
          );
        }
      } else if (!state.has(edge.to)) {
        enter(edge.to);
      }
    }
  }

  /** Schemas validated against the same value as `node`: its `$ref` target and its in-place applicators. */
  #inPlaceEdges(node: object): Edge[] {
    const edges: Edge[] = [];
    if (Array.isArray(node)) return edges;
    const target = this.#index.refOf.get(node)?.target?.node;
    if (typeof target === 'object' && target !== null) edges.push({ to: target, via: node });
    const record = node as Record<string, unknown>;
    const through = (sub: unknown) => {
      if (sub && typeof sub === 'object' && !Array.isArray(sub)) edges.push({ to: sub, via: sub });
    };
    for (const key of IN_PLACE_LISTS) if (Array.isArray(record[key])) for (const sub of record[key]) through(sub);
    for (const key of IN_PLACE_SINGLE) through(record[key]);
    for (const key of IN_PLACE_MAPS) {
      const map = record[key];
      if (typeof map !== 'object' || map === null || Array.isArray(map)) continue;
      if (key === 'dependentSchemas' && !DEPENDENT_SCHEMAS_DRAFTS.has(this.#draftOf(node))) continue;
      for (const sub of Object.values(map)) through(sub);
    }
    return edges;
  }

  #draftOf(node: object): Draft | undefined {
    const location = this.#index.locationOf(node);
    return location ? this.#index.files.get(location.file)?.draft : undefined;
  }

  #reportCycle(edge: Edge, path: object[]): void {
    const at = this.#index.locationOf(edge.via);
    if (!at) return;
    const target = this.#index.locationOf(edge.to);
    const start = path.indexOf(edge.to);
    const loop = (start >= 0 ? path.slice(start) : path)
      .map((n) => this.#index.locationOf(n))
      .filter((l): l is PointerRef => Boolean(l));
    const shown = [...loop, target].filter(Boolean).map((l) => `\`${l!.file}#${l!.pointer}\``);
    const pointer = typeof (edge.via as Record<string, unknown>).$ref === 'string' ? `${at.pointer}/$ref` : at.pointer;
    const problems = this.#cycles!.get(at.file) ?? [];
    this.#cycles!.set(at.file, problems);
    problems.push({
      file: at.file,
      pointer,
      message: `Unexpected \`$ref\` cycle ${shown.join(' → ')}: it never reaches a keyword that consumes the value, so validation would not terminate`,
      related:
        target && (target.file !== at.file || target.pointer !== at.pointer)
          ? [{ ...target, message: 'The cycle goes back here' }]
          : undefined,
    });
  }
}
