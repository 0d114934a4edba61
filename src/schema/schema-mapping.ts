import path from 'node:path';
import { builtinSchemaTargets } from '../atlas/builtin-schemas.js';
import type { RegistryConfig, ResolvedConfig } from '../config/config.js';
import { pointerTokens, type Span, toPointer } from '../workspace/json-document.js';
import { isGlob, type RepoPath, toRepoPath } from '../workspace/repo-path.js';
import type { Workspace } from '../workspace/workspace.js';
import { draftOfMetaUri } from './drafts.js';
import { instanceFormat, tomlSchemaKey, yamlModeline } from './instance-document.js';
import type { PointerRef } from './schema-set.js';

/** Where a mapping is written: a pointer into a JSON or YAML file, or a span of text (a modeline, a TOML key). */
export interface MappingPlace extends PointerRef {
  span?: Span;
}

/** Where an instance → schema pair was declared. */
export type MappingSource =
  | { kind: 'config'; at?: PointerRef }
  | { kind: 'registry'; at: PointerRef }
  | { kind: 'local'; at: MappingPlace }
  | { kind: 'modeline'; at: MappingPlace }
  | { kind: 'builtin' };

/** A mapping that validates nothing, and why: the `schema/mapping-unused` rule reports these. */
export interface UnusedMapping {
  /** `noMatch`: a glob matches no file; `unreadable`: the file is not JSON, YAML or TOML; `schema`/`excluded`: a JSON file that is a schema, or left out by `json.exclude`. */
  reason: 'noMatch' | 'unreadable' | 'schema' | 'excluded';
  /** The file named (or the glob, for `noMatch`). */
  instance: string;
  schema: string;
  source: MappingSource;
}

/** One instance file to validate against one schema file. */
export interface SchemaMapping {
  instance: string;
  /** Repo path of the schema; may name a file that does not exist (`exists: false`). */
  schema: string;
  exists: boolean;
  source: MappingSource;
}

/** An item of a registry file, with the place of each path it names. */
export interface RegistryEntry {
  registry: RegistryConfig;
  /** The registry file the item is in (one of the files `registry.file` matches). */
  file: string;
  index: number;
  instance?: { value: string; at: PointerRef };
  schema?: { value: string; at: PointerRef };
  /** The schema named by `$id` (the registry's `schemaId` field), when the item has no schema path. */
  schemaId?: { value: string; at: PointerRef };
  /** Why the item could not be read, when it could not. */
  problem?: { at: PointerRef; message: string };
}

/** The registry files a registry config names: its path, or every file its glob matches. */
export function registryFiles(workspace: Workspace, registry: RegistryConfig): readonly string[] {
  if (isGlob(registry.file)) return workspace.match(registry.file);
  return workspace.hasFile(registry.file) ? [registry.file] : [];
}

/** Every item of every file of a registry; see `readRegistryFile`. */
export function readRegistry(workspace: Workspace, registry: RegistryConfig): RegistryEntry[] {
  return registryFiles(workspace, registry).flatMap((file) => readRegistryFile(workspace, registry, file) ?? []);
}

/** Reads one registry file's items; problems with its shape are returned as entries with `problem`. */
export function readRegistryFile(
  workspace: Workspace,
  registry: RegistryConfig,
  file: string,
): RegistryEntry[] | undefined {
  // Values only (places are pointers): `JSON.parse` reads it, with no positions recorded.
  const document = workspace.jsonValue(file);
  if (!document) return undefined;
  let items: unknown = document.value;
  const tokens = pointerTokens(registry.items);
  for (const token of tokens)
    items = typeof items === 'object' && items !== null ? (items as Record<string, unknown>)[token] : undefined;
  const listPointer = toPointer(tokens);
  if (!Array.isArray(items)) {
    return [
      {
        registry,
        file,
        index: -1,
        problem: {
          at: { file, pointer: listPointer },
          message: `Unexpected ${items === undefined ? 'nothing' : typeof items} at \`${listPointer || '/'}\`, expected the array of registry items`,
        },
      },
    ];
  }
  return items.map((item, index): RegistryEntry => {
    const itemPointer = `${listPointer}/${index}`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      return {
        registry,
        file,
        index,
        problem: { at: { file, pointer: itemPointer }, message: 'Unexpected item, expected an object' },
      };
    }
    const record = item as Record<string, unknown>;
    const entry: RegistryEntry = { registry, file, index };
    const field = (name: string) => {
      const value = record[name];
      return typeof value === 'string'
        ? { value, at: { file, pointer: toPointer([...tokens, String(index), name]) } }
        : undefined;
    };
    const instance = field(registry.instance);
    const schema = field(registry.schema);
    const schemaId = registry.schemaId === undefined ? undefined : field(registry.schemaId);
    if (instance) entry.instance = instance;
    if (schema) entry.schema = schema;
    else if (schemaId) entry.schemaId = schemaId;
    return entry;
  });
}

