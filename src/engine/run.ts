import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { contractPaths } from '../atlas/contract-file.js';
import type { CachedFinding, ResultStore } from '../cache/result-store.js';
import { type ChangeSide, RuleCache } from '../cache/rule-cache.js';
import { closest } from '../closest.js';
import { compareText } from '../compare-text.js';
import {
  type ConfigText,
  configReadReason,
  detectLayout,
  detectPreset,
  findConfigText,
  MAX_CONFIG_BYTES,
  NEVER_READ,
  parseUserConfig,
  type ResolvedConfig,
  resolveConfig,
} from '../config/config.js';
import type { UserConfig } from '../config/config-schema.js';
import { collectHeadingAnchors } from '../docs/heading-anchors.js';
import { ConfigError, UsageError } from '../errors.js';
import { collectSignals, type SignalRequest } from '../signals/live-signals.js';
import { packageVersion } from '../version.js';
import { expandFileArguments } from '../workspace/file-arguments.js';
import { DiskSource, type FileSource, gitBlobId } from '../workspace/file-source.js';
import { ReadRefusedError } from '../workspace/regular-file.js';
import { type ContentMemo, picomatch, Workspace } from '../workspace/workspace.js';
import type { Diagnostic, RelatedLocation, RuleAudit, RunResult, Severity } from './diagnostic.js';
import { Facts } from './facts.js';
import { isAnchored, setFingerprintMessage } from './fingerprint.js';
import { locatePlace } from './locate.js';
import {
  type AtlasRuleContext,
  type Place,
  type RelatedPlace,
  type Release,
  type Report,
  type Rule,
  type RuleContext,
  ruleDocPath,
  ruleInputs,
} from './rule.js';

/** What a check run needs. */
export interface CheckOptions {
  /** Repository root on disk (default: the working directory). Ignored when `source` is given. */
  root?: string;
  /** An alternative file source (in-memory trees for tests and examples). */
  source?: FileSource;
  /** Path of a config file (relative to the working directory); default `<root>/surveyor.config.json`. */
  configPath?: string;
  /** A config given programmatically instead of a file. */
  config?: UserConfig;
  /**
   * Restrict findings to these root-relative files, folders (every file under them) and
   * globs; one that names no file is a `UsageError`.
   */
  files?: readonly string[];
  /** The rules that exist. */
  rules: readonly Rule[];
  /** Run only these rule ids (other rules are treated as off). */
  only?: readonly string[];
  /** "Today" for date-based rules (default: the current date), so runs can be reproduced. */
  now?: Date;
  /** A session already opened (the gate's), so the run reads nothing twice; `root`, `source` and config are then ignored. */
  session?: Session;
  /** Findings of earlier runs to reuse where their inputs are unchanged (not with `files`); the caller saves it. */
  cache?: ResultStore;
  /**
   * With `cache`: this run is one side of a change check, sharing what its rule keys gave with the
   * other side (see `ChangeLedger`); the base side's report then holds what the comparison needs, not
   * the findings located in changed files.
   */
  change?: ChangeSide;
  /** The release to evaluate, `X.Y.Z` (default: the chart's `version`); release-aware rules run when there is one. */
  release?: string;
  /** The release profiles (default: the install-matrix profiles of `gate.releaseSuites`). */
  profiles?: readonly string[];
  /** Collect what each rule cites and attests (`RunResult.audit`): the gate's evidence and summaries. */
  audit?: boolean;
  /** Ask these live signals for the release (the gate's `--prometheus` or `--signals`); `signals/*` rules run then. */
  signals?: SignalRequest;
}

/** A prepared run: workspace, resolved config and shared facts, before any rule runs. */
export interface Session {
  workspace: Workspace;
  config: ResolvedConfig;
  facts: Facts;
  /** How the root is shown in reports: relative to the working directory, `.` when it is it. */
  displayRoot: string;
  /** The absolute root on disk; absent for in-memory sources. */
  rootDir?: string;
}

