import type { RunResult, Severity } from '../engine/diagnostic.js';
import { displayPath } from './display-path.js';
import type { ReporterOptions } from './reporter.js';
import { bySeverity } from './rule-counts.js';
import { summaryLine } from './summary-line.js';
import { printable } from './terminal-text.js';

/** Workflow command for each severity. */
const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * A workflow command's message escaped as GitHub's runner expects (`%`, CR, LF), with
 * every other control character (ESC, BEL, so no colour, cursor move or OSC-8 link a
 * file smuggles in) shown as a visible character: the log is a terminal too.
 */
export function escapeCommandData(text: string): string {
  return text
    .split(/(\r|\n)/)
    .map((part, index) => (index % 2 === 1 ? part : printable(part)))
    .join('')
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A');
}

/** A workflow command's property value escaped: as data, plus `:` and `,`, which delimit properties. */
export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** How many findings `--format github` annotates unless told otherwise: GitHub shows only a handful per step. */
export const DEFAULT_MAX_ANNOTATIONS = 50;

/**
 * GitHub Actions annotations: one `::error`/`::warning`/`::notice` workflow command
 * per finding, errors first, at most `maxAnnotations` of them (related locations on
 * further lines of each message); a notice counting the findings left out and saying
 * where the full report is; then a plain summary line.
 */
export function formatGithub(result: RunResult, options?: ReporterOptions): string {
  const { report } = result;
  const limit = options?.maxAnnotations ?? DEFAULT_MAX_ANNOTATIONS;
  const shown = bySeverity(report.diagnostics).slice(0, limit);
  const out: string[] = [];
  for (const d of shown) {
    const properties = [
      `file=${escapeCommandProperty(displayPath(report.root, d.file))}`,
      `line=${d.line}`,
      `col=${d.column}`,
      `endLine=${d.endLine}`,
      `endColumn=${d.endColumn}`,
      `title=${escapeCommandProperty(d.ruleId)}`,
    ].join(',');
    const related = (d.related ?? []).map(
      (r) => `↳ ${displayPath(report.root, r.file)}:${r.line}:${r.column}  ${r.message}`,
    );
    out.push(`::${COMMAND[d.severity]} ${properties}::${escapeCommandData([d.message, ...related].join('\n'))}`);
  }
  const left = report.diagnostics.length - shown.length;
  if (left > 0) {
    const where = options?.fullReport
      ? `see \`${options.fullReport}\` for every finding`
      : 'run `surveyor check` for every finding';
    out.push(
      `::notice title=${escapeCommandProperty('surveyor')}::${escapeCommandData(`${left} more ${left === 1 ? 'finding' : 'findings'} not annotated (${shown.length} of ${report.diagnostics.length} shown, errors first): ${where}`)}`,
    );
  }
  out.push(summaryLine(report.summary));
  return `${out.join('\n')}\n`;
}