/** How a mapping's schema is found in the schema set. */
export interface SchemaLookup {
  /** The schema file registered under a URL (its absolute `$id`, or the URL surveyor gave it). */
  byUrl(url: string): string | undefined;
  /** The repository schema file whose own `$id` is `id` (absolute or repo-relative). */
  byId(id: string): string | undefined;
}

/** The repo path of the repository schema whose `$id` a registry item names, as a `RepoPath`. */
function schemaOfId(lookup: SchemaLookup, id: string): RepoPath | undefined {
  const file = lookup.byId(id);
  return file === undefined ? undefined : { ok: true, path: file };
}

/** Repo paths that the config's mappings and the registries name as schemas. */
export function declaredSchemaPaths(workspace: Workspace, config: ResolvedConfig): Set<string> {
  const paths = new Set<string>();
  for (const entry of config.schemas.map) {
    const schema = toRepoPath(entry.schema);
    if (schema.ok) paths.add(schema.path);
  }
  for (const registry of config.schemas.registries) {
    for (const entry of readRegistry(workspace, registry)) {
      const schema = entry.schema && toRepoPath(entry.schema.value);
      if (schema?.ok) paths.add(schema.path);
    }
  }
  return paths;
}

/**
 * Every instance → schema pair of the repository, from config globs, registry files, YAML
 * modelines and instances' own `$schema`, in that order of precedence (duplicates dropped).
 * Instances are the JSON `instances` and any YAML or TOML file a mapping names. Mappings that
 * validate nothing are appended to `unused` when it is given.
 */
