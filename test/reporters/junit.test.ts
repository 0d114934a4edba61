import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/engine/diagnostic.js';
import { escapeXmlAttribute, escapeXmlText, formatJunit } from '../../src/reporters/junit.js';
import { cleanRun, plainOptions, sampleDiagnostics, sampleRun } from './sample-run.js';

describe('formatJunit', () => {
  it('writes a suite per rule and a test case per finding', () => {
    expect(formatJunit(sampleRun(), plainOptions)).toMatchInlineSnapshot(`
      "<?xml version="1.0" encoding="UTF-8"?>
      <testsuites name="surveyor" tests="6" failures="3" errors="0" skipped="1" time="0.013">
        <testsuite name="contracts/docs-match-matrix" tests="1" failures="0" errors="0" skipped="1" time="0.000">
          <testcase classname="contracts/docs-match-matrix" name="docs/install.md" file="docs/install.md" line="3" time="0.000">
            <skipped message="1 warning"/>
            <system-out>warning: docs/install.md:3:1 Prose says profile \`perf\` runs suite \`perf\`, but the install matrix says \`perf-smoke\` → update the sentence</system-out>
          </testcase>
        </testsuite>
        <testsuite name="contracts/profile-suite-exists" tests="1" failures="1" errors="0" skipped="0" time="0.000">
          <testcase classname="contracts/profile-suite-exists" name="ops/k8s/install-matrix.json" file="ops/k8s/install-matrix.json" line="5" time="0.000">
            <failure type="error" message="Profile \`perf\` names suite \`perf-smoke\`, which no upgrade scenario defines: add it to \`ops/k8s/upgrade-scenarios.yaml\` or pick \`smoke\`">error: ops/k8s/install-matrix.json:5:16 Profile \`perf\` names suite \`perf-smoke\`, which no upgrade scenario defines: add it to \`ops/k8s/upgrade-scenarios.yaml\` or pick \`smoke\`
        related: ops/k8s/upgrade-scenarios.yaml:3:5 Suites are defined here: \`smoke\`, \`soak\`</failure>
          </testcase>
        </testsuite>
        <testsuite name="docs/no-dead-links" tests="1" failures="0" errors="0" skipped="0" time="0.000">
          <testcase classname="docs/no-dead-links" name="no findings" time="0.000"/>
        </testsuite>
        <testsuite name="docs/prefer-digest" tests="1" failures="0" errors="0" skipped="0" time="0.000">
          <testcase classname="docs/prefer-digest" name="docs/install.md" file="docs/install.md" line="6" time="0.000">
            <system-out>info: docs/install.md:6:35 Example pins \`image.tag=latest\`; prefer \`image.digest\` so installs are reproducible</system-out>
          </testcase>
        </testsuite>
        <testsuite name="evidence/digest-matches" tests="1" failures="1" errors="0" skipped="0" time="0.000">
          <testcase classname="evidence/digest-matches" name="release/evidence.json" file="release/evidence.json" line="12" time="0.000">
            <failure type="error" message="Evidence says \`sbom.spdx.json\` hashes to \`sha256:4f1c…\` but the file hashes to \`sha256:9b2e…\` — regenerate the evidence">error: release/evidence.json:12:17 Evidence says \`sbom.spdx.json\` hashes to \`sha256:4f1c…\` but the file hashes to \`sha256:9b2e…\` — regenerate the evidence</failure>
          </testcase>
        </testsuite>
        <testsuite name="schema/valid" tests="1" failures="1" errors="0" skipped="0" time="0.013">
          <testcase classname="schema/valid" name="ops/k8s/install-matrix.json" file="ops/k8s/install-matrix.json" line="6" time="0.013">
            <failure type="error" message="\`image.tag\` is \`latest\` but must match \`^v[0-9]+\`: pin a release tag">error: ops/k8s/install-matrix.json:6:25 \`image.tag\` is \`latest\` but must match \`^v[0-9]+\`: pin a release tag</failure>
          </testcase>
        </testsuite>
      </testsuites>
      "
    `);
  });

  it('passes every rule with a `no findings` case on a clean run', () => {
    expect(formatJunit(cleanRun(), plainOptions)).toMatchInlineSnapshot(`
      "<?xml version="1.0" encoding="UTF-8"?>
      <testsuites name="surveyor" tests="6" failures="0" errors="0" skipped="0" time="0.013">
        <testsuite name="contracts/docs-match-matrix" tests="1" failures="0" errors="0" skipped="0" time="0.000">
          <testcase classname="contracts/docs-match-matrix" name="no findings" time="0.000"/>
        </testsuite>
        <testsuite name="contracts/profile-suite-exists" tests="1" failures="0" errors="0" skipped="0" time="0.000">
          <testcase classname="contracts/profile-suite-exists" name="no findings" time="0.000"/>
        </testsuite>
        <testsuite name="docs/no-dead-links" tests="1" failures="0" errors="0" skipped="0" time="0.000">
          <testcase classname="docs/no-dead-links" name="no findings" time="0.000"/>
        </testsuite>
        <testsuite name="docs/prefer-digest" tests="1" failures="0" errors="0" skipped="0" time="0.000">
          <testcase classname="docs/prefer-digest" name="no findings" time="0.000"/>
        </testsuite>
        <testsuite name="evidence/digest-matches" tests="1" failures="0" errors="0" skipped="0" time="0.000">
          <testcase classname="evidence/digest-matches" name="no findings" time="0.000"/>
        </testsuite>
        <testsuite name="schema/valid" tests="1" failures="0" errors="0" skipped="0" time="0.013">
          <testcase classname="schema/valid" name="no findings" time="0.013"/>
        </testsuite>
      </testsuites>
      "
    `);
  });

  it('adds a suite for a rule that reported without being listed', () => {
    const stray: Diagnostic = { ...sampleDiagnostics()[4]!, ruleId: 'workspace/path-escapes-root' };
    const out = formatJunit(sampleRun([stray]), plainOptions);
    expect(out).toContain('<testsuites name="surveyor" tests="7" failures="1" errors="0" skipped="0" time="0.013">');
    expect(out).toMatch(
      /<testsuite name="workspace\/path-escapes-root" tests="1" failures="1" errors="0" skipped="0" time="0.000">\n {4}<testcase/,
    );
  });

  it('escapes markup and drops characters XML 1.0 forbids', () => {
    const nasty: Diagnostic = {
      ...sampleDiagnostics()[4]!,
      file: 'docs/<a&b>.md',
      message: 'Key `\u0000"x"\u0008` & \'y\' <z> are \ud800 not allowed\nsee \u001b[31mred',
    };
    const out = formatJunit(sampleRun([nasty]), plainOptions);
    expect(out).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff]/);
    expect(out).toContain('name="docs/&lt;a&amp;b&gt;.md" file="docs/&lt;a&amp;b&gt;.md" line="12"');
    expect(out).toContain(
      'message="Key `&quot;x&quot;` &amp; &apos;y&apos; &lt;z&gt; are  not allowed&#10;see [31mred"',
    );
    expect(out).toContain(
      '>error: docs/&lt;a&amp;b&gt;.md:12:17 Key `&quot;x&quot;` &amp; &apos;y&apos; &lt;z&gt; are  not allowed\nsee [31mred</failure>',
    );
  });
});

