import type { Ajv as AjvInstance, AnySchemaObject, ErrorObject, ValidateFunction } from 'ajv';
import type { Draft } from '../config/config-schema.js';
import { loadPackage } from '../load-package.js';
import { escapePointerToken, toPointer } from '../workspace/json-document.js';
import { linearRegExp } from './linear-regexp.js';
import { REPO_BASE_URL, type SchemaFile, type SchemaIndex, type SchemaProblem, walkPointer } from './schema-index.js';

/** What compiling a schema gave: its validator, its own problem, or `broken` (it or a schema it references has problems). */
export type Compiled = ValidateFunction | SchemaProblem | 'broken';

/**
 * Ajv compilation beside the schema index: one Ajv instance per draft, created on first
 * use; a schema is compiled when first asked for, after the schemas it references, and
 * only the schemas it needs are registered with Ajv. Remote refs are never fetched.
 */
export class SchemaCompiler {
  readonly #index: SchemaIndex;
  readonly #strict: boolean | 'log';
  /** Whether a file has problems (a broken schema is never compiled). */
  readonly #hasProblems: (path: string) => boolean;
  readonly #instances = new Map<Draft, AjvInstance>();
  /** Per draft instance: files registered with it, and why one could not be. */
  readonly #registered = new Map<Draft, Map<string, Error | undefined>>();
  readonly #compiled = new Map<string, Compiled>();

  constructor(index: SchemaIndex, strict: boolean | 'log', hasProblems: (path: string) => boolean) {
    this.#index = index;
    this.#strict = strict;
    this.#hasProblems = hasProblems;
  }

