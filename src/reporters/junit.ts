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
  diagnostics: Diagnostic[];
}

/**
 * JUnit XML for CI test views: one suite per rule, one test case per finding;
 * errors fail, warnings and infos pass with their text in `<system-out>`, and a
 * rule without findings passes one `no findings` case.
 */
export function formatJunit(result: RunResult, _options?: ReporterOptions): string {
  const { report } = result;
  const suites = suitesByRule(result);
  const tests = suites.reduce((sum, suite) => sum + Math.max(suite.diagnostics.length, 1), 0);
  const failures = report.diagnostics.filter((d) => d.severity === 'error').length;
  const where = (file: string, line: number, column: number): string =>
    `${displayPath(report.root, file)}:${line}:${column}`;

  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="surveyor" tests="${tests}" failures="${failures}">`,
  ];
  for (const suite of suites) {
    const name = escapeXmlAttribute(suite.name);
    const suiteFailures = suite.diagnostics.filter((d) => d.severity === 'error').length;
    out.push(
      `  <testsuite name="${name}" tests="${Math.max(suite.diagnostics.length, 1)}" failures="${suiteFailures}">`,
    );
    if (suite.diagnostics.length === 0) {
      out.push(`    <testcase classname="${name}" name="no findings"/>`);
    }
    for (const d of suite.diagnostics) {
      const location = where(d.file, d.line, d.column);
      const related = (d.related ?? []).map((r) => `related: ${where(r.file, r.line, r.column)} ${r.message}`);
      const body = escapeXmlText([location, d.message, ...related].join('\n'));
      out.push(`    <testcase classname="${name}" name="${escapeXmlAttribute(location)}">`);
      if (d.severity === 'error') {
        out.push(`      <failure type="error" message="${escapeXmlAttribute(d.message)}">${body}</failure>`);
      } else {
        out.push(`      <system-out>${escapeXmlText(`${d.severity}: `)}${body}</system-out>`);
      }
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

/** A suite per listed rule, in the run's rule order, then one per unlisted rule that reported. */
function suitesByRule(result: RunResult): Suite[] {
  const suites = new Map<string, Suite>();
  for (const rule of result.rules) {
    if (!suites.has(rule.id)) suites.set(rule.id, { name: rule.id, diagnostics: [] });
  }
  for (const d of result.report.diagnostics) {
    const suite = suites.get(d.ruleId);
    if (suite) suite.diagnostics.push(d);
    else suites.set(d.ruleId, { name: d.ruleId, diagnostics: [d] });
  }
  return [...suites.values()];
}
