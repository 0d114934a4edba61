import type { AnySchemaObject } from 'ajv';
import { builtinSchemas } from '../atlas/builtin-schemas.js';
import type { Draft } from '../config/config-schema.js';
import { escapePointerToken, pointerTokens } from '../workspace/json-document.js';
import type { Workspace } from '../workspace/workspace.js';
import { draftOfMetaUri, isMetaSchemaUri, metaUriOfDraft } from './drafts.js';

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
  readonly path: string;
  readonly draft: Draft | undefined;
  /** The URL Ajv knows it by. */
  readonly url: string;
  /** Registered copy (`$id` normalised, refs made resolvable); `undefined` when the file is no schema. */
  readonly schema: AnySchemaObject | boolean | undefined;
  /** Why the file is no schema (not an object, an unknown draft, too deep to copy). */
  readonly rejected?: SchemaProblem;
  /** A schema shipped with surveyor (`schemas/atlas/`), keyed by its `$id`: no repository location. */
  readonly builtin?: boolean;
}

/** A schema object (or any object of a schema file) and where it sits. */
export interface SchemaNode extends PointerRef {
  node: unknown;
}

/** A `$ref` of a schema file and what it resolves to. */
export interface SchemaRef {
  /** The object holding the `$ref`. */
  readonly holder: object;
  /** Pointer of the `$ref` keyword. */
  readonly at: PointerRef;
  /** The node it resolves to; `undefined` when it does not resolve or names a meta-schema. */
  readonly target: SchemaNode | undefined;
  /** Why it does not resolve. */
  readonly problem?: SchemaProblem;
}

/** A `pattern` value or `patternProperties` key of a schema, with its pointer. */
export interface SchemaPattern {
  readonly pointer: string;
  readonly pattern: string;
}

/**
 * What one walk over every schema file found: the registered copies, where each of their
 * objects sits, the resources (`$id`s) and anchors, every `$ref` resolved, and the
 * patterns. Built once and never changed afterwards: problems are computed from it and
 * Ajv compiles from it.
 */
export interface SchemaIndex {
  /** Schema files by repository path (built-in schemas by their `$id`), repository files first, in order. */
  readonly files: ReadonlyMap<string, SchemaFile>;
  /** Schema resources by URL (without fragment): each file's root and every nested `$id`; the first claim wins. */
  readonly resources: ReadonlyMap<string, SchemaNode>;
  /** Resources claimed again by another file, at the later claim's `$id`: that file cannot be registered. */
  readonly duplicates: readonly (PointerRef & { url: string })[];
  /** Anchors (`$anchor`, `$dynamicAnchor`, draft-04/06/07 `#name` ids) by `url#name`. */
  readonly anchors: ReadonlyMap<string, SchemaNode>;
  /** Every `$ref` of each file (walk order), resolved. */
  readonly refs: ReadonlyMap<string, readonly SchemaRef[]>;
  /** The resolved `$ref` held by an object, for the cycle check. */
  readonly refOf: WeakMap<object, SchemaRef>;
  /** Every object of each file, in walk order. */
  readonly nodes: ReadonlyMap<string, readonly object[]>;
  /** The `pattern`s and `patternProperties` keys of each file's schema objects. */
  readonly patterns: ReadonlyMap<string, readonly SchemaPattern[]>;
  /** Files whose schema (or a schema inside them) each file references. */
  readonly dependencies: ReadonlyMap<string, ReadonlySet<string>>;
  /** Repository schema files by their own top-level `$id` as written (without fragment or `./`); the first claim wins. */
  readonly declaredIds: ReadonlyMap<string, string>;
  /** Where an object of a registered copy sits in its file. */
  locationOf(node: object): PointerRef | undefined;
}

/** Keys whose values are data, not subschemas: never searched for `$ref` or `$id`. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples', 'example']);
/** Keywords whose value is a map of subschemas (`dependencies` values may also be property lists). */
const SCHEMA_MAPS = new Set([
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  'dependentSchemas',
  'dependencies',
]);
/** Keywords whose value is a subschema or an array of them. */
const SCHEMA_VALUES = new Set([
  'items',
  'additionalItems',
  'prefixItems',
  'contains',
  'additionalProperties',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
  'not',
  'if',
  'then',
  'else',
  'allOf',
  'anyOf',
  'oneOf',
]);

