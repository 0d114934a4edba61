import type { Html, Root, Table } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import type { Diagnostic, RunResult } from '../../src/engine/diagnostic.js';
import { formatMarkdown } from '../../src/reporters/markdown.js';
import { fitMarkdown, MARKDOWN_LIMIT } from '../../src/reporters/markdown-fit.js';
import { cleanRun, plainOptions, reportOf, sampleRun } from './sample-run.js';

/** How GitHub reads the summary: GFM, tables and raw HTML blocks. */
function parse(markdown: string): Root {
  return unified().use(remarkParse).use(remarkGfm).parse(markdown) as Root;
}

/** A run shaped like the real repository of the issue: 940 findings over 36 rules with long messages. */
function largeRun(findings = 940, rules = 36): RunResult {
  const diagnostics: Diagnostic[] = Array.from({ length: findings }, (_, i) => {
    const rule = `group${i % rules}/rule-${i % rules}`;
    return {
      ruleId: rule,
      messageId: 'finding',
      severity: (i % rules) % 5 === 0 ? 'warning' : 'error',
      message: `Value \`${'x'.repeat(40)}\` at item ${i} does not match the schema of \`ops/k8s/charts/atlas/values.schema.json\`: ${'fix it '.repeat(12)}`,
      file: `ops/contracts/file-${i}.json`,
      line: i + 1,
      column: 3,
      endLine: i + 1,
      endColumn: 9,
      url: `docs/rules/${rule}.md`,
    };
  });
  return { ...sampleRun(), report: reportOf(diagnostics) };
}

describe('formatMarkdown (check job summary)', () => {
  it('lists counts by rule and every finding of a small run', () => {
    const out = formatMarkdown(sampleRun(), plainOptions);
    expect(out).toMatchInlineSnapshot(`
      "### ❌ surveyor check: 5 problems (3 errors, 1 warning, 1 info), 14 files checked

      | Rule | Severity | Findings |
      | --- | --- | ---: |
      | [\`contracts/profile-suite-exists\`](https://github.com/atlas-org/surveyor/blob/v0.1.0/docs/rules/contracts/profile-suite-exists.md) | ❌ error | 1 |
      | [\`evidence/digest-matches\`](https://github.com/atlas-org/surveyor/blob/v0.1.0/docs/rules/evidence/digest-matches.md) | ❌ error | 1 |
      | [\`schema/valid\`](https://github.com/atlas-org/surveyor/blob/v0.1.0/docs/rules/schema/valid.md) | ❌ error | 1 |
      | [\`contracts/docs-match-matrix\`](https://github.com/atlas-org/surveyor/blob/v0.1.0/docs/rules/contracts/docs-match-matrix.md) | ⚠️ warning | 1 |
      | [\`docs/prefer-digest\`](https://github.com/atlas-org/surveyor/blob/v0.1.0/docs/rules/docs/prefer-digest.md) | ℹ️ info | 1 |

      <details>
      <summary><code>contracts/profile-suite-exists</code>: 1 error</summary>

      - \`ops/k8s/install-matrix.json:5:16\` Profile \`perf\` names suite \`perf-smoke\`, which no upgrade scenario defines: add it to \`ops/k8s/upgrade-scenarios.yaml\` or pick \`smoke\`

      </details>

      <details>
      <summary><code>evidence/digest-matches</code>: 1 error</summary>

      - \`release/evidence.json:12:17\` Evidence says \`sbom.spdx.json\` hashes to \`sha256:4f1c…\` but the file hashes to \`sha256:9b2e…\` — regenerate the evidence

      </details>

      <details>
      <summary><code>schema/valid</code>: 1 error</summary>

      - \`ops/k8s/install-matrix.json:6:25\` \`image.tag\` is \`latest\` but must match \`^v[0-9]+\`: pin a release tag

      </details>

      <details>
      <summary><code>contracts/docs-match-matrix</code>: 1 warning</summary>

      - \`docs/install.md:3:1\` Prose says profile \`perf\` runs suite \`perf\`, but the install matrix says \`perf-smoke\` → update the sentence

      </details>

      <details>
      <summary><code>docs/prefer-digest</code>: 1 info</summary>

      - \`docs/install.md:6:35\` Example pins \`image.tag=latest\`; prefer \`image.digest\` so installs are reproducible

      </details>
      "
    `);
    expect(formatMarkdown(cleanRun(), plainOptions)).toBe(
      '### ✅ surveyor check: no problems\n\n14 files checked, 6 rules run.\n',
    );
  });

  it.each([
    [940, 36],
    [5_000, 36],
    [30_000, 400],
  ])('fits %i findings over %i rules in 65,536 characters and says where the full report is', (findings, rules) => {
    const run = largeRun(findings, rules);
    const out = formatMarkdown(run, { ...plainOptions, fullReport: 'reports/surveyor.sarif' });
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    expect(out).toContain('the full report is `reports/surveyor.sarif`');
    const tree = parse(out);
    const table = tree.children.find((node): node is Table => node.type === 'table');
    if (rules <= 36) {
      // Every rule keeps its row; only the lists of findings get shorter.
      expect(table?.children).toHaveLength(rules + 1);
      const html = tree.children.filter((node): node is Html => node.type === 'html').map((node) => node.value);
      expect(html.filter((v) => v.startsWith('<details>'))).toHaveLength(rules);
      expect(html.filter((v) => v === '</details>')).toHaveLength(rules);
    }
    expect(out).toContain(`${findings} problems`);
  });

  it('without a report file, says how to see every finding', () => {
    expect(formatMarkdown(largeRun(), plainOptions)).toContain('run `surveyor check` for every finding');
  });

  it('keeps file content from injecting HTML', () => {
    const run = sampleRun();
    run.report.diagnostics[0]!.message = 'Heading <script>alert(1)</script> | pipe';
    const out = formatMarkdown(run, plainOptions);
    expect(out).not.toContain('<script>');
    expect(out).toContain('&lt;script&gt;');
  });
});

describe('fitMarkdown', () => {
  it('takes the most detailed level that fits, and cuts the least detailed at a line when none does', () => {
    expect(fitMarkdown([3, 2, 1], (n) => `${'x'.repeat(n * 10)}\n`, 25)).toEqual({
      text: `${'x'.repeat(20)}\n`,
      level: 2,
    });
    const cut = fitMarkdown([1], () => 'a\n'.repeat(100), 120);
    expect(Buffer.byteLength(cut.text)).toBeLessThanOrEqual(120);
    expect(cut.text).toMatch(/^(a\n)+\n…cut here/);
  });
});
