import { allRules } from '../rules/index.js';
import type { Baseline } from './baseline/baseline-file.js';
import type { UserConfig } from './config/config-schema.js';
import type { RunResult } from './engine/diagnostic.js';
import type { Rule } from './engine/rule.js';
import { runCheck } from './engine/run.js';
import type { GateResult } from './gate/gate-report.js';
import { runGate } from './gate/run-gate.js';
import type { Waivers } from './gate/waivers.js';
import type { SignalSpec } from './signals/signal-spec.js';
import type { FileSource } from './workspace/file-source.js';

export {
  type Baseline,
  BaselineError,
  baselineOf,
  formatBaseline,
  readBaseline,
  writeBaseline,
} from './baseline/baseline-file.js';
export { applyBaseline, splitByBaseline } from './baseline/compare-baseline.js';
export type { UserConfig } from './config/config-schema.js';
export type {
  BaselineComparison,
  BaselineFinding,
  Diagnostic,
  RelatedLocation,
  Report,
  RuleDescriptor,
  RunResult,
  RunSummary,
  Severity,
} from './engine/diagnostic.js';
export { fingerprints } from './engine/fingerprint.js';
export type {
  GateCheckId,
  Place,
  Release,
  Report as RuleReport,
  Rule,
  RuleContext,
  RuleDefinition,
  RuleExample,
} from './engine/rule.js';
export { defineRule, GATE_CHECKS, gateCheckOf, ruleDocPath } from './engine/rule.js';
export { ConfigError, UsageError } from './errors.js';
export { GateInputError } from './gate/gate-error.js';
export { type GateFormatName, gateFormats, isGateFormatName } from './gate/gate-formats.js';
export type {
  CheckId,
  CheckStatus,
  EvidenceItem,
  GateBaseline,
  GateCheck,
  GateReport,
  GateResult,
  Verdict,
} from './gate/gate-report.js';
export { readWaivers, type Waiver, type WaiverOutcome, type Waivers } from './gate/waivers.js';
export { renderRuleDoc } from './reference/rule-docs.js';
export { type FormatName, isFormatName, reporters } from './reporters/index.js';
export { DiskSource, type FileSource, type MemoryFile, MemorySource } from './workspace/file-source.js';

/** Options of `check`, the library form of `surveyor check`. */
export interface CheckRunOptions {
  /** Repository root (default: the working directory). */
  root?: string;
  /** An in-memory or custom file source instead of `root`. */
  source?: FileSource;
  /** Config file path; default `<root>/surveyor.config.json` when present. */
  configPath?: string;
  /** Config object instead of a file. */
  config?: UserConfig;
  /** Report only findings in (or related to) these root-relative files. */
  files?: readonly string[];
  /** Run only these rule ids. */
  only?: readonly string[];
  /** "Today" for date-based rules, for reproducible runs. */
  now?: Date;
  /** The release the release-aware rules evaluate, `X.Y.Z` (default: the chart's `version`). */
  release?: string;
}

/** Runs every rule over a repository: the library form of `surveyor check`. */
export function check(options: CheckRunOptions = {}): Promise<RunResult> {
  return runCheck({ ...options, rules: allRules });
}

/** Every rule surveyor has. */
export function listRules(): readonly Rule[] {
  return allRules;
}

/** The rule with this id, if there is one. */
export function findRule(id: string): Rule | undefined {
  return allRules.find((rule) => rule.id === id);
}

/** Options of `gate`, the library form of `surveyor gate`. */
export interface GateRunOptions {
  /** The release being promoted, `X.Y.Z`. */
  release: string;
  /** Repository root (default: the working directory). */
  root?: string;
  /** An in-memory or custom file source instead of `root` (the commit cannot then be verified). */
  source?: FileSource;
  /** Config file path; default `<root>/surveyor.config.json` when present. */
  configPath?: string;
  /** Config object instead of a file. */
  config?: UserConfig;
  /** The release profiles; default: the install-matrix profiles of `gate.releaseSuites`. */
  profiles?: readonly string[];
  /** Findings this baseline records do not block, except in the checks that decide readiness (see `readBaseline`). */
  baseline?: { file: string; baseline: Baseline };
  /** Findings accepted until a date, of the checks that do not decide readiness (see `readWaivers`). */
  waivers?: Waivers;
  /** "Today" for date-based rules and waiver expiry, for reproducible runs. */
  now?: Date;
  /** Live signals to ask (a Prometheus, or saved answers to replay; see `signalSpec`): the `signals` check then runs. */
  signals?: SignalSpec;
}

/** The release readiness verdict: the library form of `surveyor gate`. */
export { type SignalSpec, signalSpec } from './signals/signal-spec.js';
export type { SignalSnapshot } from './signals/snapshot.js';

export function gate(options: GateRunOptions): Promise<GateResult> {
  return runGate({ ...options, rules: allRules });
}