/** Elements of an XML text with their attributes, as a JUnit consumer walks them (the tests' own output has no comments or CDATA). */
function elements(xml: string): { name: string; attributes: Record<string, string>; depth: number }[] {
  const found: { name: string; attributes: Record<string, string>; depth: number }[] = [];
  const open: string[] = [];
  for (const match of xml.matchAll(/<(\/?)([\w-]+)((?:\s+[\w-]+="[^"]*")*)\s*(\/?)>/g)) {
    const [, closing, name, attributeText, selfClosing] = match as unknown as [string, string, string, string, string];
    if (closing) {
      expect(open.pop()).toBe(name);
      continue;
    }
    const attributes = Object.fromEntries(
      [...attributeText.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]),
    );
    found.push({ name, attributes, depth: open.length });
    if (!selfClosing) open.push(name);
  }
  expect(open).toEqual([]);
  return found;
}

describe('JUnit as its consumers read it', () => {
  it('has the attributes Jenkins, GitLab and the JUnit report actions use, and totals that add up', () => {
    const many = [
      ...sampleDiagnostics(),
      { ...sampleDiagnostics()[3]!, line: 9 },
      { ...sampleDiagnostics()[0]!, file: 'docs/b.md' },
    ];
    const tree = elements(formatJunit(sampleRun(many), plainOptions));
    const suites = tree.filter((e) => e.name === 'testsuite');
    const cases = tree.filter((e) => e.name === 'testcase');
    for (const testCase of cases) {
      expect(Object.keys(testCase.attributes)).toEqual(expect.arrayContaining(['classname', 'name', 'time']));
      expect(testCase.attributes.time).toMatch(/^\d+\.\d{3}$/);
      if (testCase.attributes.name !== 'no findings') {
        expect(testCase.attributes.file).toBe(testCase.attributes.name);
        expect(Number(testCase.attributes.line)).toBeGreaterThan(0);
      }
    }
    // One case per rule and file: the two schema/valid findings in one file are one case.
    expect(cases.filter((c) => c.attributes.classname === 'schema/valid')).toHaveLength(1);
    expect(cases.filter((c) => c.attributes.classname === 'contracts/docs-match-matrix')).toHaveLength(2);
    const root = tree[0]!;
    const sum = (key: string) => suites.reduce((n, s) => n + Number(s.attributes[key]), 0);
    for (const key of ['tests', 'failures', 'errors', 'skipped']) expect(Number(root.attributes[key])).toBe(sum(key));
    expect(Number(root.attributes.tests)).toBe(cases.length);
    expect(Number(root.attributes.failures)).toBe(tree.filter((e) => e.name === 'failure').length);
    expect(Number(root.attributes.skipped)).toBe(tree.filter((e) => e.name === 'skipped').length);
    // Warnings are skipped cases, never silent passes.
    expect(root.attributes.skipped).toBe('2');
  });
});

describe('XML escaping', () => {
  it('keeps tabs and line breaks in text but encodes them in attributes', () => {
    expect(escapeXmlText('a\tb\r\nc')).toBe('a\tb\r\nc');
    expect(escapeXmlAttribute('a\tb\r\nc')).toBe('a&#9;b&#13;&#10;c');
  });

  it('keeps characters outside the BMP and drops U+FFFE/U+FFFF and lone surrogates', () => {
    expect(escapeXmlText('ok 🚀 \ufffe\uffff \udc00 end')).toBe('ok 🚀   end');
  });
});
