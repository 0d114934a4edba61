import { createRequire } from 'node:module';
import type { Ajv as AjvCore, AnySchemaObject, ErrorObject, ValidateFunction } from 'ajv';
import { builtinSchemas } from '../atlas/builtin-schemas.js';
import type { ResolvedConfig } from '../config/config.js';
import type { Draft } from '../config/config-schema.js';
import { escapePointerToken, pointerTokens, toPointer } from '../workspace/json-document.js';
import type { Workspace } from '../workspace/workspace.js';
import { describeAjvErrors } from './ajv-errors.js';
import { draftOfMetaUri, isMetaSchemaUri, metaUriOfDraft } from './drafts.js';
import { linearRegExp, unsupportedPatterns } from './linear-regexp.js';

const require = createRequire(import.meta.url);

/** Base URL under which schema files without an absolute `$id` are registered; never fetched. */
export const REPO_BASE_URL = 'https://surveyor.invalid/';

/** A place in a repository file, by JSON pointer. */
export interface PointerRef {
  file: string;
  pointer: string;
}

/** A schema that cannot be compiled, located at the offending keyword. */
export interface SchemaProblem extends PointerRef {
  message: string;
  /** The pointer names a keyword whose name (not value) is the problem. */
  onKey?: boolean;
  related?: (PointerRef & { message: string })[];
}

/** One schema file as registered for validation. */
export interface SchemaFile {
  path: string;
  draft: Draft | undefined;
  /** The URL Ajv knows it by. */
  url: string;
  /** Registered copy (`$id` normalised, refs made resolvable). */
  schema: AnySchemaObject | boolean | undefined;
  /** Problems found before compiling (draft, meta-schema, `$ref`s, cycles). */
  problems: SchemaProblem[];
  /** A schema shipped with surveyor (`schemas/atlas/`), keyed by its `$id`: no repository location. */
  builtin?: boolean;
}

/** What validating one value against one schema gave. */
export type ValidationOutcome = { ok: true } | { ok: false; errors: ErrorObject[] } | { ok: false; tooDeep: true };

type AjvInstance = AjvCore;

interface Resource {
  file: string;
  pointer: string;
  node: unknown;
}

/** Keys whose values are data, not subschemas: never searched for `$ref` or `$id`. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples', 'example']);
/** Applicators that validate the same value in place: a `$ref` loop through only these never terminates. */
const IN_PLACE = ['allOf', 'anyOf', 'oneOf'] as const;
const IN_PLACE_SINGLE = ['not', 'if', 'then', 'else'] as const;

/**
 * Every JSON Schema of the repository, registered once by `$id` and by path so that
 * cross-file and cross-draft `$ref`s resolve locally (one Ajv instance per draft,
 * remote refs never fetched), each compiled at most once per run.
 */
export class SchemaSet {
  readonly #workspace: Workspace;
  readonly #config: ResolvedConfig;
  readonly files = new Map<string, SchemaFile>();
  readonly #resources = new Map<string, Resource>();
  readonly #anchors = new Map<string, Resource>();
  readonly #aliases = new Map<string, string>();
  /** Repository schema files by their own `$id` as written, for registries that name schemas by id. */
  readonly #declaredIds = new Map<string, string>();
  readonly #locations = new WeakMap<object, PointerRef>();
  readonly #dependencies = new Map<string, Set<string>>();
  readonly #instances = new Map<Draft, AjvInstance>();
  readonly #compiled = new Map<string, ValidateFunction | SchemaProblem | 'broken'>();
  readonly #populated = new Set<Draft>();
  #metaChecked = false;

  constructor(workspace: Workspace, config: ResolvedConfig, schemaFiles: readonly string[]) {
    this.#workspace = workspace;
    this.#config = config;
    for (const path of schemaFiles) this.#register(path);
    // Registered in every preset: the observability contracts get them wherever they exist.
    for (const builtin of builtinSchemas()) this.#registerBuiltin(builtin.url, builtin.schema);
    for (const file of this.files.values()) this.#checkRefs(file);
    this.#checkCycles();
  }

  /** True when `path` is a registered schema file. */
  has(path: string): boolean {
    return this.files.has(path);
  }