/** Builds the workspace and config of a run; throws `UsageError`/`ConfigError` for what stops it. */
export async function openSession(
  options: Pick<CheckOptions, 'root' | 'source' | 'configPath' | 'config' | 'cache'>,
): Promise<Session> {
  let source = options.source;
  let displayRoot = '.';
  let rootDir: string | undefined;
  if (!source) {
    const root = path.resolve(options.root ?? '.');
    if (!existsSync(root)) throw new UsageError(`root \`${options.root ?? root}\` does not exist`);
    if (!statSync(root).isDirectory()) throw new UsageError(`root \`${options.root ?? root}\` is not a directory`);
    displayRoot = path.relative(process.cwd(), root).split(path.sep).join('/') || '.';
    source = new DiskSource(root, [...NEVER_READ]);
    rootDir = source.root;
  }
  let user: UserConfig = options.config ?? {};
  let configFile: string | undefined;
  if (!options.config) {
    const found = findConfigText(source.root, (file) => readConfigAtRoot(source, file), options.configPath);
    if (found) {
      user = await parseConfigRemembered(found, options.cache);
      configFile = found.relative;
    }
  }
  const preliminary = resolveConfig(user, 'none');
  const workspace = new Workspace(source, { ignore: preliminary.ignore });
  const config = resolveConfig(
    user,
    detectPreset((f) => workspace.hasFile(f)),
    configFile,
    detectLayout((glob) => workspace.match(glob)),
  );
  return {
    workspace,
    config,
    facts: new Facts(workspace, config),
    displayRoot,
    ...(rootDir === undefined ? {} : { rootDir }),
  };
}

/**
 * The config a config file's text gives, recalled by that text's content id when the run has a
 * cache: validating it loads zod, which a run whose findings are all recalled otherwise never
 * needs. A config that does not validate is never kept: its error is found out again.
 */
async function parseConfigRemembered(found: ConfigText, memo: ContentMemo | undefined): Promise<UserConfig> {
  if (!memo) return parseUserConfig(found);
  const id = gitBlobId(Buffer.from(found.text, 'utf8'));
  const recalled = memo.recall(USER_CONFIG_KIND, id) as UserConfig | undefined;
  if (recalled !== undefined) return recalled;
  const user = await parseUserConfig(found);
  memo.remember(USER_CONFIG_KIND, id, user);
  return user;
}

/** The memo kind of a config file's validated content. */
const USER_CONFIG_KIND = 'user-config-1';

/**
 * The text of the root's config file through the source (so by real path inside the root,
 * and only a regular file), `undefined` when there is none. One that is there but cannot be
 * used (a FIFO, a link out of the root, unreadable, too large) stops the run with a
 * `ConfigError` that names the reason and never shows the content.
 */
