import { formatGateMarkdown } from './gate-markdown.js';
import type { GateResult } from './gate-report.js';

/** The comment that opens the README's generated gate report. */
export const GATE_REPORT_BEGIN = '<!-- gate-report:begin -->';
/** The comment that closes it. */
export const GATE_REPORT_END = '<!-- gate-report:end -->';

/**
 * The README with the markdown gate report between its `gate-report` markers, replaced
 * whole; throws when the markers are missing, so the report cannot silently vanish.
 */
export function withGateReport(readme: string, result: GateResult): string {
  const begin = readme.indexOf(GATE_REPORT_BEGIN);
  const end = readme.indexOf(GATE_REPORT_END);
  if (begin === -1 || end < begin)
    throw new Error(`README.md has no \`${GATE_REPORT_BEGIN}\` … \`${GATE_REPORT_END}\` region for the gate report`);
  return `${readme.slice(0, begin + GATE_REPORT_BEGIN.length)}\n\n${formatGateMarkdown(result)}\n${readme.slice(end)}`;
}
