import type { ErrorObject, ValidateFunction } from 'ajv';
import type { ResolvedConfig } from '../config/config.js';
import type { Workspace } from '../workspace/workspace.js';
import { SchemaCompiler } from './schema-compiler.js';
import { indexSchemas, type PointerRef, type SchemaIndex, type SchemaProblem } from './schema-index.js';
import { SchemaProblems } from './schema-problems.js';

export { type PointerRef, REPO_BASE_URL, type SchemaFile, type SchemaProblem } from './schema-index.js';

/** What validating one value against one schema gave. */
export type ValidationOutcome = { ok: true } | { ok: false; errors: ErrorObject[] } | { ok: false; tooDeep: true };

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

  constructor(workspace: Workspace, config: ResolvedConfig, schemaFiles: readonly string[]) {
    this.#index = indexSchemas(workspace, config.schemas.defaultDraft, schemaFiles);
    this.#compiler = new SchemaCompiler(
      this.#index,
      config.schemas.strict,
      (path) => this.#problems.of(path).length > 0,
    );
    this.#problems = new SchemaProblems(this.#index, (draft, schema) => this.#compiler.metaErrors(draft, schema));
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
    const compiled = this.#compiler.compile(path);
    return compiled === 'broken' || typeof compiled === 'function' ? undefined : compiled;
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
