import type { Diagnostic } from '../engine/diagnostic.js';
import { codeSpan } from '../generate/markdown-text.js';
import { fitMarkdown } from '../reporters/markdown-fit.js';
import { baselineIgnoredSentence, WAIVER_MARK } from './gate-notes.js';
import type { CheckStatus, GateResult, GateSignals } from './gate-report.js';

const STATUS: Record<CheckStatus, string> = { pass: '✅ pass', warn: '⚠️ warn', fail: '❌ fail' };

/**
 * Markdown text made safe for a table cell or a list item: code spans kept as written,
 * `<`, `>` and `&` outside them escaped so file content cannot inject HTML, pipes escaped
 * everywhere (GitHub splits cells on them even inside code), line breaks turned into spaces.
 */
export function markdownInline(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .split(/(`+[^`]*`+)/)
    .map((part, index) =>
      index % 2 === 1 ? part : part.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
    )
    .join('')
    .replace(/\|/g, '\\|');
}

function signalValue(value: number | undefined, unit: string): string {
  if (value === undefined) return '—';
  const text = String(Number(value.toPrecision(6)));
  return unit === 'percent' ? `${text} %` : unit === 'ratio' || unit === '' ? text : `${text} ${unit}`;
}

/** The live signals: each SLO as measured, and (with the evidence) every query with the sha256 of its answer. */
function signalsSection(signals: GateSignals, withQueries: boolean): string[] {
  const out = [
    '#### Live signals',
    '',
    `Asked of ${codeSpan(signals.source)} at ${codeSpan(signals.at)} over ${codeSpan(signals.window)}.`,
    '',
  ];
  if (signals.slos.length) {
    out.push('| SLO | Query | Value | Objective | Status |', '| --- | --- | --- | --- | --- |');
    for (const slo of signals.slos)
      out.push(
        `| ${codeSpan(slo.id)} | ${codeSpan(slo.query)} | ${signalValue(slo.value, slo.unit)} | ${slo.direction === 'floor' ? '≥' : '≤'} ${signalValue(slo.objective, slo.unit)} | ${STATUS[slo.status === 'pass' ? 'pass' : 'fail']} |`,
      );
    out.push('');
  }
  if (withQueries) {
    out.push('| Signal | Query | Answer | sha256 |', '| --- | --- | --- | --- |');
    for (const q of signals.queries)
      out.push(
        `| ${markdownInline(q.purpose)} | ${codeSpan(q.query)} | ${q.error ? markdownInline(q.error) : `HTTP ${q.httpStatus}`} | ${codeSpan(q.sha256)} |`,
      );
    out.push('');
  }
  return out;
}

function findingItem(d: Diagnostic): string {
  const mark = d.severity === 'error' ? '❌' : d.severity === 'warning' ? '⚠️' : 'ℹ️';
  return `- ${mark} ${codeSpan(`${d.file}:${d.line}:${d.column}`)} ${markdownInline(d.message)} (${codeSpan(d.ruleId)})`;
}

/** How much of each check's detail the Markdown report holds. */
interface Detail {
  /** Findings listed per check; `undefined` for all, 0 for none. */
  findings?: number;
  evidence: boolean;
  details: boolean;
}

/** From everything down to the table of checks: the first that fits 65,536 characters is written. */
const DETAIL_LEVELS: readonly Detail[] = [
  { evidence: true, details: true },
  { findings: 50, evidence: false, details: true },
  { findings: 10, evidence: false, details: true },
  { findings: 3, evidence: false, details: true },
  { findings: 0, evidence: false, details: false },
];

/**
 * The gate report for a pull-request comment or `$GITHUB_STEP_SUMMARY`: a verdict line,
 * a table of checks, a collapsible section per check with its findings and the evidence it
 * used, and the version graph of the compatibility table. Paths are repo-relative. It
 * never exceeds 65,536 characters: a long report drops the evidence tables, then lists
 * fewer findings per check, and says where the full report is (`fullReport`).
 */
export function formatGateMarkdown(result: GateResult, options: { fullReport?: string } = {}): string {
  return fitMarkdown(DETAIL_LEVELS, (detail) => renderGateMarkdown(result, detail, options.fullReport)).text;
}

function renderGateMarkdown(result: GateResult, detail: Detail, fullReport: string | undefined): string {
  const { report } = result;
  const out: string[] = [];
  const failing = report.checks.filter((c) => c.status === 'fail').map((c) => codeSpan(c.id));
  if (report.waivers?.entries.some((w) => w.status === 'expired')) failing.push('an expired waiver');
  out.push(
    report.verdict === 'ready'
      ? `### ✅ Release ${codeSpan(report.release)} is ready`
      : `### ❌ Release ${codeSpan(report.release)} is blocked by ${failing.join(', ')}`,
    '',
    report.profiles.length ? `Release profiles: ${report.profiles.map(codeSpan).join(', ')}.` : 'No release profiles.',
    '',
    '| Check | Status | Summary |',
    '| --- | --- | --- |',
  );
  for (const check of report.checks)
    out.push(`| ${codeSpan(check.id)} | ${STATUS[check.status]} | ${markdownInline(check.summary)} |`);
  out.push('');
  for (const check of detail.details ? report.checks : []) {
    const findings = check.diagnostics.length;
    const counts = `${findings} ${findings === 1 ? 'finding' : 'findings'}, ${check.evidence.length} evidence ${check.evidence.length === 1 ? 'file' : 'files'}`;
    out.push('<details>', `<summary><code>${check.id}</code>: ${STATUS[check.status]} (${counts})</summary>`, '');
    const listed = check.diagnostics.slice(0, detail.findings);
    if (listed.length) out.push(...listed.map(findingItem));
    if (findings > listed.length) out.push(`- …and ${findings - listed.length} more`);
    if (findings) out.push('');
    if (check.evidence.length && detail.evidence) {
      out.push('| File | sha256 | Detail |', '| --- | --- | --- |');
      for (const item of check.evidence)
        out.push(
          `| ${codeSpan(item.file)} | ${item.sha256 ? codeSpan(item.sha256) : '—'} | ${item.detail ? markdownInline(item.detail) : ''} |`,
        );
      out.push('');
    }
    if (!findings && !check.evidence.length) out.push('No findings and no evidence files.', '');
    out.push('</details>', '');
  }
  if (report.baseline) {
    const { baseline } = report;
    out.push(
      `Baseline ${codeSpan(baseline.file)}: ${baseline.known} known ${baseline.known === 1 ? 'finding' : 'findings'} not counted, ${baseline.fixed.length} fixed.`,
      '',
    );
    for (const f of baseline.fixed)
      out.push(`- ✔ ${codeSpan(f.file)} ${markdownInline(f.message)} (${codeSpan(f.ruleId)})`);
    if (baseline.fixed.length) out.push('');
    out.push(`${baselineIgnoredSentence(baseline)}`, '');
  }
  if (report.waivers) {
    out.push(`Waivers ${codeSpan(report.waivers.file)}:`, '');
    out.push(
      '| Rule | File | Status | Waived | Expires | Owner | Reason |',
      '| --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const w of report.waivers.entries)
      out.push(
        `| ${codeSpan(w.rule)} | ${codeSpan(w.file)} | ${WAIVER_MARK[w.status]} ${w.status} | ${w.waived} | ${w.expires} | ${markdownInline(w.owner)} | ${markdownInline(w.reason)} |`,
      );
    out.push('');
  }
  if (!detail.evidence) {
    const left = detail.details ? 'the evidence tables and some findings' : 'the findings and evidence of each check';
    out.push(
      `This report leaves out ${left} to fit in a comment; ${fullReport ? `the full report is ${codeSpan(fullReport)}` : 'run `surveyor gate` for all of it'}.`,
      '',
    );
  }
  if (report.signals) out.push(...signalsSection(report.signals, detail.evidence));
  out.push('#### Version graph', '', result.versionGraph.trimEnd());
  return `${out.join('\n')}\n`;
}
