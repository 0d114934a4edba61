import type { Diagnostic, RunResult } from '../engine/diagnostic.js';
import { displayPath } from './display-path.js';
import type { ReporterOptions } from './reporter.js';

/** Characters XML 1.0 does not allow at all, even escaped: most C0 controls, U+FFFE/U+FFFF and lone surrogates. */
const ILLEGAL_XML =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // Escaped in attributes so that attribute-value normalisation does not turn them into spaces.
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** Text escaped for XML element content: markup characters as entities, illegal characters dropped. */
export function escapeXmlText(text: string): string {
  return text.replace(ILLEGAL_XML, '').replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}

/** Text escaped for a double- or single-quoted XML attribute value, line breaks and tabs kept as character references. */
export function escapeXmlAttribute(text: string): string {
  return text.replace(ILLEGAL_XML, '').replace(/[&<>"'\t\n\r]/g, (char) => ENTITIES[char]!);
}

interface Suite {
  name: string;
  /** The rule's run time in seconds. */
  seconds: number;
  diagnostics: Diagnostic[];
}

/** One test case: a rule over one file, with every finding of that rule in it. */
interface Case {
  file: string;
  diagnostics: Diagnostic[];
}

/**
 * JUnit XML as CI test views read it (Jenkins, GitLab, Azure DevOps, the JUnit
 * actions of GitHub): one suite per rule, one test case per rule and file with the
 * `file` and `line` of its first finding. A case with an error fails, listing every
 * finding; a case with warnings only is `skipped` (shown, not passed silently) with the
 * warnings in `system-out`; infos alone pass with theirs in `system-out`. A rule
 * without findings passes one `no findings` case. `time` is the rule's run time,
 * shared evenly among its cases.
 */
export function formatJunit(result: RunResult, _options?: ReporterOptions): string {
  const { report } = result;
  const suites = suitesByRule(result).map((suite) => ({ suite, cases: casesOf(suite) }));
  const count = (predicate: (c: Case) => boolean) =>
    suites.reduce((sum, { cases }) => sum + cases.filter(predicate).length, 0);
  const tests = suites.reduce((sum, { cases }) => sum + Math.max(cases.length, 1), 0);
  const seconds = suites.reduce((sum, { suite }) => sum + suite.seconds, 0);
  const where = (file: string, line: number, column: number): string =>
    `${displayPath(report.root, file)}:${line}:${column}`;

  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="surveyor" tests="${tests}" failures="${count(failing)}" errors="0" skipped="${count(skipped)}" time="${time(seconds)}">`,
  ];
  for (const { suite, cases } of suites) {
    const name = escapeXmlAttribute(suite.name);
    const caseSeconds = suite.seconds / Math.max(cases.length, 1);
    out.push(
      `  <testsuite name="${name}" tests="${Math.max(cases.length, 1)}" failures="${cases.filter(failing).length}" errors="0" skipped="${cases.filter(skipped).length}" time="${time(suite.seconds)}">`,
    );
    if (cases.length === 0) {
      out.push(`    <testcase classname="${name}" name="no findings" time="${time(caseSeconds)}"/>`);
    }
    for (const testCase of cases) {
      const file = displayPath(report.root, testCase.file);
      const first = testCase.diagnostics[0]!;
      const text = (d: Diagnostic) =>
        [
          `${d.severity}: ${where(d.file, d.line, d.column)} ${d.message}`,
          ...(d.related ?? []).map((r) => `  related: ${where(r.file, r.line, r.column)} ${r.message}`),
        ].join('\n');
      const errors = testCase.diagnostics.filter((d) => d.severity === 'error');
      const others = testCase.diagnostics.filter((d) => d.severity !== 'error');
      out.push(
        `    <testcase classname="${name}" name="${escapeXmlAttribute(file)}" file="${escapeXmlAttribute(file)}" line="${first.line}" time="${time(caseSeconds)}">`,
      );
      if (errors.length) {
        const message = errors.length === 1 ? errors[0]!.message : `${errors.length} errors: ${errors[0]!.message}`;
        out.push(
          `      <failure type="error" message="${escapeXmlAttribute(message)}">${escapeXmlText(errors.map(text).join('\n'))}</failure>`,
        );
      } else if (others.some((d) => d.severity === 'warning')) {
        const warnings = others.filter((d) => d.severity === 'warning').length;
        out.push(`      <skipped message="${warnings} ${warnings === 1 ? 'warning' : 'warnings'}"/>`);
      }
      if (others.length) out.push(`      <system-out>${escapeXmlText(others.map(text).join('\n'))}</system-out>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

function failing(testCase: Case): boolean {
  return testCase.diagnostics.some((d) => d.severity === 'error');
}

function skipped(testCase: Case): boolean {
  return !failing(testCase) && testCase.diagnostics.some((d) => d.severity === 'warning');
}

/** Seconds with millisecond precision, as JUnit's `time` attribute holds them. */
function time(seconds: number): string {
  return seconds.toFixed(3);
}

/** A suite's findings grouped by file, files in the order of their first finding. */
function casesOf(suite: Suite): Case[] {
  const cases = new Map<string, Case>();
  for (const d of suite.diagnostics) {
    const found = cases.get(d.file);
    if (found) found.diagnostics.push(d);
    else cases.set(d.file, { file: d.file, diagnostics: [d] });
  }
  return [...cases.values()];
}

/** A suite per listed rule, in the run's rule order, then one per unlisted rule that reported. */
function suitesByRule(result: RunResult): Suite[] {
  const suites = new Map<string, Suite>();
  for (const rule of result.rules) {
    if (!suites.has(rule.id))
      suites.set(rule.id, { name: rule.id, seconds: (rule.durationMs ?? 0) / 1000, diagnostics: [] });
  }
  for (const d of result.report.diagnostics) {
    const suite = suites.get(d.ruleId);
    if (suite) suite.diagnostics.push(d);
    else suites.set(d.ruleId, { name: d.ruleId, seconds: 0, diagnostics: [d] });
  }
  return [...suites.values()];
}