  /** The schema file whose `$id` or registered URL is `url` (ignoring a fragment). */
  fileByUrl(url: string): string | undefined {
    const resource = this.#resources.get(url.split('#')[0]!);
    return resource?.pointer === '' ? resource.file : undefined;
  }

  /** The repository schema file whose own top-level `$id` is `id` (ignoring a fragment); never a built-in one. */
  fileById(id: string): string | undefined {
    return this.#declaredIds.get(id.split('#')[0]!.replace(/^\.\//, ''));
  }

  /** Where a subschema object of a registered copy sits in its file. */
  locationOf(node: unknown): PointerRef | undefined {
    const location = typeof node === 'object' && node !== null ? this.#locations.get(node) : undefined;
    return location && this.files.get(location.file)?.builtin ? undefined : location;
  }

  /**
   * Problems of every schema file accepted by `filter`: static ones (draft, meta-schema,
   * `$ref`s, cycles) and compile errors. A schema that fails only because a schema it
   * references is broken is not reported again.
   */
  problems(filter: (path: string) => boolean = () => true): SchemaProblem[] {
    this.#checkMeta();
    const problems: SchemaProblem[] = [];
    for (const file of this.files.values()) {
      if (!filter(file.path) || file.builtin) continue;
      problems.push(...file.problems);
      const compiled = this.#compile(file);
      if (compiled !== 'broken' && typeof compiled !== 'function' && !file.problems.includes(compiled))
        problems.push(compiled);
    }
    return problems;
  }

