import type { Diagnostic } from '../engine/diagnostic.js';
import { displayPath } from '../reporters/display-path.js';
import { baselineLines } from '../reporters/stylish.js';
import { type Paint, plain, printable, sgr } from '../reporters/terminal-text.js';
import { baselineIgnoredSentence, WAIVER_MARK } from './gate-notes.js';
import type { CheckStatus, GateResult } from './gate-report.js';

/** Options of the text format. */
export interface GateTextOptions {
  /** ANSI colours; the CLI decides from the TTY, `--no-color` and `NO_COLOR`. */
  color: boolean;
}

const MARK: Record<CheckStatus, string> = { pass: '✔', warn: '!', fail: '✖' };

/**
 * The gate report for a terminal: the verdict, a line per check, then each check's
 * findings and the evidence it used (file and the first 12 digits of its sha256).
 */
export function formatGateText(result: GateResult, options: GateTextOptions): string {
  const { report } = result;
  const paint = options.color
    ? {
        bold: sgr(1, 22),
        dim: sgr(2, 22),
        status: { pass: sgr(32, 39), warn: sgr(33, 39), fail: sgr(31, 39) } as Record<CheckStatus, Paint>,
      }
    : { bold: plain, dim: plain, status: { pass: plain, warn: plain, fail: plain } as Record<CheckStatus, Paint> };
  const out: string[] = [];
  const width = Math.max(...report.checks.map((c) => c.id.length));
  for (const check of report.checks) {
    out.push(
      `${paint.status[check.status](`${MARK[check.status]} ${check.id.padEnd(width)}`)}  ${printable(check.summary)}`,
    );
  }
  out.push('');
  for (const check of report.checks) {
    out.push(paint.bold(`${check.id} (${check.status})`));
    for (const d of check.diagnostics)
      out.push(`  ${findingLine(result.root, d, paint.status[d.severity === 'error' ? 'fail' : 'warn'])}`);
    for (const item of check.evidence) {
      const digest = item.sha256 ? `sha256:${item.sha256.slice(0, 12)}` : '';
      out.push(
        `  ${paint.dim('·')} ${printable(displayPath(result.root, item.file))}${digest ? `  ${paint.dim(digest)}` : ''}${item.detail ? `  ${printable(item.detail)}` : ''}`,
      );
    }
    if (!check.diagnostics.length && !check.evidence.length)
      out.push(`  ${paint.dim('no findings, no evidence files')}`);
    out.push('');
  }
  if (report.baseline)
    out.push(...baselineLines(result.root, report.baseline, paint), baselineIgnoredSentence(report.baseline), '');
  if (report.waivers) {
    out.push(paint.bold(`Waivers ${printable(report.waivers.file)}:`));
    for (const w of report.waivers.entries)
      out.push(
        `  ${WAIVER_MARK[w.status]} ${printable(w.rule)} ${printable(displayPath(result.root, w.file))}  ${w.status}, ${w.waived} waived, until ${w.expires}, ${printable(w.owner)}: ${printable(w.reason)}`,
      );
    out.push('');
  }
  const failing: string[] = report.checks.filter((c) => c.status === 'fail').map((c) => c.id);
  if (report.waivers?.entries.some((w) => w.status === 'expired')) failing.push('an expired waiver');
  const warned = report.checks.filter((c) => c.status === 'warn').map((c) => c.id);
  const profiles = report.profiles.length ? ` (profiles ${report.profiles.join(', ')})` : '';
  const verdict =
    report.verdict === 'ready'
      ? paint.status.pass(
          paint.bold(
            `✔ Release ${report.release} is ready${profiles}${warned.length ? `, with warnings from ${warned.join(', ')}` : ''}`,
          ),
        )
      : paint.status.fail(paint.bold(`✖ Release ${report.release} is blocked by ${failing.join(', ')}${profiles}`));
  out.push(verdict);
  return `${out.join('\n')}\n`;
}

function findingLine(root: string, d: Diagnostic, paint: Paint): string {
  return `${paint(d.severity)}  ${printable(displayPath(root, d.file))}:${d.line}:${d.column}  ${printable(d.message)}  (${printable(d.ruleId)})`;
}
