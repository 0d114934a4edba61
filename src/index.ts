import { allRules } from '../rules/index.js';
import type { Baseline } from './baseline/baseline-file.js';
import { ResultStore } from './cache/result-store.js';
import type { UserConfig } from './config/config-schema.js';
import { type ChangeBase, runChangeCheck } from './engine/change-check.js';
import type { RunResult } from './engine/diagnostic.js';
import type { Rule } from './engine/rule.js';
import { runCheck } from './engine/run.js';
import { UsageError } from './errors.js';
import type { GateResult } from './gate/gate-report.js';
import { runGate } from './gate/run-gate.js';
import type { Waivers } from './gate/waivers.js';
import type { SignalSpec } from './signals/signal-spec.js';
import { packageVersion } from './version.js';
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
  ChangeComparison,
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
  /** Report only findings in (or related to) these root-relative files, folders or globs. */
  files?: readonly string[];
  /** Run only these rule ids. */
  only?: readonly string[];
  /** "Today" for date-based rules, for reproducible runs. */
  now?: Date;
  /** Judge git's index (what would be committed) and keep only the findings the staged changes bring. */
  staged?: boolean;
  /** Judge the working tree and keep only the findings its changes since this commit bring. */
  changedSince?: string;
  /**
   * Reuse findings of earlier runs whose inputs are unchanged, kept in this folder
   * (`surveyor check` uses `ROOT/node_modules/.cache/surveyor`); not with `files`.
   */
  cacheLocation?: string;
  /** The release the release-aware rules evaluate, `X.Y.Z` (default: the chart's `version`). */
  release?: string;
}

/**
 * Runs every rule over a repository: the library form of `surveyor check`. With `staged`
 * or `changedSince`, the report keeps only the change's findings (see `report.changes`).
 */
export async function check(options: CheckRunOptions = {}): Promise<RunResult> {
  const { cacheLocation, ...uncached } = options;
  if (cacheLocation === undefined || options.files) return checkWith(uncached);
  const store = new ResultStore(cacheLocation, packageVersion());
  const result = await checkWith({ ...uncached, cache: store });
  store.save();
  return result;
}

function checkWith(options: Omit<CheckRunOptions, 'cacheLocation'> & { cache?: ResultStore }): Promise<RunResult> {
  const { staged, changedSince, ...rest } = options;
  if (staged || changedSince !== undefined) {
    if (staged && changedSince !== undefined) throw new UsageError('`staged` and `changedSince` exclude each other');
    if (rest.source || rest.files) throw new UsageError('a change check reads git itself: drop `source` and `files`');
    const base: ChangeBase = staged ? { kind: 'staged' } : { kind: 'since', ref: changedSince! };
    const { source: _source, files: _files, ...checkOptions } = rest;
    return runChangeCheck({ ...checkOptions, root: rest.root ?? '.', base, rules: allRules });
  }
  return runCheck({ ...rest, rules: allRules });
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