  /** Errors of a schema against its draft's meta-schema; none when it conforms. */
  metaErrors(draft: Draft, schema: object): readonly ErrorObject[] {
    const ajv = metaValidator(draft, this.#strict);
    return ajv.validateSchema(schema as AnySchemaObject) ? [] : [...(ajv.errors ?? [])];
  }

  /**
   * Compiles a schema file after the schemas it references: `broken` when one of them (or
   * the file itself) has a problem, so that each problem is reported once, where it is.
   */
  compile(path: string, visiting = new Set<string>()): Compiled {
    const cached = this.#compiled.get(path);
    if (cached) return cached;
    const file = this.#index.files.get(path);
    if (!file || file.schema === undefined || this.#hasProblems(path)) return this.#remember(path, 'broken');
    // A built-in schema references no file but itself: its validator depends on its content alone.
    if (file.builtin && [...(this.#index.dependencies.get(path) ?? [])].every((dependency) => dependency === path)) {
      const shipped = shippedValidator(file, this.#strict);
      if (shipped) return this.#remember(path, shipped);
    }
    visiting.add(path);
    for (const dependency of this.#index.dependencies.get(path) ?? []) {
      if (visiting.has(dependency)) continue; // mutual recursion between files is legal
      if (typeof this.compile(dependency, visiting) !== 'function') return this.#remember(path, 'broken');
    }
    const ajv = this.#instance(file.draft!);
    const refused = this.#register(file);
    if (refused)
      return this.#remember(path, {
        file: path,
        pointer: file.draft === 'draft-04' ? '/id' : '/$id',
        message: `Cannot register the schema: ${refused.message.split(REPO_BASE_URL).join('')}`,
      });
    try {
      const validate = ajv.getSchema(file.url);
      return this.#remember(path, validate ?? { file: path, pointer: '', message: 'Cannot compile the schema' });
    } catch (error) {
      return this.#remember(path, compileProblem(file, error as Error));
    }
  }

  #remember(path: string, result: Compiled): Compiled {
    this.#compiled.set(path, result);
    return result;
  }

  /**
   * Registers a file and every schema it reaches through `$ref`s with the Ajv instance of
   * its draft (cross-draft references compile there too): what refused the file itself, if anything.
   */
  #register(file: SchemaFile): Error | undefined {
    const draft = file.draft!;
    const ajv = this.#instance(draft);
    let registered = this.#registered.get(draft);
    if (!registered) {
      registered = new Map();
      this.#registered.set(draft, registered);
    }
    const pending = [file.path];
    while (pending.length) {
      const path = pending.pop()!;
      if (registered.has(path)) continue;
      const other = this.#index.files.get(path);
      if (!other || other.schema === undefined || this.#hasProblems(path)) continue;
      try {
        ajv.addSchema(other.schema as AnySchemaObject, other.url, undefined, false);
        registered.set(path, undefined);
      } catch (error) {
        registered.set(path, error as Error);
      }
      for (const dependency of this.#index.dependencies.get(path) ?? []) pending.push(dependency);
    }
    return registered.get(file.path);
  }

  /** The Ajv instance of a draft, created on first use. */
  #instance(draft: Draft): AjvInstance {
    let ajv = this.#instances.get(draft);
    if (!ajv) {
      ajv = newAjv(draft, this.#strict);
      this.#instances.set(draft, ajv);
    }
    return ajv;
  }
}

/**
 * Ajv instances that only validate schemas against their draft's meta-schema, one per draft
 * and strictness for the whole process: the meta-schemas never change, and compiling one
 * (2020-12's most of all) costs more than checking a small repository, so a process that
 * checks many times (the library API, tests) compiles each once. Nothing is ever added to them.
 */
const metaValidators = new Map<string, AjvInstance>();

function metaValidator(draft: Draft, strict: boolean | 'log'): AjvInstance {
  const key = `${draft} ${String(strict)}`;
  let ajv = metaValidators.get(key);
  if (!ajv) {
    ajv = newAjv(draft, strict);
    metaValidators.set(key, ajv);
  }
  return ajv;
}

/**
 * Validators of the schemas surveyor ships (`schemas/atlas/`), by draft, strictness and `$id`,
 * compiled once per process in Ajv instances that hold nothing else: like the meta-schemas,
 * their content never changes, and compiling them (a dozen for an Atlas repository) cost a
 * cold run of a small repository more than everything else it validates. A process that checks
 * many times (the library API, tests) compiles each once; a run that checks once compiles the
 * same code it would have compiled for itself.
 */
const shippedValidators = new Map<string, ValidateFunction | null>();
const shippedInstances = new Map<string, AjvInstance>();

function shippedValidator(file: SchemaFile, strict: boolean | 'log'): ValidateFunction | undefined {
  const instanceKey = `${file.draft} ${String(strict)}`;
  const key = `${instanceKey} ${file.url}`;
  let validate = shippedValidators.get(key);
  if (validate === undefined) {
    let ajv = shippedInstances.get(instanceKey);
    if (!ajv) {
      ajv = newAjv(file.draft!, strict);
      shippedInstances.set(instanceKey, ajv);
    }
    try {
      ajv.addSchema(file.schema as AnySchemaObject, file.url, undefined, false);
      validate = ajv.getSchema(file.url) ?? null;
    } catch {
      // The run compiles it itself and reports why it cannot.
      validate = null;
    }
    shippedValidators.set(key, validate);
  }
  return validate ?? undefined;
}

/** A new Ajv instance for a draft, with the meta-schemas cross-draft refs need. */
function newAjv(draft: Draft, strict: boolean | 'log'): AjvInstance {
  let ajv: AjvInstance;
  const options = {
    strict,
    allErrors: true,
    verbose: true,
    logger: false as const,
    validateSchema: false,
    addUsedSchema: false,
    // No schema pattern can hang validation: re2 runs in time linear in the input.
    code: { regExp: linearRegExp },
  };
  type AjvClass = new (o: object) => AjvInstance;
  const load = (module: string) => loadPackage<{ default: AjvClass }>(module).default;
  const meta = (module: string) => loadPackage<AnySchemaObject>(module);
  switch (draft) {
    case 'draft-04':
      ajv = new (load('ajv-draft-04'))(options);
      break;
    case 'draft-06':
    case 'draft-07':
      ajv = new (load('ajv'))(options);
      ajv.addMetaSchema(meta('ajv/dist/refs/json-schema-draft-06.json'));
      break;
    case '2019-09':
    case '2020-12':
      ajv = new (load(draft === '2019-09' ? 'ajv/dist/2019.js' : 'ajv/dist/2020.js'))(options);
      ajv.addMetaSchema(meta('ajv/dist/refs/json-schema-draft-07.json'));
      ajv.addMetaSchema(meta('ajv/dist/refs/json-schema-draft-06.json'));
      break;
  }
  loadPackage<{ default: (ajv: AjvInstance) => void }>('ajv-formats').default(ajv);
  return ajv;
}

/** Ajv's compile error as a problem at the schema keyword it names. */
function compileProblem(file: SchemaFile, error: Error): SchemaProblem {
  const message = error.message.split(REPO_BASE_URL).join('');
  // Ajv names the schema location as `at "#/..."` or `at path "#/..."`, and the keyword in quotes: after
  // `keyword`, or first (`"nullable" cannot be used without "type"`).
  const schemaPath = /at (?:path )?"#([^"]*)"/.exec(message)?.[1];
  const keyword = /keyword:? "([^"]+)"/.exec(message)?.[1] ?? /^"([^"]+)" /.exec(message)?.[1];
  let pointer = '';
  let onKey = false;
  if (schemaPath !== undefined) {
    pointer = decodeURIComponent(schemaPath);
    const holder = walkPointer(file.schema, pointer);
    if (keyword && typeof holder === 'object' && holder !== null && keyword in holder) {
      pointer += `/${escapePointerToken(keyword)}`;
      onKey = true;
    }
  } else if (keyword) {
    const found = findKey(file.schema, keyword);
    if (found !== undefined) {
      pointer = found;
      onKey = true;
    }
  }
  const problem: SchemaProblem = {
    file: file.path,
    pointer,
    message: `Cannot compile: ${message.replace(/^strict mode: /, 'strict mode, ')}`,
  };
  if (onKey) problem.onKey = true;
  return problem;
}

/** Pointer of the first object member named `key`, breadth first. */
function findKey(root: unknown, key: string): string | undefined {
  const queue: { node: unknown; tokens: string[] }[] = [{ node: root, tokens: [] }];
  while (queue.length) {
    const { node, tokens } = queue.shift()!;
    if (typeof node !== 'object' || node === null) continue;
    if (!Array.isArray(node) && Object.hasOwn(node, key)) return toPointer([...tokens, key]);
    for (const [k, child] of Object.entries(node)) queue.push({ node: child, tokens: [...tokens, k] });
  }
  return undefined;
}
