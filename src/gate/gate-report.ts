import type { BaselineComparison, Diagnostic } from '../engine/diagnostic.js';
import { GATE_CHECKS, type GateCheckId } from '../engine/rule.js';
import type { SignalSnapshot } from '../signals/snapshot.js';
import type { WaiverOutcome } from './waivers.js';

/** The gate's answer: promote the release, or not. */
export type Verdict = 'ready' | 'blocked';

/** How one check came out: `fail` blocks the release, `warn` does not. */
export type CheckStatus = 'pass' | 'warn' | 'fail';

/** One of the gate's checks: the `gate` tag of a rule (`GATE_CHECKS` lists them in report order). */
export type CheckId = GateCheckId;

/** The checks that decide readiness, every one but `check` and `docs`: no baseline and no waiver ever hides their findings. */
export const RELEASE_BLOCKING: readonly CheckId[] = GATE_CHECKS.filter((id) => id !== 'check' && id !== 'docs');

/**
 * A file a check relied on, so the verdict can be audited: its repo path, the sha256 of
 * its bytes when it has some (a file on disk or a member of the evidence tarball), and
 * what the check read in it or found about it.
 */
export interface EvidenceItem {
  file: string;
  sha256?: string;
  detail?: string;
}

/** One check of the gate report. */
export interface GateCheck {
  id: CheckId;
  status: CheckStatus;
  /** One sentence: what passed, or the first reason it did not. */
  summary: string;
  /** Sorted by file, then detail. */
  evidence: EvidenceItem[];
  /** The findings of the rules tagged with this check, sorted as reports sort them. */
  diagnostics: Diagnostic[];
}

/** The gate report (`schemas/gate-report.schema.json`). */
export interface GateReport {
  verdict: Verdict;
  release: string;
  /** The release profiles the evidence and matrix checks covered. */
  profiles: string[];
  checks: GateCheck[];
  /** Present when the gate compared its findings with a baseline. */
  baseline?: GateBaseline;
  /** Present when the gate was given waivers (`--waivers`): each one, and how it came out. */
  waivers?: { file: string; entries: WaiverOutcome[] };
  /** Present when the live signals were asked (`--prometheus` or `--signals`): every query and its raw answer. */
  signals?: GateSignals;
}

/** The live signals the `signals` check read, kept so the verdict can be audited and replayed. */
export interface GateSignals {
  /** The Prometheus URL (or the replayed file). */
  source: string;
  /** Evaluation time, RFC 3339. */
  at: string;
  /** The window of the range queries, as a Prometheus duration. */
  window: string;
  queries: {
    /** What the query is for (`build info`, `SLO query-availability`). */
    purpose: string;
    query: string;
    /** Evaluation time, Unix seconds. */
    time: number;
    /** 0 when no answer came. */
    httpStatus: number;
    /** Prometheus's answer, byte for byte. */
    answer?: string;
    /** Why no answer came. */
    error?: string;
    /** sha256 of `answer`. */
    sha256: string;
  }[];
  /** Each SLO as measured: the value in the objective's terms (absent when none could be read). */
  slos: {
    id: string;
    query: string;
    value?: number;
    objective: number;
    unit: string;
    direction: 'floor' | 'ceiling';
    status: 'pass' | 'fail';
  }[];
}

/** A check baseline as the gate applied it: never to the checks that decide readiness. */
export interface GateBaseline extends BaselineComparison {
  /** The checks the baseline was ignored for: `RELEASE_BLOCKING`, `signals` only when live signals were asked. */
  ignoredFor: CheckId[];
  /** Findings of those checks that the baseline records and that still count. */
  ignored: number;
}

/** Everything the gate formats receive: the report and what rendering it needs. */
export interface GateResult {
  report: GateReport;
  /** The version graph of the compatibility table as a Mermaid block (and its legend), for the markdown report. */
  versionGraph: string;
  /** How the root is shown (relative to the working directory). */
  root: string;
  /** The live signals' answers, as `--write-signals` saves them. */
  signalSnapshot?: SignalSnapshot;
}