export function mapInstances(
  workspace: Workspace,
  config: ResolvedConfig,
  instances: readonly string[],
  lookup: SchemaLookup,
  unused?: UnusedMapping[],
  schemaFiles?: ReadonlySet<string>,
): SchemaMapping[] {
  const instanceSet = new Set(instances);
  const seen = new Set<string>();
  const mappings: SchemaMapping[] = [];
  const unusedSeen = new Set<string>();
  const skip = (entry: UnusedMapping) => {
    const key = `${entry.reason}\u0000${entry.instance}\u0000${entry.schema}`;
    if (!unused || unusedSeen.has(key)) return;
    unusedSeen.add(key);
    unused.push(entry);
  };
  /** `instanceAt`: where the instance path itself is written, when that is not where the mapping is. */
  const add = (instance: string, schema: string, source: MappingSource, instanceAt?: PointerRef) => {
    const format = instanceFormat(instance);
    const readable = format === 'yaml' || format === 'toml' ? workspace.hasFile(instance) : instanceSet.has(instance);
    if (!readable) {
      if (!workspace.hasFile(instance)) return; // a missing path: `registry/path-exists` reports it
      const reason = format === undefined ? 'unreadable' : schemaFiles?.has(instance) ? 'schema' : 'excluded';
      skip({ reason, instance, schema, source: instanceAt ? { kind: 'registry', at: instanceAt } : source });
      return;
    }
    const key = `${instance}\u0000${schema}`;
    if (seen.has(key)) return;
    seen.add(key);
    mappings.push({ instance, schema, exists: workspace.hasFile(schema), source });
  };

  config.schemas.map.forEach((entry, index) => {
    const schema = toRepoPath(entry.schema);
    if (!schema.ok) return;
    const at = config.configFile ? { file: config.configFile, pointer: `/schemas/map/${index}/schema` } : undefined;
    const source: MappingSource = at ? { kind: 'config', at } : { kind: 'config' };
    const matched = workspace.match(entry.instances);
    if (matched.length === 0 && config.configFile)
      skip({
        reason: 'noMatch',
        instance: entry.instances.join(', '),
        schema: schema.path,
        source: { kind: 'config', at: { file: config.configFile, pointer: `/schemas/map/${index}/instances` } },
      });
    for (const instance of matched) add(instance, schema.path, source);
  });

  for (const registry of config.schemas.registries) {
    for (const entry of readRegistry(workspace, registry)) {
      if (!entry.instance) continue;
      const instance = toRepoPath(entry.instance.value);
      const named = entry.schema ?? entry.schemaId;
      // An id no repository schema has is `registry/schema-id`'s single finding; a bad path is `registry/path-exists`'s.
      const schema = entry.schema
        ? toRepoPath(entry.schema.value)
        : entry.schemaId && schemaOfId(lookup, entry.schemaId.value);
      if (!named || !instance.ok || !schema?.ok || !workspace.hasFile(schema.path)) continue;
      const targets = isGlob(instance.path) ? workspace.match(instance.path) : [instance.path];
      for (const target of targets) add(target, schema.path, { kind: 'registry', at: named.at }, entry.instance.at);
    }
  }

  for (const file of workspace.files) {
    if (instanceFormat(file) !== 'yaml') continue;
    const modeline = modelineOf(workspace, file);
    const named = modeline && schemaReference(workspace, file, modeline.value, lookup.byUrl);
    if (modeline && named?.schema)
      add(file, named.schema, { kind: 'modeline', at: { file, pointer: '', span: modeline.span } });
  }

  if (config.schemas.localSchemaKeyword) {
    for (const instance of [...instances, ...declaringFiles(workspace)]) {
      const local = localSchemaOf(workspace, instance, lookup.byUrl);
      if (local?.schema) add(instance, local.schema, { kind: 'local', at: local.at });
    }
  }

  // Atlas contracts that the repository maps to no schema of its own get surveyor's built-in one.
  const mapped = new Set(mappings.map((m) => m.instance));
  for (const target of builtinSchemaTargets(workspace, config)) {
    if (mapped.has(target.instance) || !instanceSet.has(target.instance)) continue;
    mappings.push({ instance: target.instance, schema: target.schema, exists: true, source: { kind: 'builtin' } });
  }
  return mappings;
}

/** The instances (JSON, and YAML or TOML that mention it) whose own `$schema` names a file outside the repository. */
export function schemasOutside(
  workspace: Workspace,
  instances: readonly string[],
): (LocalSchema & { instance: string })[] {
  const found: (LocalSchema & { instance: string })[] = [];
  for (const instance of [...instances, ...declaringFiles(workspace)]) {
    const local = localSchemaOf(workspace, instance, () => undefined);
    if (local?.outside) found.push({ ...local, instance });
  }
  return found;
}

/** YAML and TOML files whose text mentions `$schema`: the only ones worth parsing for their own `$schema`. */
function declaringFiles(workspace: Workspace): string[] {
  return workspace.files.filter((file) => {
    const format = instanceFormat(file);
    if (format !== 'yaml' && format !== 'toml') return false;
    return workspace.derivedNow(MENTIONS_SCHEMA, file, () => {
      const text = workspace.text(file);
      return text.ok && text.text.includes('$schema');
    });
  });
}

/*
 * What a file's text says about its own schema is a function of its content alone, so a run
 * with a result cache recalls it instead of reading and parsing every instance to map them.
 * Each memo keeps plain data without the file's path (two files may share content).
 */