/** What an object of a schema file is: a schema, a map or list of schemas, or other data (unknown keywords). */
type NodeKind = 'schema' | 'map' | 'patternMap' | 'list' | 'other';

interface Builder {
  files: Map<string, SchemaFile>;
  resources: Map<string, SchemaNode>;
  duplicates: (PointerRef & { url: string })[];
  anchors: Map<string, SchemaNode>;
  aliases: Map<string, string>;
  declaredIds: Map<string, string>;
  locations: WeakMap<object, PointerRef>;
  nodes: Map<string, object[]>;
  patterns: Map<string, SchemaPattern[]>;
  pendingRefs: Map<string, { holder: Record<string, unknown>; ref: string; base: string; pointer: string }[]>;
}

/**
 * Indexes the schema files of a repository (and the schemas surveyor ships) in one walk
 * per file, then resolves every `$ref` against the complete index.
 */
export function indexSchemas(workspace: Workspace, defaultDraft: Draft, schemaFiles: readonly string[]): SchemaIndex {
  const builder: Builder = {
    files: new Map(),
    resources: new Map(),
    duplicates: [],
    anchors: new Map(),
    aliases: new Map(),
    declaredIds: new Map(),
    locations: new WeakMap(),
    nodes: new Map(),
    patterns: new Map(),
    pendingRefs: new Map(),
  };
  for (const path of schemaFiles) register(builder, workspace, defaultDraft, path);
  // Registered in every preset: the observability contracts get them wherever they exist.
  for (const builtin of builtinSchemas()) registerBuiltin(builder, builtin.url, builtin.schema);
  const refs = new Map<string, SchemaRef[]>();
  const refOf = new WeakMap<object, SchemaRef>();
  const dependencies = new Map<string, Set<string>>();
  for (const [path, pending] of builder.pendingRefs) {
    const resolved: SchemaRef[] = [];
    const deps = new Set<string>();
    for (const { holder, ref, base, pointer } of pending) {
      const outcome = resolveRef(builder, holder, ref, base);
      const at = { file: path, pointer };
      const entry: SchemaRef =
        'problem' in outcome
          ? { holder, at, target: undefined, problem: { ...at, ...outcome.problem } }
          : { holder, at, target: outcome.target };
      if (entry.target) deps.add(entry.target.file);
      resolved.push(entry);
      refOf.set(holder, entry);
    }
    refs.set(path, resolved);
    dependencies.set(path, deps);
  }
  const { locations } = builder;
  return {
    files: builder.files,
    resources: builder.resources,
    duplicates: builder.duplicates,
    anchors: builder.anchors,
    refs,
    refOf,
    nodes: builder.nodes,
    patterns: builder.patterns,
    dependencies,
    declaredIds: builder.declaredIds,
    locationOf: (node) => locations.get(node),
  };
}

