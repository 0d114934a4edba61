import type { Diagnostic } from '../engine/diagnostic.js';
import { codeSpan } from '../generate/markdown-text.js';
import type { CheckStatus, GateResult } from './gate-report.js';

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

function findingItem(d: Diagnostic): string {
  const mark = d.severity === 'error' ? '❌' : d.severity === 'warning' ? '⚠️' : 'ℹ️';
  return `- ${mark} ${codeSpan(`${d.file}:${d.line}:${d.column}`)} ${markdownInline(d.message)} (${codeSpan(d.ruleId)})`;
}

/**
 * The gate report for a pull-request comment or `$GITHUB_STEP_SUMMARY`: a verdict line,
 * a table of checks, a collapsible section per check with its findings and the evidence it
 * used, and the version graph of the compatibility table. Paths are repo-relative.
 */
export function formatGateMarkdown(result: GateResult): string {
  const { report } = result;
  const out: string[] = [];
  const failing = report.checks.filter((c) => c.status === 'fail').map((c) => codeSpan(c.id));
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
  for (const check of report.checks) {
    const findings = check.diagnostics.length;
    const counts = `${findings} ${findings === 1 ? 'finding' : 'findings'}, ${check.evidence.length} evidence ${check.evidence.length === 1 ? 'file' : 'files'}`;
    out.push('<details>', `<summary><code>${check.id}</code>: ${STATUS[check.status]} (${counts})</summary>`, '');
    if (findings) out.push(...check.diagnostics.map(findingItem), '');
    if (check.evidence.length) {
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
  }
  out.push('#### Version graph', '', result.versionGraph.trimEnd());
  return `${out.join('\n')}\n`;
}
