import type { AtlasModel } from '../atlas/model.js';
import type { ObserveContracts } from '../atlas/observe-contracts.js';
import type { ResolvedConfig } from '../config/config.js';
import { DocsSite } from '../docs/docs-site.js';
import { draftOfMetaUri } from '../schema/drafts.js';
import { declaredSchemaPaths, mapInstances, type SchemaMapping, type UnusedMapping } from '../schema/schema-mapping.js';
import { SchemaSet } from '../schema/schema-set.js';
import type { Workspace } from '../workspace/workspace.js';

/** True when a parsed JSON value is a schema by its own word: its `$schema` names a JSON Schema draft. */
export function declaresDraft(value: unknown): boolean {
  const declared = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).$schema : undefined;
  return typeof declared === 'string' && draftOfMetaUri(declared) !== undefined;
}

/** Whether a JSON file declares a draft, remembered by content: a cached run parses no file to know its schemas. */
export function fileDeclaresDraft(workspace: Workspace, file: string): boolean {
  return workspace.derivedNow('declares-draft', file, () => declaresDraft(workspace.jsonValue(file)?.value));
}

/**
 * Analyses shared by several rules, each computed once per run on first use: the JSON
 * files in scope, the schema set, the instance → schema mapping.
 */
export class Facts {
  readonly workspace: Workspace;
  readonly config: ResolvedConfig;
  #jsonFiles: string[] | undefined;
  #schemaFiles: string[] | undefined;
  #schemas: SchemaSet | undefined;
  #mappings: SchemaMapping[] | undefined;
  readonly #unusedMappings: UnusedMapping[] = [];
  #docs: DocsSite | undefined;
  #atlas: Promise<AtlasModel> | undefined;

  constructor(workspace: Workspace, config: ResolvedConfig) {
    this.workspace = workspace;
    this.config = config;
  }

  /** JSON files the `json/*` and schema rules look at (`json.files` minus `json.exclude`). */
  get jsonFiles(): readonly string[] {
    if (!this.#jsonFiles) {
      const excluded = this.workspace.matcher(this.config.json.exclude);
      this.#jsonFiles = this.workspace.match(this.config.json.files).filter((f) => !excluded(f));
    }
    return this.#jsonFiles;
  }

  /**
   * Schema files: those matching `schemas.files`, JSON files whose `$schema` names a
   * draft, and files that a config mapping or registry names as a schema.
   */
  get schemaFiles(): readonly string[] {
    if (!this.#schemaFiles) {
      const byGlob = this.workspace.matcher(this.config.schemas.files);
      const named = declaredSchemaPaths(this.workspace, this.config);
      this.#schemaFiles = this.jsonFiles.filter(
        (file) => byGlob(file) || named.has(file) || fileDeclaresDraft(this.workspace, file),
      );
    }
    return this.#schemaFiles;
  }

  /** Every schema of the repository, registered and ready to compile. */
  get schemas(): SchemaSet {
    this.#schemas ??= new SchemaSet(this.workspace, this.config, this.schemaFiles);
    return this.#schemas;
  }

  /** JSON files that are not schemas: the candidates for validation. */
  get instanceFiles(): readonly string[] {
    const schemas = new Set(this.schemaFiles);
    return this.jsonFiles.filter((f) => !schemas.has(f));
  }

  /** Every instance → schema pair. */
  get mappings(): readonly SchemaMapping[] {
    this.#mappings ??= mapInstances(
      this.workspace,
      this.config,
      this.instanceFiles,
      { byUrl: (url) => this.schemas.fileByUrl(url), byId: (id) => this.schemas.fileById(id) },
      this.#unusedMappings,
      new Set(this.schemaFiles),
    );
    return this.#mappings;
  }

  /** Mappings that validate nothing: a glob matching no file, a file that is not an instance surveyor can read. */
  get unusedMappings(): readonly UnusedMapping[] {
    this.mappings;
    return this.#unusedMappings;
  }

  /** The docs site: the MkDocs config and every page, each parsed once for all `docs/*` rules. */
  get docs(): DocsSite {
    this.#docs ??= new DocsSite(this.workspace, this.config, () => this.schemas);
    return this.#docs;
  }

  /** The docs site when a rule asked for it in this run, without building one. */
  get docsIfBuilt(): DocsSite | undefined {
    return this.#docs;
  }

  /**
   * The typed Atlas model, built on first use (each contract file read when a rule asks
   * for it). Loaded on demand so that runs without the Atlas rules never load zod.
   */
  atlas(): Promise<AtlasModel> {
    this.#atlas ??= import('../atlas/model.js').then(({ AtlasModel }) =>
      AtlasModel.load(this.workspace, this.config.atlas, this.config.observe),
    );
    return this.#atlas;
  }

  /** The observability contracts (SLOs, their measurements, the alert catalog and rule files), read on first use. */
  observe(): Promise<ObserveContracts> {
    return this.atlas().then((model) => model.observe);
  }
}

/**
 * A fact a feature derives from a run's facts, computed once per run on first use. The
 * feature owns it (the engine imports no feature), and a rule or command that needs it
 * imports it from there: `plannedPages(context.facts)`.
 */
export function derivedFact<T>(compute: (facts: Facts) => T): (facts: Facts) => T {
  const computed = new WeakMap<Facts, { value: T }>();
  return (facts) => {
    let entry = computed.get(facts);
    if (!entry) {
      entry = { value: compute(facts) };
      computed.set(facts, entry);
    }
    return entry.value;
  };
}