function register(builder: Builder, workspace: Workspace, defaultDraft: Draft, path: string): void {
  const document = workspace.jsonValue(path);
  if (!document) return; // json/syntax reports it
  const url = REPO_BASE_URL + path.split('/').map(encodeURIComponent).join('/');
  const value = document.value;
  const reject = (pointer: string, message: string) =>
    builder.files.set(path, {
      path,
      draft: undefined,
      url,
      schema: undefined,
      rejected: { file: path, pointer, message },
    });
  if (typeof value === 'boolean') {
    builder.files.set(path, { path, draft: defaultDraft, url, schema: value });
    claim(builder, url, { file: path, pointer: '', node: value }, '/$id');
    return;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    reject('', `Unexpected ${Array.isArray(value) ? 'array' : typeof value}, expected a schema object or boolean`);
    return;
  }
  const declared = (value as Record<string, unknown>).$schema;
  let draft = defaultDraft;
  if (declared !== undefined) {
    const named = typeof declared === 'string' ? draftOfMetaUri(declared) : undefined;
    if (!named) {
      reject(
        '/$schema',
        `Unknown draft \`${String(declared)}\`, expected the \`$schema\` URI of draft-04, draft-06, draft-07, 2019-09 or 2020-12`,
      );
      return;
    }
    draft = named;
  }
  let copy: AnySchemaObject;
  try {
    copy = structuredClone(value) as AnySchemaObject;
  } catch {
    reject('', 'Unexpected nesting depth, the schema is too deep to compile');
    return;
  }
  const idKey = draft === 'draft-04' ? 'id' : '$id';
  const ownId = copy[idKey];
  let fileUrl = url;
  if (typeof ownId === 'string' && ownId !== '' && !ownId.startsWith('#')) {
    const declaredId = ownId.split('#')[0]!.replace(/^\.\//, '');
    if (!builder.declaredIds.has(declaredId)) builder.declaredIds.set(declaredId, path);
    if (isAbsoluteUrl(ownId)) {
      fileUrl = ownId.split('#')[0]!;
    } else {
      // Repo-relative `$id`s (Atlas style) and file-relative ones both name this file.
      builder.aliases.set(ownId.replace(/^\.\//, ''), url);
      const resolved = resolveUrl(ownId, url);
      if (resolved && resolved !== url && ownId !== path) fileUrl = resolved.split('#')[0]!;
    }
  }
  copy[idKey] = fileUrl;
  if (declared === undefined) copy.$schema = metaUriOfDraft(draft);
  const file: SchemaFile = { path, draft, url: fileUrl, schema: copy };
  builder.files.set(path, file);
  builder.aliases.set(path, fileUrl);
  walk(builder, file, copy);
}

/** Registers a schema shipped with surveyor under its absolute `$id`, which is also its key in `files`. */
function registerBuiltin(builder: Builder, url: string, schema: Record<string, unknown>): void {
  const copy = structuredClone(schema) as AnySchemaObject;
  const draft = draftOfMetaUri(String(copy.$schema)) ?? '2020-12';
  const file: SchemaFile = { path: url, draft, url, schema: copy, builtin: true };
  builder.files.set(url, file);
  walk(builder, file, copy);
}

/**
 * Claims a resource URL for a node. A URL claimed before stays with its first claimant, as
 * in Ajv, which refuses to register a second schema under one `$id`.
 */
function claim(builder: Builder, url: string, node: SchemaNode, idPointer: string): void {
  const claimed = builder.resources.get(url);
  if (!claimed) builder.resources.set(url, node);
  else if (claimed.file !== node.file) builder.duplicates.push({ url, file: node.file, pointer: idPointer });
}

/**
 * The one walk over a registered copy: records where every object sits, the resources
 * and anchors, the `$ref`s to resolve once every file is indexed, and the patterns.
 */
function walk(builder: Builder, file: SchemaFile, root: AnySchemaObject): void {
  const path = file.path;
  const idKey = file.draft === 'draft-04' ? 'id' : '$id';
  const nodes: object[] = [];
  const patterns: SchemaPattern[] = [];
  const refs: { holder: Record<string, unknown>; ref: string; base: string; pointer: string }[] = [];
  builder.nodes.set(path, nodes);
  builder.patterns.set(path, patterns);
  builder.pendingRefs.set(path, refs);
  const stack: { node: object; pointer: string; base: string; kind: NodeKind }[] = [
    { node: root, pointer: '', base: file.url, kind: 'schema' },
  ];
  while (stack.length) {
    const { node, pointer, base: parentBase, kind } = stack.pop()!;
    builder.locations.set(node, { file: path, pointer });
    nodes.push(node);
    let base = parentBase;
    const isArray = Array.isArray(node);
    if (!isArray) {
      const record = node as Record<string, unknown>;
      const id = record[idKey];
      if (typeof id === 'string') {
        if (id.startsWith('#')) {
          if (id.length > 1) builder.anchors.set(`${base}#${id.slice(1)}`, { file: path, pointer, node });
        } else if (pointer === '') {
          claim(builder, file.url, { file: path, pointer, node }, `/${idKey}`);
        } else {
          const resolved = resolveUrl(id, base);
          if (resolved) {
            base = resolved.split('#')[0]!;
            claim(builder, base, { file: path, pointer, node }, `${pointer}/${idKey}`);
          }
        }
      }
      if (typeof record.$anchor === 'string')
        builder.anchors.set(`${base}#${record.$anchor}`, { file: path, pointer, node });
      if (typeof record.$dynamicAnchor === 'string')
        builder.anchors.set(`${base}#${record.$dynamicAnchor}`, { file: path, pointer, node });
      if (typeof record.$ref === 'string')
        refs.push({ holder: record, ref: record.$ref, base, pointer: `${pointer}/$ref` });
      if (kind === 'schema' && typeof record.pattern === 'string')
        patterns.push({ pointer: `${pointer}/pattern`, pattern: record.pattern });
      if (kind === 'patternMap')
        for (const key of Object.keys(record))
          patterns.push({ pointer: `${pointer}/${escapePointerToken(key)}`, pattern: key });
    }
    // In a map or list of subschemas the keys are names, not keywords: `"default": {...}` there is a schema.
    const keyed = kind === 'schema' || kind === 'other';
    for (const [key, child] of Object.entries(node)) {
      if (typeof child !== 'object' || child === null || (keyed && DATA_KEYWORDS.has(key))) continue;
      stack.push({
        node: child,
        pointer: `${pointer}/${escapePointerToken(key)}`,
        base,
        kind: isArray && kind !== 'list' ? 'other' : childKind(kind, key, child),
      });
    }
  }
}

function childKind(parent: NodeKind, key: string, child: object): NodeKind {
  switch (parent) {
    case 'schema':
      if (SCHEMA_MAPS.has(key) && !Array.isArray(child)) return key === 'patternProperties' ? 'patternMap' : 'map';
      if (SCHEMA_VALUES.has(key)) return Array.isArray(child) ? 'list' : 'schema';
      return 'other';
    case 'map':
    case 'patternMap':
    case 'list':
      return 'schema';
    default:
      return 'other';
  }
}

type Resolution = { target: SchemaNode | undefined } | { problem: Omit<SchemaProblem, 'file' | 'pointer'> };

/** Resolves a `$ref` locally, rewriting a repo-relative one in the registered copy so that Ajv resolves it too. */
function resolveRef(builder: Builder, holder: Record<string, unknown>, ref: string, base: string): Resolution {
  const resolved = resolveUrl(ref, base);
  if (!resolved) return { problem: { message: `Unresolvable \`$ref\` \`${ref}\`, expected a URI reference` } };
  const [documentUrl = '', fragment] = splitFragment(resolved);
  if (isMetaSchemaUri(documentUrl)) return { target: undefined };
  let resource = builder.resources.get(documentUrl);
  if (!resource) {
    // Fall back to a repo-root-relative path or a relative `$id` written as is.
    const [written = ''] = splitFragment(ref);
    const alias = builder.aliases.get(written.replace(/^\.\//, ''));
    if (alias && builder.resources.has(alias)) {
      resource = builder.resources.get(alias);
      holder.$ref = fragment === undefined ? alias : `${alias}#${encodeFragment(fragment)}`;
    }
  }
  if (!resource) {
    const remote = /^https?:/i.test(documentUrl) && !documentUrl.startsWith(REPO_BASE_URL);
    const shown = documentUrl.startsWith(REPO_BASE_URL)
      ? decodeURIComponent(documentUrl.slice(REPO_BASE_URL.length))
      : documentUrl;
    return {
      problem: {
        message: remote
          ? `Unexpected remote \`$ref\` \`${ref}\`: remote schemas are never fetched, add \`${shown}\` to the repository`
          : `Unresolvable \`$ref\` \`${ref}\`: no schema \`${shown}\` in the repository`,
      },
    };
  }
  if (fragment === undefined || fragment === '') return { target: resource };
  const related = [{ file: resource.file, pointer: resource.pointer, message: 'The schema it refers to' }];
  if (fragment.startsWith('/')) {
    const found = walkPointer(resource.node, fragment);
    if (found === undefined)
      return {
        problem: {
          message: `Unresolvable \`$ref\` \`${ref}\`: \`${resource.file}\` has nothing at \`${fragment}\``,
          related,
        },
      };
    return { target: { file: resource.file, pointer: resource.pointer + fragment, node: found } };
  }
  const anchor = builder.anchors.get(`${documentUrl}#${fragment}`);
  if (!anchor)
    return {
      problem: {
        message: `Unresolvable \`$ref\` \`${ref}\`: \`${resource.file}\` has no anchor \`${fragment}\``,
        related,
      },
    };
  return { target: anchor };
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

/** The value at a JSON pointer inside `root`, if there is one. */
export function walkPointer(root: unknown, pointer: string): unknown {
  let node: unknown = root;
  for (const token of pointerTokens(pointer)) {
    if (typeof node !== 'object' || node === null) return undefined;
    if (!Object.hasOwn(node, token)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}