/** The memo kind of "the text mentions `$schema`". */
const MENTIONS_SCHEMA = 'mentions-schema-1';
/** The memo kind of "the YAML modeline naming a schema, or `null`". */
const YAML_MODELINE = 'yaml-modeline-1';
/** The memo kind of "the top-level `$schema` string and its span (YAML, TOML), or `null`". */
const OWN_SCHEMA = 'own-schema-1';

/** A YAML file's `yaml-language-server: $schema=` modeline. */
function modelineOf(workspace: Workspace, file: string): { value: string; span: Span } | null {
  return workspace.derivedNow(YAML_MODELINE, file, () => {
    const text = workspace.text(file);
    if (!text.ok || !text.text.includes('yaml-language-server')) return null;
    return yamlModeline(text.text) ?? null;
  });
}

/** An instance's top-level `$schema` value (any string, drafts included) and, for YAML and TOML, its span. */
function ownSchemaOf(workspace: Workspace, instance: string): { declared: string; span?: Span } | null {
  const format = instanceFormat(instance);
  return workspace.derivedNow(`${OWN_SCHEMA}:${format}`, instance, () => {
    if (format === 'toml') {
      const text = workspace.text(instance);
      const key = text.ok ? tomlSchemaKey(text.text) : undefined;
      return key ? { declared: key.value, span: key.span } : null;
    }
    const document = format === 'yaml' ? workspace.yamlDocuments(instance)?.[0] : workspace.json(instance);
    const value = document?.value;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
    const declared = (value as Record<string, unknown>).$schema;
    if (typeof declared !== 'string') return null;
    if (format !== 'yaml') return { declared };
    const { start, end } = document!.locate('/$schema').span;
    return { declared, span: { start, end } };
  });
}

/** What an instance's own `$schema` (or a YAML modeline) names: a repo schema, a remote URL, or a missing file. */
export interface LocalSchema {
  declared: string;
  /** Repo path of the schema it names, when it names one in the repository (existing or not). */
  schema?: string;
  remote?: boolean;
  /** Set when it names a file outside the repository (an absolute path, `..` past the root, a `file:` URL): never read. */
  outside?: boolean;
  /** Where the reference is written. */
  at: MappingPlace;
}

/**
 * Reads an instance's top-level `$schema` (not a draft URI) in JSON, the first YAML
 * document or TOML, and resolves it to a repo path when it is local.
 */
export function localSchemaOf(
  workspace: Workspace,
  instance: string,
  schemaByUrl: (url: string) => string | undefined,
): LocalSchema | undefined {
  const own = ownSchemaOf(workspace, instance);
  if (!own || draftOfMetaUri(own.declared)) return undefined;
  const at: MappingPlace = own.span
    ? { file: instance, pointer: '/$schema', span: own.span }
    : { file: instance, pointer: '/$schema' };
  return { ...schemaReference(workspace, instance, own.declared, schemaByUrl), at };
}

/** Resolves a schema reference written in an instance: a URL, else a path relative to the file, else to the root. */
function schemaReference(
  workspace: Workspace,
  instance: string,
  declared: string,
  schemaByUrl: (url: string) => string | undefined,
): Omit<LocalSchema, 'at'> {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(declared) && !/^[A-Za-z]:[\\/]/.test(declared)) {
    const byUrl = schemaByUrl(declared);
    if (byUrl) return { declared, schema: byUrl };
    return /^file:/i.test(declared) ? { declared, outside: true } : { declared, remote: true };
  }
  const written = toRepoPath(declared.split('#')[0]!);
  if (!written.ok && written.reason === 'absolute') return { declared, outside: true };
  const fileRelative = toRepoPath(path.posix.join(path.posix.dirname(instance), declared.split('#')[0]!));
  if (!fileRelative.ok && fileRelative.reason === 'parent') return { declared, outside: true };
  if (fileRelative.ok && workspace.hasFile(fileRelative.path)) return { declared, schema: fileRelative.path };
  const rootRelative = toRepoPath(declared.split('#')[0]!);
  if (rootRelative.ok && workspace.hasFile(rootRelative.path)) return { declared, schema: rootRelative.path };
  return fileRelative.ok ? { declared, schema: fileRelative.path } : { declared };
}
