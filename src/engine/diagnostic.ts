import type { LiveSignals } from '../signals/live-signals.js';
import type { HeadingAnchors } from './fingerprint.js';
/** Severity a finding is reported with; `off` only appears in configuration. */
export type Severity = 'error' | 'warning' | 'info';

/** A severity as configured for a rule: a reporting severity or `off`. */
export type RuleLevel = Severity | 'off';

/** The other end of a cross-file finding, located like the finding itself. */
export interface RelatedLocation {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
}

/**
 * One finding as reporters, the JSON report and library callers see it: plain,
 * serialisable data. Lines and columns are 1-based; `endColumn` is exclusive and
 * columns count UTF-16 code units, as editors and SARIF do.
 */
export interface Diagnostic {
  ruleId: string;
  /** Which of the rule's messages this is: stable across wording changes, for tools that act on findings. */
  messageId: string;
  severity: Severity;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  pointer?: string;
  related?: RelatedLocation[];
  url: string;
}

/** Totals of one run, as written in the JSON report. */
export interface RunSummary {
  files: number;
  rules: number;
  errors: number;
  warnings: number;
  infos: number;
  durationMs: number;
}

/** A finding a baseline records, as reports list the ones that were fixed. */
export interface BaselineFinding {
  fingerprint: string;
  ruleId: string;
  file: string;
  pointer?: string;
  /** Slug of the heading a Markdown finding sits under. */
  anchor?: string;
  message: string;
}

/** How a run compared with a baseline: `diagnostics` then holds only the findings it does not record. */
export interface BaselineComparison {
  /** The baseline file as given. */
  file: string;
  /** Findings of the run that the baseline records, left out of `diagnostics`. */
  known: number;
  /** Findings the baseline records that the run no longer has. */
  fixed: BaselineFinding[];
}

/** The JSON report contract (`schemas/report.schema.json`). */
export interface Report {
  tool: 'surveyor';
  version: string;
  root: string;
  summary: RunSummary;
  diagnostics: Diagnostic[];
  /** Present when the run was compared with a baseline (`--baseline`). */
  baseline?: BaselineComparison;
  /** Present when only a change's findings were kept (`--staged`, `--changed-since`). */
  changes?: ChangeComparison;
}

/**
 * How a change was judged (`--staged`, `--changed-since REF`): `diagnostics` then holds only
 * the change's findings, those in changed files and those the base does not have.
 */
export interface ChangeComparison {
  /** What the change is compared with: `HEAD`, or REF as given. */
  against: string;
  /** True when the staged content (git's index) was judged, false for the working tree. */
  staged: boolean;
  /** Files added, deleted, renamed or modified since the base, sorted. */
  changed: string[];
  /** Findings that exist at the base too and lie outside the changed files: not listed, never failing. */
  existing: number;
}

/** Rule metadata that reporters need (SARIF rule descriptors, JUnit suites). */
export interface RuleDescriptor {
  id: string;
  description: string;
  severity: Severity;
  url: string;
  /** Why the rule exists and how to fix what it finds (SARIF `fullDescription` and `help`). */
  rationale?: string;
  /**
   * How long the rule took in this run, from its start to its findings (JUnit `time`); a rule
   * that waits on worker threads runs beside the others, so its time includes theirs.
   */
  durationMs?: number;
}

/** Everything a reporter receives: the report plus what it needs to render it. */
export interface RunResult {
  report: Report;
  rules: RuleDescriptor[];
  /** Absolute base URL of the rule docs, from the config (`docsBaseUrl`). */
  docsBaseUrl: string;
  /** The absolute root on disk (SARIF's `%SRCROOT%`); absent for in-memory sources. */
  rootDir?: string;
  /** The text of a repo-relative file, for code frames; `undefined` renders without one. */
  source: (file: string) => string | undefined;
  /**
   * The headings of each Markdown file with a finding that has no JSON pointer, as remark
   * reads the page: what fingerprints name such a finding by (`fingerprints(diagnostics,
   * result.headingAnchors)`). Absent, they are fingerprinted without a heading.
   */
  headingAnchors?: HeadingAnchors;
  /** What each rule cited and attested, by rule id: present when the run was asked to audit (the gate's). */
  audit?: Map<string, RuleAudit>;
  /** The live signals the run read, when it was asked to. */
  signals?: LiveSignals;
}

/** A file a rule relied on, as the gate's evidence lists it. */
export interface Citation {
  file: string;
  detail?: string;
  /** Given by the rule for a file that is not on disk (a tarball member); the gate adds the others'. */
  sha256?: string;
}

/** What one rule cited and attested during an audited run. */
export interface RuleAudit {
  evidence: Citation[];
  verified: string[];
}
