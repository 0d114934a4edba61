import type { AtlasContract } from '../atlas/contract-file.js';
import type { AtlasModel } from '../atlas/model.js';
import type { ResolvedConfig } from '../config/config.js';
import type { ExampleSignals } from '../signals/example-signals.js';
import type { LiveSignals } from '../signals/live-signals.js';
import type { MemoryFile } from '../workspace/file-source.js';
import type { Span } from '../workspace/json-document.js';
import type { Position } from '../workspace/line-index.js';
import type { Workspace } from '../workspace/workspace.js';
import type { Severity } from './diagnostic.js';
import type { Facts } from './facts.js';

/**
 * Where a finding is, as a rule knows it: an mdast `position`, a text `span`, a JSON/YAML
 * `pointer`, or just the file (first of these wins). The engine turns it into line and
 * column. A pointer given with a span or position is kept as the finding's identity.
 */
export interface Place {
  file: string;
  pointer?: string;
  /** With `pointer`: point at the member's key instead of its value. */
  onKey?: boolean;
  span?: Span;
  position?: { start: Position; end?: Position };
}

/** The other end of a cross-file finding. */
export type RelatedPlace = Place & { message: string };

/** What a rule reports: a place, a message id and its data, related places. */
export type Report<M extends string = string> = Place & {
  messageId: M;
  data?: Record<string, string | number>;
  related?: RelatedPlace[];
};

/** What a rule's `check` receives. Reading goes through `workspace` and `facts`; output only through `report`. */
export interface RuleContext<M extends string = string> {
  readonly workspace: Workspace;
  readonly config: ResolvedConfig;
  readonly facts: Facts;
  /** "Today", for date-based rules; `--now` sets it so runs are reproducible. */
  readonly now: Date;
  /** False for files outside the run's FILES (pre-commit); rules may skip work for them. */
  inScope(file: string): boolean;
  /** True when the run is restricted to some FILES. */
  readonly scoped: boolean;
  /** The release under evaluation (`--release`, else the chart's `version`), when the repository has one. */
  readonly release: Release | undefined;
  /** What Prometheus answered for the release (`gate --prometheus` or `--signals`); the `signals/*` rules read it. */
  readonly signals: LiveSignals | undefined;
  report(report: Report<M>): void;
  /** Records a file the rule relied on, for the gate's audit trail (its sha256 is the gate's to add, or the tarball's). */
  cite(file: string, detail?: string, sha256?: string): void;
  /** Records one clause on what the rule verified, which the gate's summary shows when its check passes. */
  attest(clause: string): void;
}

/** The release a run evaluates: its version and the profiles it ships. */
export interface Release {
  /** The version being released, `X.Y.Z`. */
  version: string;
  /** The release profiles, sorted: `--profile`, else the install-matrix profiles of `gate.releaseSuites`. */
  profiles: readonly string[];
  /** True when the run was given the release (`gate`, `check --release`), false when it is the chart's version. */
  explicit: boolean;
}

/** The checks of the release gate, in report order; a rule's `gate` names the one its findings decide. */
export const GATE_CHECKS = [
  'check',
  'identity',
  'evidence',
  'scenarios',
  'matrix',
  'readiness',
  'signals',
  'docs',
] as const;

/** One check of the release gate. */
export type GateCheckId = (typeof GATE_CHECKS)[number];

/** A finding an example expects: where and which message. */
export interface ExpectedFinding {
  file: string;
  line: number;
  column: number;
  messageId: string;
}

/** A small file tree that shows the rule at work; examples are tests and documentation at once. */
export interface RuleExample {
  /** One line on what the example shows. */
  name: string;
  files: Record<string, MemoryFile>;
  /** "Today" for date-based rules, as `YYYY-MM-DD`, so the example reads the same on any day. */
  now?: string;
  /** The release under evaluation, as `--release` gives it (default: the chart's version). */
  release?: string;
  /** For invalid examples: exactly the findings the rule must report. */
  findings?: ExpectedFinding[];
  /** Prometheus's answers, for the `signals/*` rules: the example then runs as `gate --signals` would. */
  signals?: ExampleSignals;
}

/** The Atlas contracts a rule can need, each a model property that is `undefined` when its file could not be read. */
export type { AtlasContract };

/** The Atlas model as a rule that needs contracts `C` sees it: those contracts are known to have been read. */
export type AtlasView<C extends AtlasContract = never> = AtlasModel & {
  readonly [K in C]-?: NonNullable<AtlasModel[K]>;
};

/**
 * When a rule applies (as Spectral's `formats`), checked by the engine before `check` runs:
 * `atlas` makes it an Atlas rule, run only under the `atlas` preset and only when each
 * contract listed was read (a contract that cannot be read is `atlas/contract-file`'s finding).
 */
export interface Applicability<C extends AtlasContract = AtlasContract> {
  atlas: readonly C[];
  /** Run only when a release is under evaluation; the context then carries it. */
  release?: boolean;
  /** Run only when live signals were read (`gate --prometheus` or `--signals`); the context then carries them. */
  signals?: boolean;
}

/** What an Atlas rule's `check` receives: the context plus the model, with the contracts it needs. */
export interface AtlasRuleContext<M extends string = string, C extends AtlasContract = never> extends RuleContext<M> {
  readonly atlas: AtlasView<C>;
}

/** What a release-aware Atlas rule's `check` receives: the Atlas context with the release under evaluation. */
export interface ReleaseRuleContext<M extends string = string, C extends AtlasContract = never>
  extends AtlasRuleContext<M, C> {
  readonly release: Release;
}