  /**
   * The validator of a schema file, or why there is none: `missing` (no such schema),
   * `broken` (it or a schema it references has problems, reported by `schema/compile`).
   */
  validator(path: string): ValidateFunction | 'missing' | 'broken' {
    const file = this.files.get(path);
    if (!file) return 'missing';
    this.#checkMeta();
    const compiled = this.#compile(file);
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

  // ---------------------------------------------------------------- registration

  #register(path: string): void {
    const document = this.#workspace.json(path);
    if (!document?.ok) return; // json/syntax reports it
    const url = REPO_BASE_URL + path.split('/').map(encodeURIComponent).join('/');
    const file: SchemaFile = { path, draft: undefined, url, schema: undefined, problems: [] };
    this.files.set(path, file);
    const value = document.value;
    if (typeof value === 'boolean') {
      file.draft = this.#config.schemas.defaultDraft;
      file.schema = value;
      this.#resources.set(url, { file: path, pointer: '', node: value });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      file.problems.push({
        file: path,
        pointer: '',
        message: `Unexpected ${Array.isArray(value) ? 'array' : typeof value}, expected a schema object or boolean`,
      });
      return;
    }
    const declared = (value as Record<string, unknown>).$schema;
    if (declared !== undefined) {
      const draft = typeof declared === 'string' ? draftOfMetaUri(declared) : undefined;
      if (!draft) {
        file.problems.push({
          file: path,
          pointer: '/$schema',
          message: `Unknown draft \`${String(declared)}\`, expected the \`$schema\` URI of draft-04, draft-06, draft-07, 2019-09 or 2020-12`,
        });
        return;
      }
      file.draft = draft;
    } else {
      file.draft = this.#config.schemas.defaultDraft;
    }
    let copy: AnySchemaObject;
    try {
      copy = structuredClone(value) as AnySchemaObject;
    } catch {
      file.problems.push({
        file: path,
        pointer: '',
        message: 'Unexpected nesting depth, the schema is too deep to compile',
      });
      return;
    }
    const idKey = file.draft === 'draft-04' ? 'id' : '$id';
    const ownId = copy[idKey];
    if (typeof ownId === 'string' && ownId !== '' && !ownId.startsWith('#')) {
      const declaredId = ownId.split('#')[0]!.replace(/^\.\//, '');
      if (!this.#declaredIds.has(declaredId)) this.#declaredIds.set(declaredId, path);
      if (isAbsoluteUrl(ownId)) {
        file.url = ownId.split('#')[0]!;
      } else {
        // Repo-relative `$id`s (Atlas style) and file-relative ones both name this file.
        this.#aliases.set(ownId.replace(/^\.\//, ''), url);
        const resolved = resolveUrl(ownId, url);
        if (resolved && resolved !== url && ownId !== path) file.url = resolved.split('#')[0]!;
      }
    }
    copy[idKey] = file.url;
    if (declared === undefined) copy.$schema = metaUriOfDraft(file.draft);
    file.schema = copy;
    this.#aliases.set(path, file.url);
    this.#indexResources(file, copy);
  }

  /** Registers a schema shipped with surveyor under its absolute `$id`, which is also its key in `files`. */
  #registerBuiltin(url: string, schema: Record<string, unknown>): void {
    const copy = structuredClone(schema) as AnySchemaObject;
    const file: SchemaFile = {
      path: url,
      draft: draftOfMetaUri(String(copy.$schema)) ?? '2020-12',
      url,
      schema: copy,
      problems: [],
      builtin: true,
    };
    this.files.set(url, file);
    this.#indexResources(file, copy);
  }

  /** Records every subschema's location, nested `$id` resources and anchors. */
  #indexResources(file: SchemaFile, root: AnySchemaObject): void {
    const stack: { node: unknown; pointer: string; base: string }[] = [{ node: root, pointer: '', base: file.url }];
    while (stack.length) {
      const { node, pointer, base: parentBase } = stack.pop()!;
      if (typeof node !== 'object' || node === null) continue;
      this.#locations.set(node, { file: file.path, pointer });
      let base = parentBase;
      if (!Array.isArray(node)) {
        const record = node as Record<string, unknown>;
        const id = record[file.draft === 'draft-04' ? 'id' : '$id'];
        if (typeof id === 'string') {
          if (id.startsWith('#')) {
            if (id.length > 1) this.#anchors.set(`${base}#${id.slice(1)}`, { file: file.path, pointer, node });
          } else if (pointer === '') {
            this.#resources.set(file.url, { file: file.path, pointer, node });
          } else {
            const resolved = resolveUrl(id, base);
            if (resolved) {
              base = resolved.split('#')[0]!;
              this.#resources.set(base, { file: file.path, pointer, node });
            }
          }
        }
        if (typeof record.$anchor === 'string')
          this.#anchors.set(`${base}#${record.$anchor}`, { file: file.path, pointer, node });
        if (typeof record.$dynamicAnchor === 'string')
          this.#anchors.set(`${base}#${record.$dynamicAnchor}`, { file: file.path, pointer, node });
      }
      for (const [key, child] of Object.entries(node)) {
        if (typeof child !== 'object' || child === null || DATA_KEYWORDS.has(key)) continue;
        stack.push({ node: child, pointer: `${pointer}/${escapePointerToken(key)}`, base });
      }
    }
  }

  // ---------------------------------------------------------------- references

  /** Resolves every `$ref` locally, rewriting repo-relative ones, and records what cannot be resolved. */
  #checkRefs(file: SchemaFile): void {
    if (typeof file.schema !== 'object' || file.schema === null) return;
    const deps = new Set<string>();
    this.#dependencies.set(file.path, deps);
    const stack: { node: unknown; pointer: string; base: string }[] = [
      { node: file.schema, pointer: '', base: file.url },
    ];
    while (stack.length) {
      const { node, pointer, base: parentBase } = stack.pop()!;
      if (typeof node !== 'object' || node === null) continue;
      let base = parentBase;
      if (!Array.isArray(node)) {
        const record = node as Record<string, unknown>;
        const id = record[file.draft === 'draft-04' ? 'id' : '$id'];
        if (pointer !== '' && typeof id === 'string' && !id.startsWith('#'))
          base = resolveUrl(id, base)?.split('#')[0] ?? base;
        if (typeof record.$ref === 'string') {
          const target = this.#resolveRef(file, record, record.$ref, base, `${pointer}/$ref`);
          if (target) deps.add(target.file);
        }
      }
      for (const [key, child] of Object.entries(node)) {
        if (typeof child !== 'object' || child === null || DATA_KEYWORDS.has(key)) continue;
        stack.push({ node: child, pointer: `${pointer}/${escapePointerToken(key)}`, base });
      }
    }
  }

  #resolveRef(
    file: SchemaFile,
    holder: Record<string, unknown>,
    ref: string,
    base: string,
    pointer: string,
  ): Resource | undefined {
    const resolved = resolveUrl(ref, base);
    if (!resolved) {
      file.problems.push({
        file: file.path,
        pointer,
        message: `Unresolvable \`$ref\` \`${ref}\`, expected a URI reference`,
      });
      return undefined;
    }
    const [documentUrl = '', fragment] = splitFragment(resolved);
    if (isMetaSchemaUri(documentUrl)) return undefined;
    let resource = this.#resources.get(documentUrl);
    if (!resource) {
      // Fall back to a repo-root-relative path or a relative `$id` written as is.
      const [written = ''] = splitFragment(ref);
      const alias = this.#aliases.get(written.replace(/^\.\//, ''));
      if (alias && this.#resources.has(alias)) {
        resource = this.#resources.get(alias);
        holder.$ref = fragment === undefined ? alias : `${alias}#${encodeFragment(fragment)}`;
      }
    }
    if (!resource) {
      const remote = /^https?:/i.test(documentUrl) && !documentUrl.startsWith(REPO_BASE_URL);
      const shown = documentUrl.startsWith(REPO_BASE_URL)
        ? decodeURIComponent(documentUrl.slice(REPO_BASE_URL.length))
        : documentUrl;
      file.problems.push({
        file: file.path,
        pointer,
        message: remote
          ? `Unexpected remote \`$ref\` \`${ref}\`: remote schemas are never fetched, add \`${shown}\` to the repository`
          : `Unresolvable \`$ref\` \`${ref}\`: no schema \`${shown}\` in the repository`,
      });
      return undefined;
    }
    if (fragment === undefined || fragment === '') return resource;
    if (fragment.startsWith('/')) {
      const found = walkPointer(resource.node, fragment);
      if (found === undefined) {
        file.problems.push({
          file: file.path,
          pointer,
          message: `Unresolvable \`$ref\` \`${ref}\`: \`${resource.file}\` has nothing at \`${fragment}\``,
          related: [{ file: resource.file, pointer: resource.pointer, message: 'The schema it refers to' }],
        });
        return undefined;
      }
      return { file: resource.file, pointer: resource.pointer + fragment, node: found };
    }
    const anchor = this.#anchors.get(`${documentUrl}#${fragment}`);
    if (!anchor) {
      file.problems.push({
        file: file.path,
        pointer,
        message: `Unresolvable \`$ref\` \`${ref}\`: \`${resource.file}\` has no anchor \`${fragment}\``,
        related: [{ file: resource.file, pointer: resource.pointer, message: 'The schema it refers to' }],
      });
      return undefined;
    }
    return anchor;
  }

  /** Finds `$ref` loops that pass only through in-place applicators: validating against them never ends. */
  #checkCycles(): void {
    const state = new Map<object, 'active' | 'done'>();
    const reported = new Set<object>();
    for (const file of this.files.values()) {
      const stack: unknown[] = [file.schema];
      while (stack.length) {
        const node = stack.pop();
        if (typeof node !== 'object' || node === null) continue;
        if (!state.has(node)) this.#explore(node, state, reported);
        for (const [key, child] of Object.entries(node)) if (!DATA_KEYWORDS.has(key)) stack.push(child);
      }
    }
  }

  /** Iterative depth-first walk of in-place edges from `start`, reporting each back edge once. */
  #explore(start: object, state: Map<object, 'active' | 'done'>, reported: Set<object>): void {
    const frames: { node: object; edges: { to: object; via: object }[] }[] = [];
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
            edge.via,
            edge.to,
            frames.map((f) => f.node),
          );
        }
      } else if (!state.has(edge.to)) {
        enter(edge.to);
      }
    }
  }

  /** Schemas validated against the same value as `node`: its `$ref` target and in-place applicators. */
  #inPlaceEdges(node: object): { to: object; via: object }[] {
    const edges: { to: object; via: object }[] = [];
    const collect = (schema: unknown) => {
      if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return;
      const record = schema as Record<string, unknown>;
      if (typeof record.$ref === 'string') {
        const target = this.#refTarget(record);
        if (typeof target === 'object' && target !== null) edges.push({ to: target, via: record });
      }
      for (const key of IN_PLACE)
        if (Array.isArray(record[key]))
          for (const sub of record[key] as unknown[])
            if (sub && typeof sub === 'object') edges.push({ to: sub, via: sub });
      for (const key of IN_PLACE_SINGLE) {
        const sub = record[key];
        if (sub && typeof sub === 'object' && !Array.isArray(sub)) edges.push({ to: sub, via: sub });
      }
    };
    collect(node);
    return edges;
  }

  /** The node a (possibly rewritten) `$ref` points at, if it resolves. */
  #refTarget(holder: Record<string, unknown>): unknown {
    const location = this.#locations.get(holder);
    if (!location) return undefined;
    const file = this.files.get(location.file);
    if (!file) return undefined;
    // The base of a nested resource is its own URL; refs inside it were resolved against it.
    let base = file.url;
    for (const [url, resource] of this.#resources) {
      if (
        resource.file === location.file &&
        location.pointer.startsWith(resource.pointer) &&
        resource.pointer.length > 0 &&
        url !== file.url
      )
        base = url;
    }
    const resolved = resolveUrl(holder.$ref as string, base);
    if (!resolved) return undefined;
    const [documentUrl = '', fragment] = splitFragment(resolved);
    const resource = this.#resources.get(documentUrl);
    if (!resource) return undefined;
    if (fragment === undefined || fragment === '') return resource.node;
    if (fragment.startsWith('/')) return walkPointer(resource.node, fragment);
    return this.#anchors.get(`${documentUrl}#${fragment}`)?.node;
  }

  #reportCycle(via: object, to: object, path: object[]): void {
    const at = this.#locations.get(via);
    const target = this.#locations.get(to);
    if (!at) return;
    const start = path.indexOf(to);
    const loop = (start >= 0 ? path.slice(start) : path)
      .map((n) => this.#locations.get(n))
      .filter((l): l is PointerRef => Boolean(l));
    const shown = [...loop, target].filter(Boolean).map((l) => `\`${l!.file}#${l!.pointer}\``);
    const file = this.files.get(at.file);
    const pointer = typeof (via as Record<string, unknown>).$ref === 'string' ? `${at.pointer}/$ref` : at.pointer;
    file?.problems.push({
      file: at.file,
      pointer,
      message: `Unexpected \`$ref\` cycle ${shown.join(' → ')}: it never reaches a keyword that consumes the value, so validation would not terminate`,
      related:
        target && (target.file !== at.file || target.pointer !== at.pointer)
          ? [{ ...target, message: 'The cycle goes back here' }]
          : undefined,
    });
  }

  // ---------------------------------------------------------------- compilation

  /** Validates every schema against its draft's meta-schema once, before anything is compiled. */
  #checkMeta(): void {
    if (this.#metaChecked) return;
    this.#metaChecked = true;
    for (const file of this.files.values()) {
      if (typeof file.schema !== 'object' || file.schema === null || file.problems.length > 0) continue;
      const ajv = this.#bareInstance(file.draft!);
      if (ajv.validateSchema(file.schema)) {
        for (const { pointer, pattern, reason } of unsupportedPatterns(file.schema))
          file.problems.push({
            file: file.path,
            pointer,
            message: `Unsupported regular expression \`${pattern}\` (${reason}): schema patterns run on a linear-time engine with no backreferences and no lookaround except right after a leading \`^\`, rewrite it without them`,
          });
        continue;
      }
      for (const described of describeAjvErrors(ajv.errors ?? [])) {
        file.problems.push({
          file: file.path,
          pointer: described.pointer,
          message: described.message.replace(/\(`(\w+)`\)$/, '(meta-schema `$1`)'),
        });
      }
    }
  }

  /**
   * Compiles a schema after the schemas it references: `broken` when one of them (or
   * the schema itself) has a reported problem, so each problem is reported once.
   */
  #compile(file: SchemaFile, visiting = new Set<string>()): ValidateFunction | SchemaProblem | 'broken' {
    const cached = this.#compiled.get(file.path);
    if (cached) return cached;
    if (file.schema === undefined || file.problems.length > 0) return this.#remember(file, 'broken');
    visiting.add(file.path);
    for (const dependency of this.#dependencies.get(file.path) ?? []) {
      const other = this.files.get(dependency);
      if (!other || visiting.has(dependency)) continue; // mutual recursion between files is legal
      if (typeof this.#compile(other, visiting) !== 'function') return this.#remember(file, 'broken');
    }
    try {
      const validate = this.#instance(file.draft!).getSchema(file.url);
      return this.#remember(file, validate ?? { file: file.path, pointer: '', message: 'Cannot compile the schema' });
    } catch (error) {
      return this.#remember(file, this.#compileProblem(file, error as Error));
    }
  }

  #remember(
    file: SchemaFile,
    result: ValidateFunction | SchemaProblem | 'broken',
  ): ValidateFunction | SchemaProblem | 'broken' {
    this.#compiled.set(file.path, result);
    return result;
  }

  #compileProblem(file: SchemaFile, error: Error): SchemaProblem {
    const message = error.message.split(REPO_BASE_URL).join('');
    // Ajv names the schema location as `at "#/..."` or `at path "#/..."`, and the keyword in quotes.
    const schemaPath = /at (?:path )?"#([^"]*)"/.exec(message)?.[1];
    const keyword = /keyword:? "([^"]+)"/.exec(message)?.[1];
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

  /** The Ajv instance of a draft with every schema of the repository registered (those without problems). */
  #instance(draft: Draft): AjvInstance {
    const ajv = this.#bareInstance(draft);
    if (!this.#populated.has(draft)) {
      this.#populated.add(draft);
      for (const file of this.files.values()) {
        if (file.schema === undefined || file.problems.length > 0) continue;
        try {
          ajv.addSchema(file.schema as AnySchemaObject, file.url, undefined, false);
        } catch (error) {
          // Two files claiming one `$id`: the second is reported and left out.
          file.problems.push({
            file: file.path,
            pointer: file.draft === 'draft-04' ? '/id' : '/$id',
            message: `Cannot register the schema: ${(error as Error).message.split(REPO_BASE_URL).join('')}`,
          });
        }
      }
    }
    return ajv;
  }

  /** The Ajv instance of a draft, created on first use, with the meta-schemas cross-draft refs need. */
  #bareInstance(draft: Draft): AjvInstance {
    let ajv = this.#instances.get(draft);
    if (ajv) return ajv;
    const options = {
      strict: this.#config.schemas.strict,
      allErrors: true,
      verbose: true,
      logger: false as const,
      validateSchema: false,
      addUsedSchema: false,
      // No schema pattern can hang validation: re2 runs in time linear in the input.
      code: { regExp: linearRegExp },
    };
    type AjvClass = new (o: object) => AjvInstance;
    const load = (module: string) => (require(module) as { default: AjvClass }).default;
    const meta = (module: string) => require(module) as AnySchemaObject;
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
    (require('ajv-formats') as { default: (ajv: AjvInstance) => void }).default(ajv);
    this.#instances.set(draft, ajv);
    return ajv;
  }
}

function isAbsoluteUrl(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(value);
}

/** Resolves a URI reference against a base URL; `undefined` when it is not a URI reference. */
function resolveUrl(ref: string, base: string): string | undefined {
  try {
    return new URL(ref, base).href;
  } catch {
    return undefined;
  }
}

function splitFragment(url: string): [string, string | undefined] {
  const hash = url.indexOf('#');
  if (hash === -1) return [url, undefined];
  let fragment = url.slice(hash + 1);
  try {
    fragment = decodeURIComponent(fragment);
  } catch {
    // keep the raw fragment
  }
  return [url.slice(0, hash), fragment];
}

function encodeFragment(fragment: string): string {
  return fragment
    .split('/')
    .map((t) => encodeURIComponent(t).replace(/%24/g, '$'))
    .join('/');
}

function walkPointer(root: unknown, pointer: string): unknown {
  let node: unknown = root;
  for (const token of pointerTokens(pointer)) {
    if (typeof node !== 'object' || node === null) return undefined;
    if (!Object.hasOwn(node, token)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
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
