import { createHash, type Hash } from 'node:crypto';
import type { ResolvedConfig } from '../config/config.js';
import type { Severity } from '../engine/diagnostic.js';
import { fileDeclaresDraft } from '../engine/facts.js';
import { type Release, type Rule, ruleInputs } from '../engine/rule.js';
import { declaredSchemaPaths } from '../schema/schema-mapping.js';
import type { Workspace } from '../workspace/workspace.js';
import type { CachedFinding, ResultStore } from './result-store.js';

/** Runs a rule over the whole repository, or only for the files of `scope`; returns its findings with their message ids. */
export type RuleRunner = (scope: ReadonlySet<string> | undefined) => Promise<CachedFinding[]>;

/**
 * Reuses findings of earlier runs for rules whose inputs did not change. A rule's
 * findings are keyed by the hash of everything they can depend on: surveyor's version,
 * the resolved configuration, the rule and its severity, the file list, the content of
 * every file its `inputs` match, the schemas (`readsSchemas`) and today's date
 * (`readsDate`), and the release under evaluation; rules that read git (`readsGit`) are never cached.
 * A `findingsPerFile` rule is keyed per file instead (that file, its
 * `sharedInputs`, and the rest as above), so one edit checks one file again.
 */
export class RuleCache {
  readonly #workspace: Workspace;
  readonly #config: ResolvedConfig;
  readonly #store: ResultStore;
  readonly #day: string;
  readonly #version: string;
  readonly #release: Release | undefined;
  #common: string | undefined;
  #schemas: string | undefined;

  constructor(
    workspace: Workspace,
    config: ResolvedConfig,
    store: ResultStore,
    now: Date,
    version: string,
    release: Release | undefined,
  ) {
    this.#workspace = workspace;
    this.#release = release;
    this.#config = config;
    this.#store = store;
    this.#day = now.toISOString().slice(0, 10);
    this.#version = version;
  }

  /** The rule's findings: from the cache where its inputs are unchanged, else from `run`, which are then stored. */
  async findings(rule: Rule, severity: Severity, run: RuleRunner): Promise<CachedFinding[]> {
    // Git's history (the evidence's commit, what changed since) is no file: no key covers it.
    if (rule.readsGit) return run(undefined);
    const base = this.#ruleKey(rule, severity);
    const inputs = this.#workspace.match(ruleInputs(rule, this.#config));
    if (!rule.findingsPerFile) {
      const hash = createHash('sha256').update(base);
      this.#hashFiles(hash, inputs);
      const key = hash.digest('hex').slice(0, 40);
      const cached = this.#store.get(key);
      if (cached) return cached;
      const found = await run(undefined);
      this.#store.set(key, found);
      return found;
    }
    const keys = new Map<string, string>();
    const missing: string[] = [];
    const results: CachedFinding[] = [];
    for (const file of inputs) {
      const key = createHash('sha256')
        .update(base)
        .update(`\0${file}\0${this.#id(file)}`)
        .digest('hex')
        .slice(0, 40);
      keys.set(file, key);
      const cached = this.#store.get(key);
      if (cached) results.push(...cached);
      else missing.push(file);
    }
    if (missing.length === 0) return results;
    // Every file missing (a cold run): one whole run, as without a cache.
    const found = await run(missing.length === inputs.length ? undefined : new Set(missing));
    const byFile = new Map<string, CachedFinding[]>(missing.map((file) => [file, []]));
    for (const finding of found) byFile.get(finding.diagnostic.file)?.push(finding);
    for (const [file, list] of byFile) {
      this.#store.set(keys.get(file)!, list);
      results.push(...list);
    }
    return results;
  }

  /** What every key of a rule starts with: version, config, rule, severity, file list, and the rule's other inputs. */
  #ruleKey(rule: Rule, severity: Severity): string {
    const hash = createHash('sha256').update(this.#commonKey()).update(`\0${rule.id}\0${severity}`);
    if (rule.readsDate) hash.update(`\0date:${this.#day}`);
    if (rule.readsSchemas) hash.update(`\0schemas:${this.#schemaKey()}`);
    if (rule.findingsPerFile && rule.sharedInputs) {
      hash.update('\0shared');
      this.#hashFiles(hash, this.#workspace.match(rule.sharedInputs(this.#config)));
    }
    return hash.digest('hex');
  }

  /** Version, resolved configuration (and its file's text) and file list: what every rule depends on. */
  #commonKey(): string {
    if (this.#common === undefined) {
      const hash = createHash('sha256')
        .update(`surveyor ${this.#version}\0`)
        .update(stableJson(this.#config))
        .update(`\0release\0${stableJson(this.#release ?? null)}`);
      // Findings may point into the config file itself (related locations), so its text counts, not only its meaning.
      const configFile = this.#config.configFile;
      if (configFile !== undefined && this.#workspace.hasFile(configFile))
        hash.update(`\0config\0${this.#id(configFile)}`);
      for (const file of this.#workspace.files) hash.update(`\0${file}`);
      for (const link of this.#workspace.escapingLinks)
        hash.update(`\0link\0${link.path}\0${stableJson(link.escapes)}`);
      for (const entry of this.#workspace.unreadableEntries)
        hash.update(`\0unreadable\0${entry.path}\0${stableJson(entry.unreadable)}`);
      this.#common = hash.digest('hex');
    }
    return this.#common;
  }

  /**
   * The schema set: which files are schemas (by glob, by a registry or the config naming
   * them, or by their own `$schema` naming a draft) and their content, with the registries.
   * Whether a file declares a draft is remembered by content, so a warm run parses nothing.
   */
  #schemaKey(): string {
    if (this.#schemas === undefined) {
      const workspace = this.#workspace;
      const config = this.#config;
      const hash = createHash('sha256');
      const registries = workspace.match(config.schemas.registries.map((r) => r.file));
      hash.update('registries');
      this.#hashFiles(hash, registries);
      const byGlob = workspace.matcher(config.schemas.files);
      const named = declaredSchemaPaths(workspace, config);
      const excluded = workspace.matcher(config.json.exclude);
      hash.update('\0schemas');
      for (const file of workspace.match(config.json.files)) {
        if (excluded(file)) continue;
        if (byGlob(file) || named.has(file) || fileDeclaresDraft(workspace, file))
          hash.update(`\0${file}\0${this.#id(file)}`);
      }
      this.#schemas = hash.digest('hex');
    }
    return this.#schemas;
  }

  #hashFiles(hash: Hash, files: readonly string[]): void {
    for (const file of files) hash.update(`\0${file}\0${this.#id(file)}`);
  }

  /** A file's content id (git's object id); an unreadable file has its reason instead. */
  #id(file: string): string {
    try {
      return this.#workspace.contentId(file);
    } catch (error) {
      return `unreadable:${error instanceof Error ? error.message : String(error)}`;
    }
  }
}

/** JSON with object keys sorted and sets as sorted arrays: the same configuration always hashes the same. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item instanceof Set) return [...item].map(String).sort();
    if (item instanceof Map)
      return Object.fromEntries([...item].sort(([a], [b]) => String(a).localeCompare(String(b))));
    if (item && typeof item === 'object' && !Array.isArray(item))
      return Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return item;
  });
}