function readConfigAtRoot(source: FileSource, file: string): string | undefined {
  let bytes: Buffer;
  try {
    const size = source.size(file);
    if (size > MAX_CONFIG_BYTES) throw new Error(`it is too large (${size} bytes, more than ${MAX_CONFIG_BYTES})`);
    bytes = source.read(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    const reason =
      error instanceof ReadRefusedError && error.code === 'outside'
        ? 'it is a link that leads outside the repository'
        : configReadReason(error);
    throw new ConfigError(`cannot read config \`${file}\`: ${reason}`);
  }
  return bytes.toString('utf8');
}

/** Effective severity of each rule under a config; rules set to `off` are absent. */
export function selectRules(
  rules: readonly Rule[],
  config: ResolvedConfig,
  only?: readonly string[],
): Map<Rule, Severity> {
  const known = new Set(rules.map((r) => r.id));
  for (const id of Object.keys(config.rules)) {
    if (!known.has(id)) {
      const hint = closest(id, [...known]);
      throw new ConfigError(`unknown rule \`${id}\` in \`rules\`${hint ? `, did you mean \`${hint}\`?` : ''}`);
    }
  }
  const selected = new Map<Rule, Severity>();
  for (const rule of rules) {
    if (only && !only.includes(rule.id)) continue;
    const level = config.rules[rule.id] ?? rule.severity;
    if (level !== 'off') selected.set(rule, level);
  }
  return selected;
}

/**
 * Runs the selected rules over a repository and returns the report: diagnostics
 * located, given their severity and docs URL, filtered to FILES when given, and sorted
 * by file, line, column and rule.
 */
export async function runCheck(options: CheckOptions): Promise<RunResult> {
  const started = performance.now();
  const session = options.session ?? (await openSession(options));
  const { workspace, config, facts } = session;
  // What parsers derive from a file's content alone is kept with the findings, whatever the scope.
  if (options.cache) workspace.memo ??= options.cache;
  const now = options.now ?? new Date();
  const scope = options.files
    ? new Set(expandFileArguments(workspace, options.files.map(normaliseScopeFile), picomatch()))
    : undefined;
  let selected = selectRules(options.rules, config, options.only);
  if (scope) {
    // A rule whose inputs match none of the files cannot report anything about them.
    const files = [...scope];
    selected = new Map(
      [...selected].filter(([rule]) => {
        const matches = workspace.matcher(ruleInputs(rule, config));
        return files.some(matches);
      }),
    );
  }

  const release = await resolveRelease(session, options);
  const signals =
    options.signals && release && selected.size > 0 && [...selected.keys()].some((r) => r.appliesTo?.signals)
      ? await collectSignals(session, release, options.signals)
      : undefined;
  // The gate's audited run reads git and records citations, which a cache cannot replay.
  const cache =
    options.cache && !scope && !options.audit && !signals
      ? new RuleCache(facts, config, options.cache, now, packageVersion(), release, options.change)
      : undefined;
  const durations = new Map<Rule, number>();
  const audit = options.audit ? new Map<string, RuleAudit>() : undefined;
  const findingsOf = async (rule: Rule, severity: Severity): Promise<CachedFinding[]> => {
    const ruleStarted = performance.now();
    const audited: RuleAudit = { evidence: [], verified: [] };
    audit?.set(rule.id, audited);
    const run = (ruleScope: ReadonlySet<string> | undefined) =>
      runRule(rule, severity, { workspace, config, facts, now, release, signals }, ruleScope, audit && audited);
    const found = cache ? await cache.findings(rule, severity, run) : await run(scope);
    durations.set(rule, performance.now() - ruleStarted);
    return found;
  };
  // Rules that wait on worker threads start first; the others run meanwhile, one at a time.
  const background = new Map<Rule, Promise<CachedFinding[]>>();
  for (const [rule, severity] of selected) {
    if (!rule.waitsOnWorkers) continue;
    const started = findingsOf(rule, severity);
    // Awaited after the other rules: a failure is then the run's, not an unhandled rejection meanwhile.
    started.catch(() => undefined);
    background.set(rule, started);
  }
  const found = new Map<Rule, CachedFinding[]>();
  for (const [rule, severity] of selected) {
    if (background.has(rule)) continue;
    // A turn of the event loop first, so a rule started in the background gets on with its reading and parsing.
    if (background.size > 0) await new Promise((resume) => setImmediate(resume));
    found.set(rule, await findingsOf(rule, severity));
  }
  for (const [rule, findings] of background) found.set(rule, await findings);
  const diagnostics: Diagnostic[] = [];
  for (const rule of selected.keys()) {
    for (const finding of found.get(rule)!) {
      // A recalled finding is the cache's: the report gets its own copy.
      const diagnostic = cache ? structuredClone(finding.diagnostic) : finding.diagnostic;
      if (cache && finding.fingerprintMessage !== undefined)
        setFingerprintMessage(diagnostic, finding.fingerprintMessage);
      diagnostics.push(diagnostic);
    }
  }

  const kept = scope
    ? diagnostics.filter((d) => scope.has(d.file) || d.related?.some((r) => scope.has(r.file)))
    : diagnostics;
  kept.sort(compareDiagnostics);
  // Read now, while the run's memo can still keep them: fingerprints name these findings by their heading.
  const headingAnchors = await collectHeadingAnchors(
    { workspace, docs: facts.docsIfBuilt, maxPageBytes: config.docs.maxPageBytes },
    kept.filter(isAnchored).map((d) => d.file),
  );
  const count = (severity: Severity) => kept.filter((d) => d.severity === severity).length;
  return {
    report: {
      tool: 'surveyor',
      version: packageVersion(),
      root: session.displayRoot,
      summary: {
        files: scope ? scope.size : workspace.files.length,
        rules: selected.size,
        errors: count('error'),
        warnings: count('warning'),
        infos: count('info'),
        durationMs: Math.round(performance.now() - started),
      },
      diagnostics: kept,
    },
    docsBaseUrl: config.docsBaseUrl,
    ...(session.rootDir === undefined ? {} : { rootDir: session.rootDir }),
    rules: [...selected].map(([rule, severity]) => ({
      id: rule.id,
      description: rule.description,
      severity,
      url: ruleDocPath(rule.id),
      rationale: rule.rationale,
      durationMs: Math.round((durations.get(rule) ?? 0) * 1000) / 1000,
    })),
    source: (file) => {
      const text = workspace.text(file);
      return text.ok ? text.text : undefined;
    },
    headingAnchors,
    ...(audit ? { audit } : {}),
    ...(signals ? { signals } : {}),
  };
}

/** Runs one rule, over the whole repository or for the files of `scope` only, and returns its findings. */
async function runRule(
  rule: Rule,
  severity: Severity,
  session: Pick<RuleContext, 'workspace' | 'config' | 'facts' | 'now' | 'release' | 'signals'>,
  scope: ReadonlySet<string> | undefined,
  audited: RuleAudit | undefined,
): Promise<CachedFinding[]> {
  const findings: CachedFinding[] = [];
  const context: RuleContext = {
    ...session,
    scoped: scope !== undefined,
    inScope: (file) => !scope || scope.has(file),
    report: (report) => findings.push(toFinding(rule, severity, report, session.workspace)),
    cite: (file, detail, sha256) => {
      audited?.evidence.push({
        file,
        ...(detail === undefined ? {} : { detail }),
        ...(sha256 === undefined ? {} : { sha256 }),
      });
    },
    attest: (clause) => {
      audited?.verified.push(clause);
    },
  };
  try {
    const applicable = await applicableContext(rule, context, session.facts);
    if (applicable) await rule.check(applicable);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`rule \`${rule.id}\` failed: ${reason}`, { cause: error });
  }
  return findings;
}

/**
 * The release a run evaluates: `--release`, else the chart's `version`, with the release
 * profiles; `undefined` outside an Atlas repository or when neither names a version.
 */
export async function resolveRelease(
  session: Session,
  options: Pick<CheckOptions, 'release' | 'profiles'>,
): Promise<Release | undefined> {
  if (!session.config.atlas.enabled) return undefined;
  const atlas = await session.facts.atlas();
  const version = options.release ?? atlas.chart.version;
  if (version === undefined) return undefined;
  const profiles = options.profiles?.length ? options.profiles : await releaseProfiles(session);
  return { version, profiles: [...new Set(profiles)].sort(compareText), explicit: options.release !== undefined };
}

/**
 * The install-matrix profiles a release suite runs, by name: remembered by the matrix's content
 * (and the suites), so a run whose rules' findings are recalled parses no contract to name them.
 */
async function releaseProfiles(session: Session): Promise<string[]> {
  const suites = session.config.gate.releaseSuites;
  const read = async () =>
    ((await session.facts.atlas()).installMatrix?.profiles ?? [])
      .filter((p) => p.suite !== undefined && suites.includes(p.suite))
      .map((p) => p.name);
  const matrix = session.config.atlas[contractPaths.installMatrix];
  if (matrix === undefined) return read();
  return session.workspace.derived(`release-profiles-1:${JSON.stringify(suites)}`, matrix, read);
}

/**
 * The context a rule runs with, or `undefined` when its `appliesTo` does not hold here: an
 * Atlas rule needs the `atlas` preset and every contract it lists, and gets the model.
 */
async function applicableContext(rule: Rule, context: RuleContext, facts: Facts): Promise<RuleContext | undefined> {
  const contracts = rule.appliesTo?.atlas;
  if (!contracts) return context;
  if (!context.config.atlas.enabled) return undefined;
  if (rule.appliesTo?.release && context.release === undefined) return undefined;
  if (rule.appliesTo?.signals && context.signals === undefined) return undefined;
  const atlas = await facts.atlas();
  if (contracts.some((contract) => atlas[contract] === undefined)) return undefined;
  const atlasContext: AtlasRuleContext = { ...context, atlas };
  return atlasContext;
}

function normaliseScopeFile(file: string): string {
  return file.split(path.sep).join('/').replace(/^\.\//, '');
}

function format(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in data ? String(data[name]) : whole));
}

