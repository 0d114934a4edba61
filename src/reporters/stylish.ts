import type { BaselineComparison, Diagnostic, RunResult, RunSummary, Severity } from '../engine/diagnostic.js';
import { codeFrame, SourceLines } from './code-frame.js';
import { displayPath } from './display-path.js';
import type { ReporterOptions } from './reporter.js';
import { countsByRule } from './rule-counts.js';
import { countOf, summaryLine } from './summary-line.js';
import { cellWidth, type Paint, plain, printable, sgr } from './terminal-text.js';

interface Palette {
  bold: Paint;
  dim: Paint;
  severity: Record<Severity, Paint>;
  summary: (summary: RunSummary) => Paint;
}

const red = sgr(31, 39);
const yellow = sgr(33, 39);
const blue = sgr(34, 39);
const green = sgr(32, 39);
const bold = sgr(1, 22);
const dim = sgr(2, 22);

const colourPalette: Palette = {
  bold,
  dim,
  severity: { error: red, warning: yellow, info: blue },
  summary: (summary) => {
    const colour = summary.errors > 0 ? red : summary.warnings > 0 ? yellow : summary.infos > 0 ? blue : green;
    return (text) => bold(colour(text));
  },
};

const plainPalette: Palette = {
  bold: plain,
  dim: plain,
  severity: { error: plain, warning: plain, info: plain },
  summary: () => plain,
};

/**
 * Human-readable report: findings grouped by file with aligned columns, a code
 * frame when the source is available, related locations, and a summary line.
 */
export function formatStylish(result: RunResult, options: ReporterOptions): string {
  const { report } = result;
  const paint = options.color ? colourPalette : plainPalette;
  const out: string[] = [];

  for (const [file, diagnostics] of groupByFile(report.diagnostics)) {
    out.push(paint.bold(printable(displayPath(report.root, file))));
    const text = result.source(file);
    const lines = text === undefined ? undefined : new SourceLines(text);

    const messages = diagnostics.map((d) => printable(d.message));
    const lineWidth = widest(diagnostics, (d) => String(d.line).length);
    const columnWidth = widest(diagnostics, (d) => String(d.column).length);
    const severityWidth = widest(diagnostics, (d) => d.severity.length);
    const messageWidth = widest(messages, cellWidth);
    let framed = false;

    diagnostics.forEach((d, index) => {
      // A blank line keeps a finding from reading as part of the previous one's frame.
      if (index > 0 && framed) out.push('');
      const message = messages[index]!;
      const position = `${String(d.line).padStart(lineWidth)}:${String(d.column).padEnd(columnWidth)}`;
      const severity = paint.severity[d.severity](d.severity) + ' '.repeat(severityWidth - d.severity.length);
      const messageCell = message + ' '.repeat(messageWidth - cellWidth(message));
      out.push(`  ${position}  ${severity}  ${messageCell}  ${paint.dim(printable(d.ruleId))}`);

      const frame = lines ? codeFrame(lines, d, { gutter: paint.dim, marker: paint.severity[d.severity] }) : [];
      out.push(...frame);
      framed = frame.length > 0;
      for (const related of d.related ?? []) {
        const where = `${displayPath(report.root, related.file)}:${related.line}:${related.column}`;
        out.push(`    ${paint.dim('↳')} ${printable(where)}  ${printable(related.message)}`);
      }
    });
    out.push('');
  }

  if (report.diagnostics.length) out.push(...ruleSummaryLines(report.diagnostics, paint), '');
  if (report.baseline) out.push(...baselineLines(report.root, report.baseline, paint));
  out.push(paint.summary(report.summary)(summaryLine(report.summary)));
  return `${out.join('\n')}\n`;
}

/** The summary by rule: one line per rule and severity with its count, errors first, most findings first. */
function ruleSummaryLines(diagnostics: readonly Diagnostic[], paint: Palette): string[] {
  const counts = countsByRule(diagnostics);
  const countWidth = widest(counts, (c) => String(c.diagnostics.length).length);
  const severityWidth = widest(counts, (c) => c.severity.length);
  return [
    paint.bold('Findings by rule:'),
    ...counts.map(
      (c) =>
        `  ${String(c.diagnostics.length).padStart(countWidth)}  ${paint.severity[c.severity](c.severity)}${' '.repeat(severityWidth - c.severity.length)}  ${printable(c.ruleId)}`,
    ),
  ];
}

/** What a baseline comparison adds: a line per finding fixed since the baseline, and how many known ones are not shown. */
export function baselineLines(
  root: string,
  baseline: BaselineComparison,
  paint: { bold: Paint; dim: Paint } = plainPalette,
): string[] {
  const lines: string[] = [];
  if (baseline.fixed.length) {
    lines.push(paint.bold(`Fixed since the baseline ${printable(baseline.file)}:`));
    for (const f of baseline.fixed) {
      const where =
        printable(displayPath(root, f.file)) +
        (f.pointer ? ` ${printable(f.pointer)}` : f.anchor ? `#${printable(f.anchor)}` : '');
      lines.push(`  ✔ ${where}  ${printable(f.message)}  ${paint.dim(printable(f.ruleId))}`);
    }
    lines.push('');
  }
  if (baseline.known)
    lines.push(
      paint.dim(`${countOf(baseline.known, 'known finding')} recorded in ${printable(baseline.file)} not shown`),
    );
  return lines;
}

/** Diagnostics by file, files in the order the report first mentions them. */
function groupByFile(diagnostics: readonly Diagnostic[]): Map<string, Diagnostic[]> {
  const groups = new Map<string, Diagnostic[]>();
  for (const diagnostic of diagnostics) {
    const group = groups.get(diagnostic.file);
    if (group) group.push(diagnostic);
    else groups.set(diagnostic.file, [diagnostic]);
  }
  return groups;
}

/** The largest width among items; a loop, because spreading 100 000 findings into `Math.max` overflows the stack. */
function widest<T>(items: readonly T[], width: (item: T) => number): number {
  let max = 0;
  for (const item of items) max = Math.max(max, width(item));
  return max;
}
