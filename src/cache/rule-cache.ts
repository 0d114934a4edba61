import * as nodeCrypto from 'node:crypto';
import { createHash, type Hash } from 'node:crypto';
import { compareText } from '../compare-text.js';
import type { ResolvedConfig } from '../config/config.js';
import type { Severity } from '../engine/diagnostic.js';
import { type Facts, fileDeclaresDraft } from '../engine/facts.js';
import { type Release, type Rule, ruleInputs } from '../engine/rule.js';
import { declaredSchemaPaths } from '../schema/schema-mapping.js';
import type { Workspace } from '../workspace/workspace.js';
import { type CachedFinding, GROUP_KEY_CHARS, type KeySnapshot, type ResultStore } from './result-store.js';

/** Runs a rule over the whole repository, or only for the files of `scope`; returns its findings with their message ids. */
export type RuleRunner = (scope: ReadonlySet<string> | undefined) => Promise<CachedFinding[]>;

/** What the cache of the first side of a change check worked out for one rule. */
interface RecordedRule {
  /** The key all of the rule's keys started with (see `RuleCache.#ruleKey`). */
  base: string;
  /** The files the rule's inputs matched. */
  inputs: readonly string[];
  /** A `findingsPerFile` rule's findings by input file. */
  perFile?: Map<string, CachedFinding[]>;
  /** Any other rule's findings. */
  whole?: CachedFinding[];
}

/**
 * What the rule cache of the judged side of a change check (the staged content, say) worked
 * out, for the base side (HEAD). Both sides hold the same files but the changed ones, so where
 * a rule's key starts the same on both, the base side takes the rule's findings from the judged
 * side: all of them when none of its inputs changed; for a `findingsPerFile` rule, those of
 * every unchanged input, and none for a changed one, since every finding located in a changed
 * file is the change's whatever the base holds there. The base side then keys, looks up or runs
 * only the rules whose other inputs changed, instead of every file of every rule again.
 */
export class ChangeLedger {
  /** Paths added, deleted or modified between the two sides. */
  readonly changed: ReadonlySet<string>;
  /** The recording side's key of what every rule depends on (see `RuleCache.#commonKey`). */
  common: string | undefined;
  /** The recording side's key of the schema set, when a rule needed it. */
  schemas: string | undefined;
  readonly rules = new Map<string, RecordedRule>();

  constructor(changed: Iterable<string>) {
    this.changed = new Set(changed);
  }
}

/** A rule cache's part in a change check: it records for the other side, or reuses what that side recorded. */
export interface ChangeSide {
  ledger: ChangeLedger;
  role: 'record' | 'reuse';
}

/**
 * Reuses findings of earlier runs for rules whose inputs did not change. A rule's
 * findings are keyed by the hash of everything they can depend on: surveyor's version,
 * the resolved configuration, the rule and its severity, the file list, the content of
 * every file its `inputs` match, the schemas (`readsSchemas`) and today's date
 * (`readsDate`), and the release under evaluation; rules that read git (`readsGit`) are never cached.
 * A `findingsPerFile` rule is keyed per file instead (that file, its
 * `sharedInputs`, and the rest as above), so one edit checks one file again; while none of its
 * inputs changes, its findings of every file are recalled at once, by one more key (as a rule
 * that is not keyed per file is), and its keys of each file are kept for when one does. A rule that
 * `readsMappedSchemasOnly` has a second key per file, by the schemas the file is mapped to
 * instead of every schema, tried when the first misses: a schema edit then checks again only
 * the files mapped to a schema that reaches the edited one.
 */
export class RuleCache {
  readonly #workspace: Workspace;
  readonly #facts: Facts;
  readonly #config: ResolvedConfig;
  readonly #store: ResultStore;
  readonly #day: string;
  readonly #version: string;
  readonly #release: Release | undefined;
  #common: string | undefined;
  #schemas: string | undefined;
  /** The indexes in the file list of the schema files `#schemas` was worked out from, when this run knows them. */
  #schemaFiles: number[] | undefined;
  #schemaList: string | undefined;
  /** Each instance's mapped schemas and their digests; `null` when they could not be worked out. */
  #mappedSchemas: Map<string, string[]> | null | undefined;
  readonly #change: ChangeSide | undefined;
  /** The files whose content changed since the last run's snapshot (`ResultStore.keys`); `null` when it does not apply. */
  #sinceSnapshot: ReadonlySet<string> | null | undefined;
  /** Each rule's key start and key of its findings in this run, for the next run's snapshot. */
  readonly #kept = new Map<string, [base: string, key: string]>();
  /** What `#hashFiles` adds for each file list. */
  readonly #filesTexts = new WeakMap<readonly string[], string>();