/** What a `signals/*` rule's `check` receives: the release context with Prometheus's answers. */
export interface SignalsRuleContext<M extends string = string, C extends AtlasContract = never>
  extends ReleaseRuleContext<M, C> {
  readonly signals: LiveSignals;
}

/** What every rule declares, whatever it applies to. */
interface RuleFields<M extends string> {
  id: string;
  description: string;
  severity: Severity;
  /**
   * Globs of the files the rule reads, so a run restricted to some files can skip it and
   * the cache knows when to run it again: every file the rule reads must match one (the
   * file list itself is always an input).
   */
  inputs: readonly string[] | ((config: ResolvedConfig) => readonly string[]);
  /**
   * True when each finding lies in one input file and depends only on that file, the
   * `sharedInputs` and the file list: the cache then keeps findings per file, and a run
   * after one edit checks that one file again.
   */
  findingsPerFile?: boolean;
  /** With `findingsPerFile`: globs of the files every file's findings also depend on. */
  sharedInputs?: (config: ResolvedConfig) => readonly string[];
  /**
   * True when the rule reads the repository's schemas (every schema file and registry): they
   * are inputs too. A function when that depends on the configuration.
   */
  readsSchemas?: boolean | ((config: ResolvedConfig) => boolean);
  /**
   * With `findingsPerFile` and `readsSchemas`: each file's findings depend only on the
   * schemas the file is mapped to and those they reach through `$ref` (and on which file
   * holds each `$id`), so after a schema edit the cache checks again only the files mapped
   * to a schema that reaches it.
   */
  readsMappedSchemasOnly?: boolean;
  /** True when the rule's findings depend on "today" (`--now`): the date is an input too. */
  readsDate?: boolean;
  /** True when the rule reads git (the history, the checkout), which no file covers: it is never cached. */
  readsGit?: boolean;
  /**
   * True when the rule hands its work to worker threads and waits for them (Mermaid parsing):
   * the engine starts it before the other rules and collects its findings after them, so the
   * threads work while the main thread runs the rest.
   */
  waitsOnWorkers?: boolean;
  messages: Record<M, string>;
  /** Hand-written prose for the docs page: why the rule exists and how to fix what it finds. */
  rationale: string;
  examples: { valid: RuleExample[]; invalid: RuleExample[] };
  /** The gate check whose verdict the rule's findings decide; `check` when absent. */
  gate?: GateCheckId;
  /**
   * Message data that changes while the defect stays the same (a day count, a digest of bytes
   * still being edited): left out of the finding's fingerprint so baselines keep matching.
   */
  volatile?: readonly string[];
}

/** A rule as written in `rules/<group>/<name>.ts`, for any repository. */
export interface RuleDefinition<M extends string> extends RuleFields<M> {
  appliesTo?: undefined;
  check(context: RuleContext<M>): void | Promise<void>;
}

/** An Atlas rule as written in `rules/<group>/<name>.ts`: it runs when its `appliesTo` holds, with the model at hand. */
export interface AtlasRuleDefinition<M extends string, C extends AtlasContract> extends RuleFields<M> {
  appliesTo: Applicability<C>;
  check(context: AtlasRuleContext<M, C>): void | Promise<void>;
}

/** A release-aware Atlas rule: it runs when a release is under evaluation, which its context carries. */
export interface ReleaseRuleDefinition<M extends string, C extends AtlasContract> extends RuleFields<M> {
  appliesTo: Applicability<C> & { release: true };
  check(context: ReleaseRuleContext<M, C>): void | Promise<void>;
}

/** A live-signals rule: it runs when Prometheus's answers for the release are at hand. */
export interface SignalsRuleDefinition<M extends string, C extends AtlasContract> extends RuleFields<M> {
  appliesTo: Applicability<C> & { release: true; signals: true };
  check(context: SignalsRuleContext<M, C>): void | Promise<void>;
}

/** A rule with its message ids erased, as the engine holds it. */
export interface Rule extends RuleFields<string> {
  appliesTo?: Applicability;
  /** The engine calls it with an `AtlasRuleContext` when `appliesTo.atlas` is set. */
  check(context: RuleContext): void | Promise<void>;
}

/** Declares a rule; the identity function that gives rule modules their types. */
export function defineRule<M extends string>(definition: RuleDefinition<M>): Rule;
export function defineRule<M extends string, C extends AtlasContract = never>(
  definition: SignalsRuleDefinition<M, C>,
): Rule;
export function defineRule<M extends string, C extends AtlasContract = never>(
  definition: ReleaseRuleDefinition<M, C>,
): Rule;
export function defineRule<M extends string, C extends AtlasContract = never>(
  definition: AtlasRuleDefinition<M, C>,
): Rule;
export function defineRule(
  definition:
    | RuleDefinition<string>
    | AtlasRuleDefinition<string, AtlasContract>
    | ReleaseRuleDefinition<string, AtlasContract>
    | SignalsRuleDefinition<string, AtlasContract>,
): Rule {
  return definition as unknown as Rule;
}

/** The gate check a rule's findings decide. */
export function gateCheckOf(rule: Pick<Rule, 'gate'>): GateCheckId {
  return rule.gate ?? 'check';
}

/** The docs path of a rule, relative to the package root: `docs/rules/<group>/<name>.md`. */
export function ruleDocPath(id: string): string {
  return `docs/rules/${id}.md`;
}

/** Globs a rule reads under a config. */
export function ruleInputs(rule: Rule, config: ResolvedConfig): readonly string[] {
  return typeof rule.inputs === 'function' ? rule.inputs(config) : rule.inputs;
}
