import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { baselineOf } from '../../src/baseline/baseline-file.js';
import { runCheck } from '../../src/engine/run.js';
import { formatGateMarkdown } from '../../src/gate/gate-markdown.js';
import { formatGateText } from '../../src/gate/gate-text.js';
import { MemorySource } from '../../src/workspace/file-source.js';
import { editJson, positionOf } from '../support/atlas-tree.js';
import { gateTree, releaseTree, TODAY } from './gate-fixtures.js';

/** The release fixture whose readiness score calls itself ready with a failing input: debt a baseline can record. */
function readyWithFailingInput() {
  return editJson(
    releaseTree(),
    'ops/report/generated/readiness-score.json',
    (score) => (score.inputs.sbom_coverage = 'fail'),
  );
}

describe('the gate formats with a baseline', () => {
  it('do not block on a known finding, and list it once it is fixed', async () => {
    const tree = readyWithFailingInput();
    const checked = await runCheck({ source: new MemorySource(tree), rules: allRules, now: TODAY });
    expect(checked.report.diagnostics.map((d) => d.ruleId)).toEqual(['readiness/consistent']);
    const baseline = {
      file: 'surveyor-baseline.json',
      baseline: baselineOf(checked.report.diagnostics, checked.source),
    };

    const known = await gateTree(tree, { baseline });
    expect(known.report.verdict).toBe('ready');
    expect(known.report.baseline).toEqual({ file: 'surveyor-baseline.json', known: 1, fixed: [] });

    const fixed = await gateTree(releaseTree(), { baseline });
    expect(fixed.report.verdict).toBe('ready');
    expect(fixed.report.baseline?.fixed.map((f) => [f.ruleId, f.file, f.pointer])).toEqual([
      ['readiness/consistent', 'ops/report/generated/readiness-score.json', '/inputs/sbom_coverage'],
    ]);

    const markdown = formatGateMarkdown(fixed);
    expect(markdown).toContain(
      'Baseline `surveyor-baseline.json`: 0 known findings not counted, 1 fixed.\n\n- ✔ `ops/report/generated/readiness-score.json` `status` is `ready` but input `sbom_coverage` is `fail`: a ready verdict needs every input `pass`, `none` or `ok` (`readiness/consistent`)\n',
    );
    const text = formatGateText(fixed, { color: false }).split('\n');
    expect(text).toContain('Fixed since the baseline surveyor-baseline.json:');
    expect(text).toContain(
      '  ✔ ops/report/generated/readiness-score.json /inputs/sbom_coverage  `status` is `ready` but input `sbom_coverage` is `fail`: a ready verdict needs every input `pass`, `none` or `ok`  readiness/consistent',
    );
  });

  it('text lists each failing finding under its check with its place, and ends with the verdict', async () => {
    const tree = readyWithFailingInput();
    const at = positionOf(tree, 'ops/report/generated/readiness-score.json', '"sbom_coverage": "fail"', '"fail"');
    const blocked = await gateTree(tree);
    const text = formatGateText(blocked, { color: false }).split('\n');
    expect(text.at(-2)).toBe('✖ Release 1.4.0 is blocked by readiness (profiles prod-ha, prod-single-zone)');
    const heading = text.indexOf('readiness (fail)');
    expect(text[heading + 1]).toBe(
      `  error  ops/report/generated/readiness-score.json:${at.line}:${at.column}  \`status\` is \`ready\` but input \`sbom_coverage\` is \`fail\`: a ready verdict needs every input \`pass\`, \`none\` or \`ok\`  (readiness/consistent)`,
    );
    expect(text[heading + 2]).toMatch(
      /^ {2}· ops\/release\/evidence\/manifest\.json {2}sha256:[0-9a-f]{12} {2}what the readiness score was computed from$/,
    );
  });
});

describe('the gate markdown report', () => {
  it('fits 65,536 characters however many findings, and says where the full report is', async () => {
    const result = await gateTree(releaseTree());
    const full = formatGateMarkdown(result);
    const check = result.report.checks[0]!;
    check.status = 'fail';
    result.report.verdict = 'blocked';
    check.diagnostics = Array.from({ length: 3000 }, (_, i) => ({
      ruleId: 'schema/valid',
      severity: 'error' as const,
      message: `Value at item ${i} does not match its schema: ${'fix it '.repeat(10)}`,
      file: `ops/contracts/file-${i}.json`,
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 2,
      url: 'docs/rules/schema/valid.md',
    }));
    const out = formatGateMarkdown(result, { fullReport: 'reports/gate.json' });
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(65_536);
    expect(out).toContain('the full report is `reports/gate.json`');
    expect(out).toContain('| `check` | ❌ fail |');
    expect(out).toContain('#### Version graph');
    expect(out.match(/<details>/g)?.length).toBe(out.match(/<\/details>/g)?.length);
    // A small report keeps everything and adds no note.
    expect(full).not.toContain('leaves out');
  });
});