/** The message id a diagnostic was reported with (examples and tests compare ids, not wording). */
export function messageIdOf(diagnostic: Diagnostic): string {
  return diagnostic.messageId;
}

/** A report as a located diagnostic, with the message its fingerprint uses when the rule has volatile data. */
function toFinding(rule: Rule, severity: Severity, report: Report, workspace: Workspace): CachedFinding {
  const template = rule.messages[report.messageId];
  if (template === undefined) throw new Error(`unknown message id \`${report.messageId}\``);
  const diagnostic = diagnosticAt(workspace, report, {
    ruleId: rule.id,
    messageId: report.messageId,
    severity,
    message: format(template, report.data),
    url: ruleDocPath(rule.id),
  });
  if (!rule.volatile?.some((key) => report.data?.[key] !== undefined)) return { diagnostic };
  const stable = { ...report.data };
  for (const key of rule.volatile) if (key in stable) stable[key] = '#';
  const fingerprintMessage = format(template, stable);
  setFingerprintMessage(diagnostic, fingerprintMessage);
  return { diagnostic, fingerprintMessage };
}

/**
 * A finding as reporters see it, at a place a rule (or the gate) gave: the range, the
 * pointer kept as identity, and every related place resolved the same way.
 */
export function diagnosticAt(
  workspace: Workspace,
  place: Place & { related?: RelatedPlace[] },
  fields: Pick<Diagnostic, 'ruleId' | 'messageId' | 'severity' | 'message' | 'url'>,
): Diagnostic {
  const range = locatePlace(workspace, place);
  const diagnostic: Diagnostic = {
    ruleId: fields.ruleId,
    messageId: fields.messageId,
    severity: fields.severity,
    message: fields.message,
    file: place.file,
    line: range.start.line,
    column: range.start.column,
    endLine: range.end.line,
    endColumn: range.end.column,
    url: fields.url,
  };
  if (place.pointer !== undefined) diagnostic.pointer = place.pointer;
  if (place.related?.length) diagnostic.related = place.related.map((r) => toRelated(r, workspace));
  return diagnostic;
}

function toRelated(related: RelatedPlace, workspace: Workspace): RelatedLocation {
  const range = locatePlace(workspace, related);
  return {
    file: related.file,
    line: range.start.line,
    column: range.start.column,
    endLine: range.end.line,
    endColumn: range.end.column,
    message: related.message,
  };
}

/** Deterministic order: file, line, column, rule, message. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    compareText(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.message, b.message)
  );
}
