import type { BaselineComparison, BaselineFinding, Diagnostic, RunResult } from '../engine/diagnostic.js';
import { fingerprints, type HeadingAnchors } from '../engine/fingerprint.js';
import { type Baseline, compareBaselineFindings } from './baseline-file.js';

/** Findings of a run split by a baseline: new ones, ones it records, and recorded ones that are gone. */
export interface BaselineSplit {
  fresh: Diagnostic[];
  known: Diagnostic[];
  fixed: BaselineFinding[];
}

/**
 * Splits findings by a baseline, matching fingerprints (rule, file, pointer or heading
 * anchor, normalised message, occurrence), never lines. `inScope` limits which recorded
 * findings can count as fixed: a run restricted to some files cannot tell about the others.
 */
export function splitByBaseline(
  diagnostics: readonly Diagnostic[],
  baseline: Baseline,
  anchors?: HeadingAnchors,
  inScope?: (file: string) => boolean,
): BaselineSplit {
  const recorded = new Set(baseline.findings.map((f) => f.fingerprint));
  const ids = fingerprints(diagnostics, anchors);
  const fresh: Diagnostic[] = [];
  const known: Diagnostic[] = [];
  diagnostics.forEach((d, index) => (recorded.has(ids[index]!) ? known : fresh).push(d));
  const present = new Set(ids);
  const fixed = baseline.findings
    .filter((f) => !present.has(f.fingerprint) && (!inScope || inScope(f.file)))
    .sort(compareBaselineFindings);
  return { fresh, known, fixed };
}

/**
 * The run as it reads against a baseline: only the findings the baseline does not record,
 * totals counted from them, and `report.baseline` saying how many were known and which were fixed.
 */
export function applyBaseline(
  result: RunResult,
  baseline: Baseline,
  file: string,
  inScope?: (file: string) => boolean,
): RunResult {
  const split = splitByBaseline(result.report.diagnostics, baseline, result.headingAnchors, inScope);
  const count = (severity: Diagnostic['severity']) => split.fresh.filter((d) => d.severity === severity).length;
  const comparison: BaselineComparison = { file, known: split.known.length, fixed: split.fixed };
  return {
    ...result,
    report: {
      ...result.report,
      summary: { ...result.report.summary, errors: count('error'), warnings: count('warning'), infos: count('info') },
      diagnostics: split.fresh,
      baseline: comparison,
    },
  };
}
