import { canonicalBaselineFinding } from '../baseline/baseline-finding.js';
import type {
  BaselineComparison,
  ChangeComparison,
  Diagnostic,
  RelatedLocation,
  Report,
  RunResult,
  RunSummary,
} from '../engine/diagnostic.js';
import type { ReporterOptions } from './reporter.js';

/**
 * The JSON report (`schemas/report.schema.json`): the report with its keys in the
 * contract's order whatever order the input objects had, and nothing else.
 */
export function formatJson(result: RunResult, _options?: ReporterOptions): string {
  return `${JSON.stringify(canonicalReport(result.report), null, 2)}\n`;
}

/** A copy of the report holding exactly the contract's keys, in the contract's order. */
export function canonicalReport(report: Report): Report {
  return {
    tool: report.tool,
    version: report.version,
    root: report.root,
    summary: canonicalSummary(report.summary),
    diagnostics: report.diagnostics.map(canonicalDiagnostic),
    ...(report.baseline === undefined ? {} : { baseline: canonicalBaseline(report.baseline) }),
    ...(report.changes === undefined ? {} : { changes: canonicalChanges(report.changes) }),
  };
}

/** The change comparison with the contract's keys, in the contract's order. */
export function canonicalChanges(changes: ChangeComparison): ChangeComparison {
  return {
    against: changes.against,
    staged: changes.staged,
    changed: [...changes.changed],
    existing: changes.existing,
  };
}

/** The baseline comparison with the contract's keys, in the contract's order. */
export function canonicalBaseline(baseline: BaselineComparison): BaselineComparison {
  return { file: baseline.file, known: baseline.known, fixed: baseline.fixed.map(canonicalBaselineFinding) };
}

function canonicalSummary(summary: RunSummary): RunSummary {
  return {
    files: summary.files,
    rules: summary.rules,
    errors: summary.errors,
    warnings: summary.warnings,
    infos: summary.infos,
    durationMs: summary.durationMs,
  };
}

/** One diagnostic with the contract's keys, in the contract's order. */
export function canonicalDiagnostic(d: Diagnostic): Diagnostic {
  return {
    ruleId: d.ruleId,
    messageId: d.messageId,
    severity: d.severity,
    message: d.message,
    file: d.file,
    line: d.line,
    column: d.column,
    endLine: d.endLine,
    endColumn: d.endColumn,
    ...(d.pointer === undefined ? {} : { pointer: d.pointer }),
    ...(d.related === undefined ? {} : { related: d.related.map(canonicalRelated) }),
    url: d.url,
  };
}

function canonicalRelated(r: RelatedLocation): RelatedLocation {
  return {
    file: r.file,
    line: r.line,
    column: r.column,
    ...(r.endLine === undefined ? {} : { endLine: r.endLine }),
    ...(r.endColumn === undefined ? {} : { endColumn: r.endColumn }),
    message: r.message,
  };
}