  constructor(
    facts: Facts,
    config: ResolvedConfig,
    store: ResultStore,
    now: Date,
    version: string,
    release: Release | undefined,
    change?: ChangeSide,
  ) {
    this.#workspace = facts.workspace;
    this.#change = change;
    this.#facts = facts;
    this.#release = release;
    this.#config = config;
    this.#store = store;
    this.#day = now.toISOString().slice(0, 10);
    this.#version = version;
    // The base side of a change check judges nothing: the judged side's keys are the ones worth keeping.
    // A run that kept no rule's keys (nothing staged), or kept the last snapshot's, leaves it as it was.
    if (change?.role !== 'reuse') store.keepKeys(() => (this.#keptAsSnapshot() ? undefined : this.#snapshot()));
  }

  /** The rule's findings: from the cache where its inputs are unchanged, else from `run`, which are then stored. */
  async findings(rule: Rule, severity: Severity, run: RuleRunner): Promise<CachedFinding[]> {
    // Git's history (the evidence's commit, what changed since) is no file: no key covers it.
    if (rule.readsGit) return run(undefined);
    const previous = this.#keptBySnapshot(rule);
    const before = previous && this.#store.get(previous.kept[1]);
    if (previous && before) {
      const [base, beforeKey] = previous.kept;
      if (previous.changed.length === 0) return this.#recalledWhole(rule, base, beforeKey, before);
      // Some inputs of a rule keyed per file changed, nothing else it reads: the findings of the others as
      // the snapshot's run found them, and the changed ones' by their own keys.
      const inputs = this.#workspace.match(ruleInputs(rule, this.#config));
      const changed = new Set(previous.changed);
      const byFile = byInputFile(
        inputs.filter((file) => !changed.has(file)),
        before,
      );
      await this.#findingsOfEach(rule, severity, base, previous.changed, inputs.length, run, byFile);
      this.#store.touchGroup(keyGroup(base));
      this.#record(rule, () => ({ base, inputs, perFile: byFile }));
      const found = inputs.flatMap((file) => byFile.get(file) ?? []);
      // The snapshot's key names every input's content then; the changed ones' content now completes it.
      const key = sha256Hex(
        `${beforeKey}\0changed${previous.changed.map((file) => `\0${file}\0${this.#workspace.contentKey(file)}`).join('')}`,
      ).slice(0, 24);
      this.#kept.set(rule.id, [base, key]);
      this.#store.set(key, found);
      return found;
    }
    const base = this.#ruleKey(rule, severity);
    const other = this.#recordedByOtherSide(rule, base);
    // The same key start means the same configuration and file list, so the same inputs.
    const inputs = other?.inputs ?? this.#workspace.match(ruleInputs(rule, this.#config));
    const changed = this.#change?.ledger.changed;
    if (!rule.findingsPerFile) {
      if (other?.whole && !inputs.some((file) => changed!.has(file))) return other.whole;
      const hash = createHash('sha256').update(base);
      this.#hashFiles(hash, inputs);
      const key = hash.digest('hex').slice(0, 24);
      this.#kept.set(rule.id, [base, key]);
      let found = this.#store.get(key);
      if (!found) {
        found = await run(undefined);
        this.#store.set(key, found);
      }
      this.#record(rule, () => ({ base, inputs, whole: found }));
      return found;
    }
    // Every input as when a run stored the findings of each: those findings, in one entry, and the entries
    // of each file kept for when one changes (a warm run looks up one key for the rule, not one per file).
    const whole = other?.perFile ? undefined : this.#wholeKey(base, inputs);
    if (whole !== undefined) {
      const found = this.#store.get(whole);
      if (found) return this.#recalledWhole(rule, base, whole, found, inputs);
      this.#kept.set(rule.id, [base, whole]);
    }
    const byFile = new Map<string, CachedFinding[]>();
    if (other?.perFile) {
      // A changed file's findings here cannot change the comparison (see `ChangeLedger`): none are looked for.
      for (const file of inputs) if (!changed!.has(file)) byFile.set(file, other.perFile.get(file) ?? []);
    } else {
      await this.#findingsOfEach(rule, severity, base, inputs, inputs.length, run, byFile);
    }
    this.#record(rule, () => ({ base, inputs, perFile: byFile }));
    // In input order, as a run over the files would find them.
    const found = inputs.flatMap((file) => byFile.get(file) ?? []);
    if (whole !== undefined) {
      // Each input's key was looked up (or stored) just now.
      this.#store.lookedUpGroup(keyGroup(base));
      this.#store.set(whole, found);
    }
    return found;
  }

  /**
   * A `findingsPerFile` rule's findings of each of `files` (of its `inputCount` inputs) into
   * `byFile`: from the cache by each file's key, the others found by running the rule over them
   * (over everything when every input is missing, as without a cache) and stored.
   */
  async #findingsOfEach(
    rule: Rule,
    severity: Severity,
    base: string,
    files: readonly string[],
    inputCount: number,
    run: RuleRunner,
    byFile: Map<string, CachedFinding[]>,
  ): Promise<void> {
    const keys = new Map<string, string[]>();
    const missing: string[] = [];
    // Second chance after a schema edit: the key by the schemas the file is mapped to, which the edit may not
    // reach. Worked out on the first miss only, so a run whose keys all hit builds no schema set.
    const secondChance = this.#readsSchemas(rule) && rule.readsMappedSchemasOnly;
    let mappedBase: string | undefined;
    for (const file of files) {
      const key = fileKey(base, `${file}\0${this.#workspace.contentKey(file)}`);
      keys.set(file, [key]);
      let cached = this.#store.get(key);
      const mappedSchemas = !cached && secondChance ? this.#mappedSchemaKeys() : undefined;
      if (mappedSchemas) {
        mappedBase ??= this.#ruleKey(rule, severity, 'mapped');
        const mapped = (mappedSchemas.get(file) ?? []).join('\0');
        const mappedKey = fileKey(mappedBase, `${file}\0${this.#workspace.contentKey(file)}\0${mapped}`);
        keys.get(file)!.push(mappedKey);
        cached = this.#store.get(mappedKey);
        if (cached) this.#store.set(key, cached, mappedKey);
      }
      if (cached) byFile.set(file, cached);
      else missing.push(file);
    }
    if (missing.length === 0) return;
    // Every input missing (a cold run): one whole run, as without a cache.
    const found = await run(missing.length === inputCount ? undefined : new Set(missing));
    const computed = new Map<string, CachedFinding[]>(missing.map((file) => [file, []]));
    for (const finding of found) computed.get(finding.diagnostic.file)?.push(finding);
    for (const [file, list] of computed) {
      // The key by the whole schema set keeps the key by the file's own schemas alive while it is used.
      const [key, mappedKey] = keys.get(file)!;
      this.#store.set(key!, list, mappedKey);
      if (mappedKey !== undefined) this.#store.set(mappedKey, list);
      byFile.set(file, list);
    }
  }

  /**
   * A rule's findings recalled whole by `key`, none of its inputs changed since they were stored:
   * kept for the next snapshot, its entries of each file kept (keyed per file), and recorded for
   * the other side of a change check.
   */
  #recalledWhole(
    rule: Rule,
    base: string,
    key: string,
    found: CachedFinding[],
    inputs?: readonly string[],
  ): CachedFinding[] {
    this.#kept.set(rule.id, [base, key]);
    if (rule.findingsPerFile) this.#store.touchGroup(keyGroup(base));
    this.#record(rule, () => {
      const files = inputs ?? this.#workspace.match(ruleInputs(rule, this.#config));
      return rule.findingsPerFile
        ? { base, inputs: files, perFile: byInputFile(files, found) }
        : { base, inputs: files, whole: found };
    });
    return found;
  }

  /** The key of a `findingsPerFile` rule's findings of every input at once. */
  #wholeKey(base: string, inputs: readonly string[]): string {
    const hash = createHash('sha256').update(base).update('\0every file');
    this.#hashFiles(hash, inputs);
    return hash.digest('hex').slice(0, 24);
  }

  /**
   * The key start and findings key the last run's snapshot kept for a rule, when they are this
   * run's too: the same configuration and file list (the common key), the same day for a rule
   * that reads the date, the same schema set's key for a rule that reads the schemas (worked out
   * only when a JSON file or registry changed), and no shared input changed since. With `changed`,
   * the inputs that did change, for a rule keyed per file (any other rule whose inputs changed has
   * none). Nothing of the rule's inputs is hashed.
   */
  #keptBySnapshot(rule: Rule): { kept: [base: string, key: string]; changed: string[] } | undefined {
    const snapshot = this.#store.keys;
    if (!snapshot || !Object.hasOwn(snapshot.rules, rule.id)) return undefined;
    const since = this.#changedSinceSnapshot(snapshot);
    if (!since) return undefined;
    if (rule.readsDate && snapshot.day !== this.#day) return undefined;
    const touches = (globs: readonly string[]) => {
      if (since.size === 0 || globs.length === 0) return false;
      const matches = this.#workspace.matcher(globs);
      for (const file of since) if (matches(file)) return true;
      return false;
    };
    if (rule.findingsPerFile && rule.sharedInputs && touches(rule.sharedInputs(this.#config))) return undefined;
    // A JSON file changed: the schema set's key tells whether the schemas did.
    if (this.#readsSchemas(rule) && touches(this.#schemaSetGlobs()) && this.#schemaKey() !== snapshot.schemas)
      return undefined;
    const inputs = ruleInputs(rule, this.#config);
    if (!touches(inputs)) return { kept: snapshot.rules[rule.id]!, changed: [] };
    if (!rule.findingsPerFile) return undefined;
    const matches = this.#workspace.matcher(inputs);
    return { kept: snapshot.rules[rule.id]!, changed: [...since].filter(matches).sort(compareText) };
  }

  /** What the schema set's key reads besides the file list: every JSON file and the registries. */
  #schemaSetGlobs(): string[] {
    return [...this.#config.json.files, ...this.#config.schemas.registries.map((r) => r.file)];
  }

  /**
   * The files whose content key differs from the one the snapshot kept, when the snapshot's run
   * had the same common key (configuration, file list); `null` otherwise. A file the snapshot
   * has no key for is one no rule it kept reads.
   */
  #changedSinceSnapshot(snapshot: KeySnapshot): ReadonlySet<string> | null {
    if (this.#sinceSnapshot === undefined) {
      this.#sinceSnapshot = null;
      if (snapshot.common === this.#commonKey()) {
        const changed = new Set<string>();
        // The same file list (the common key holds it), so the same index for each file.
        const files = this.#workspace.files;
        for (let i = 0; i < snapshot.files.length; i++) {
          const id = snapshot.ids[i]!;
          if (id === '') continue;
          const file = snapshot.files[i]!;
          const now = files[i] === file ? this.#workspace.contentKeyAt(i) : this.#workspace.contentKey(file);
          if (now !== id) changed.add(file);
        }
        this.#sinceSnapshot = changed;
      }
    }
    return this.#sinceSnapshot;
  }

  /**
   * Whether this run's snapshot would tell the next run nothing the last one does not: no rule's
   * keys kept, or the same content keys, day and keys of the same rules.
   */
  #keptAsSnapshot(): boolean {
    if (this.#kept.size === 0) return true;
    const snapshot = this.#store.keys;
    if (!snapshot || this.#sinceSnapshot?.size !== 0 || snapshot.day !== this.#day) return false;
    const ids = Object.keys(snapshot.rules);
    return (
      ids.length === this.#kept.size &&
      ids.every((id) => {
        const kept = this.#kept.get(id);
        return kept?.[0] === snapshot.rules[id]![0] && kept[1] === snapshot.rules[id]![1];
      })
    );
  }

  /** What this run's keys started from, for the next run (see `#keptBySnapshot`). */
  #snapshot(): KeySnapshot {
    const files = [...this.#workspace.files];
    return {
      common: this.#commonKey(),
      schemas: this.#schemas ?? null,
      schemaFiles: this.#schemas === undefined ? null : (this.#schemaFiles ?? null),
      day: this.#day,
      files,
      ids: files.map((file) => this.#workspace.knownContentKey(file) ?? ''),
      rules: Object.fromEntries(this.#kept),
    };
  }

  /** What the other side of a change check recorded for a rule whose keys start as this side's do. */
  #recordedByOtherSide(rule: Rule, base: string): RecordedRule | undefined {
    if (this.#change?.role !== 'reuse') return undefined;
    const recorded = this.#change.ledger.rules.get(rule.id);
    return recorded?.base === base ? recorded : undefined;
  }

  /** Keeps what the rule's keys gave for the other side of a change check. */
  #record(rule: Rule, recorded: () => RecordedRule): void {
    if (this.#change?.role !== 'record') return;
    const ledger = this.#change.ledger;
    ledger.common = this.#commonKey();
    if (this.#schemas !== undefined) ledger.schemas = this.#schemas;
    ledger.rules.set(rule.id, recorded());
  }

  /**
   * For each instance, the schemas it is mapped to, each with the digest of what validating
   * against it depends on (`SchemaSet.dependencyKey`); `undefined` when the mapping cannot be
   * worked out here (the rule then runs and says why). Builds the schema set: computed only
   * when a rule's key by the whole schema set missed, after a schema edit or in a cold run.
   */
  #mappedSchemaKeys(): Map<string, string[]> | undefined {
    if (this.#mappedSchemas === undefined) {
      try {
        const schemas = this.#facts.schemas;
        const keys = new Map<string, string[]>();
        for (const mapping of this.#facts.mappings) {
          const list = keys.get(mapping.instance) ?? [];
          list.push(
            `${mapping.schema}\0${mapping.exists}\0${mapping.exists ? schemas.dependencyKey(mapping.schema) : ''}`,
          );
          keys.set(mapping.instance, list);
        }
        this.#mappedSchemas = keys;
      } catch {
        this.#mappedSchemas = null;
      }
    }
    return this.#mappedSchemas ?? undefined;
  }

  /**
   * What every key of a rule starts with: version, config, rule, severity, file list, and the
   * rule's other inputs; with `mapped`, of the schemas only which files are schemas and the
   * registries (each file's key then adds the schemas it is mapped to).
   */
  #ruleKey(rule: Rule, severity: Severity, schemas: 'all' | 'mapped' = 'all'): string {
    const hash = createHash('sha256').update(this.#commonKey()).update(`\0${rule.id}\0${severity}`);
    if (rule.readsDate) hash.update(`\0date:${this.#day}`);
    if (this.#readsSchemas(rule))
      hash.update(schemas === 'all' ? `\0schemas:${this.#schemaKey()}` : `\0schema-list:${this.#schemaListKey()}`);
    if (rule.findingsPerFile && rule.sharedInputs) {
      hash.update('\0shared');
      this.#hashFiles(hash, this.#workspace.match(rule.sharedInputs(this.#config)));
    }
    return hash.digest('hex');
  }

  #readsSchemas(rule: Rule): boolean {
    return typeof rule.readsSchemas === 'function' ? rule.readsSchemas(this.#config) : rule.readsSchemas === true;
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
        hash.update(`\0config\0${this.#workspace.contentKey(configFile)}`);
      const files = this.#workspace.files;
      // One update, the same bytes as one per file.
      if (files.length) hash.update(`\0${files.join('\0')}`);
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
    if (this.#schemas === undefined) this.#schemas = this.#schemaKeyOfOtherSide() ?? this.#schemaKeyOfSnapshot();
    if (this.#schemas === undefined) {
      const workspace = this.#workspace;
      const config = this.#config;
      const hash = createHash('sha256');
      const registries = workspace.match(config.schemas.registries.map((r) => r.file));
      hash.update('registries');
      this.#hashFiles(hash, registries);
      const byGlob = workspace.matcher(config.schemas.files);
      const excluded = workspace.matcher(config.json.exclude);
      let named: Set<string> | undefined;
      const isSchema = (file: string) =>
        !excluded(file) &&
        (byGlob(file) ||
          (named ??= declaredSchemaPaths(workspace, config)).has(file) ||
          fileDeclaresDraft(workspace, file));
      // Which files were schemas at the snapshot, when it holds: only the changed ones are asked again.
      const before = this.#schemaFilesOfSnapshot();
      const json = workspace.match(config.json.files);
      const indexes = workspace.indexesOf(json)!;
      const schemaFiles: number[] = [];
      const schemas: string[] = ['\0schemas'];
      for (let k = 0; k < json.length; k++) {
        const file = json[k]!;
        const index = indexes[k]!;
        if (before && !before.changed.has(file) ? before.schemas.has(index) : isSchema(file)) {
          schemaFiles.push(index);
          schemas.push(`\0${file}\0${workspace.contentKeyAt(index)}`);
        }
      }
      hash.update(schemas.join(''));
      this.#schemas = hash.digest('hex');
      this.#schemaFiles = schemaFiles;
    }
    return this.#schemas;
  }

  /**
   * Which files were schemas when the snapshot was taken (by index in the file list) and which
   * changed since, when that holds here: the same configuration and file list, and no registry
   * changed (a file a registry names is a schema).
   */
  #schemaFilesOfSnapshot(): { schemas: ReadonlySet<number>; changed: ReadonlySet<string> } | undefined {
    const snapshot = this.#store.keys;
    if (!snapshot?.schemaFiles) return undefined;
    const since = this.#changedSinceSnapshot(snapshot);
    if (!since) return undefined;
    const registry = this.#workspace.matcher(this.#config.schemas.registries.map((r) => r.file));
    for (const file of since) if (registry(file)) return undefined;
    return { schemas: new Set(snapshot.schemaFiles), changed: since };
  }

  /**
   * The other side's schema-set key, when it holds here too: the same configuration and file
   * list (the common key), and no changed file that is JSON or a registry, which is all the
   * key reads besides them.
   */
  #schemaKeyOfOtherSide(): string | undefined {
    const change = this.#change;
    if (change?.role !== 'reuse' || change.ledger.schemas === undefined) return undefined;
    if (change.ledger.common !== this.#commonKey()) return undefined;
    const matches = this.#workspace.matcher(this.#schemaSetGlobs());
    for (const file of change.ledger.changed) if (matches(file)) return undefined;
    return change.ledger.schemas;
  }

  /** The snapshot's schema-set key, when it holds here too: its common key, and no JSON file or registry changed since. */
  #schemaKeyOfSnapshot(): string | undefined {
    const snapshot = this.#store.keys;
    if (!snapshot || snapshot.schemas === null) return undefined;
    const since = this.#changedSinceSnapshot(snapshot);
    if (!since) return undefined;
    const matches = this.#workspace.matcher(this.#schemaSetGlobs());
    for (const file of since) if (matches(file)) return undefined;
    this.#schemaFiles = snapshot.schemaFiles ?? undefined;
    return snapshot.schemas;
  }

  /** Which files are schemas (paths only), and the registries' content: what maps an instance, besides the schemas' `$id`s. */
  #schemaListKey(): string {
    if (this.#schemaList === undefined) {
      const hash = createHash('sha256').update('registries');
      this.#hashFiles(hash, this.#workspace.match(this.#config.schemas.registries.map((r) => r.file)));
      hash.update('\0schemas');
      const schemaFiles = this.#facts.schemaFiles;
      if (schemaFiles.length) hash.update(`\0${schemaFiles.join('\0')}`);
      this.#schemaList = hash.digest('hex');
    }
    return this.#schemaList;
  }

  /**
   * Adds the names and content keys of a file list to a hash: one update of the same bytes as one
   * per file (a hash digests bytes, however they are split), kept for the list, which the
   * workspace hands out once per glob list and rules share.
   */
  #hashFiles(hash: Hash, files: readonly string[]): void {
    let text = this.#filesTexts.get(files);
    if (text === undefined) {
      const workspace = this.#workspace;
      const indexes = workspace.indexesOf(files);
      const parts = new Array<string>(files.length);
      for (let i = 0; i < files.length; i++)
        parts[i] = `\0${files[i]}\0${indexes ? workspace.contentKeyAt(indexes[i]!) : workspace.contentKey(files[i]!)}`;
      text = parts.join('');
      this.#filesTexts.set(files, text);
    }
    hash.update(text);
  }
}

/**
 * The key of one file's findings under a rule's key: in the group of the rule's key (its first
 * characters), which a run whose inputs are all unchanged keeps without looking up each file's.
 */
function fileKey(base: string, file: string): string {
  return keyGroup(base) + sha256Hex(`${base}\0${file}`).slice(0, 24 - GROUP_KEY_CHARS);
}

/** The group of a rule's keys of each file: the first characters of the rule's key start. */
function keyGroup(base: string): string {
  return base.slice(0, GROUP_KEY_CHARS);
}

/** A `findingsPerFile` rule's findings of every input, by input (none for most). */
function byInputFile(inputs: readonly string[], found: readonly CachedFinding[]): Map<string, CachedFinding[]> {
  const byFile = new Map<string, CachedFinding[]>(inputs.map((file) => [file, []]));
  for (const finding of found) byFile.get(finding.diagnostic.file)?.push(finding);
  return byFile;
}

/**
 * A string's SHA-256 in hex: Node's one-shot `crypto.hash` (Node 20.12 and later) where there
 * is one, about twice as fast for the short keys a run computes by the ten thousand.
 */
// A namespace import: a named import of `hash` would fail to link on a Node without it.
const oneShot = (nodeCrypto as { hash?: (algorithm: string, data: string) => string }).hash;
const sha256Hex: (text: string) => string = oneShot
  ? (text) => oneShot('sha256', text)
  : (text) => createHash('sha256').update(text).digest('hex');

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
