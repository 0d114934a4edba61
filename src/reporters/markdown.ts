import type { Diagnostic, RunResult } from '../engine/diagnostic.js';
import { markdownInline } from '../gate/gate-markdown.js';
import { codeSpan } from '../generate/markdown-text.js';
import { fitMarkdown } from './markdown-fit.js';
import type { ReporterOptions } from './reporter.js';
import { countsByRule } from './rule-counts.js';
import { countOf, summaryLine } from './summary-line.js';

const MARK = { error: '❌', warning: '⚠️', info: 'ℹ️' } as const;

/** Findings listed per rule at each level of detail, most first; 0 lists none, `undefined` drops the table too. */
const LEVELS = [20, 10, 5, 3, 1, 0, undefined] as const;

/**
 * The check as a job summary (`$GITHUB_STEP_SUMMARY`) or a pull-request comment: a
 * heading with the totals, a table of counts by rule, and per rule a collapsible list of
 * its first findings. It never exceeds 65,536 characters: with many findings it lists
 * fewer per rule, then only the counts, and says where the full report is.
 */
export function formatMarkdown(result: RunResult, options?: ReporterOptions): string {
  return fitMarkdown(LEVELS, (perRule) => render(result, perRule, options?.fullReport)).text;
}

function render(result: RunResult, perRule: number | undefined, fullReport: string | undefined): string {
  const { report } = result;
  const { summary } = report;
  const problems = summary.errors + summary.warnings + summary.infos;
  const out: string[] = [
    problems === 0
      ? `### ✅ surveyor check: no problems`
      : `### ${summary.errors ? '❌' : '⚠️'} surveyor check: ${summaryLine(summary).replace(/^✖ /, '')}`,
    '',
  ];
  if (problems === 0) out.push(`${countOf(summary.files, 'file')} checked, ${countOf(summary.rules, 'rule')} run.`, '');
  const counts = countsByRule(report.diagnostics);
  const url = (d: Diagnostic) => docsLink(result.docsBaseUrl, d.url);
  if (counts.length && perRule !== undefined) {
    out.push('| Rule | Severity | Findings |', '| --- | --- | ---: |');
    for (const c of counts) {
      const link = url(c.diagnostics[0]!);
      const id = codeSpan(c.ruleId);
      out.push(`| ${link ? `[${id}](${link})` : id} | ${MARK[c.severity]} ${c.severity} | ${c.diagnostics.length} |`);
    }
    out.push('');
  } else if (counts.length) {
    out.push(
      `${countOf(counts.length, 'rule')} reported: ${counts.map((c) => `${codeSpan(c.ruleId)} ${c.diagnostics.length}`).join(', ')}.`,
      '',
    );
  }
  if (perRule)
    for (const c of counts) {
      const shown = c.diagnostics.slice(0, perRule);
      const left = c.diagnostics.length - shown.length;
      out.push(
        '<details>',
        `<summary><code>${escapeHtml(c.ruleId)}</code>: ${countOf(c.diagnostics.length, c.severity)}</summary>`,
        '',
        ...shown.map(
          (d) =>
            `- ${codeSpan(`${report.root === '.' ? '' : `${report.root}/`}${d.file}:${d.line}:${d.column}`)} ${markdownInline(d.message)}`,
        ),
        ...(left ? [`- …and ${left} more`] : []),
        '',
        '</details>',
        '',
      );
    }
  const listedAll = perRule !== undefined && counts.every((c) => c.diagnostics.length <= perRule);
  if (!listedAll && problems) {
    const what = perRule ? `the first ${countOf(perRule, 'finding')} of each rule` : 'the counts only';
    out.push(
      `This summary shows ${what}; ${fullReport ? `the full report is ${codeSpan(fullReport)}` : 'run `surveyor check` for every finding'}.`,
      '',
    );
  }
  if (report.baseline)
    out.push(
      `Baseline ${codeSpan(report.baseline.file)}: ${countOf(report.baseline.known, 'known finding')} not counted, ${report.baseline.fixed.length} fixed.`,
      '',
    );
  return `${out.join('\n').trimEnd()}\n`;
}

/** The absolute URL of a rule's docs page, or `undefined` when the base is not absolute. */
function docsLink(base: string, page: string): string | undefined {
  try {
    return new URL(page, new URL(base.endsWith('/') ? base : `${base}/`)).href;
  } catch {
    return undefined;
  }
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
