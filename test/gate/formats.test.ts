import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { baselineOf } from '../../src/baseline/baseline-file.js';
import { runCheck } from '../../src/engine/run.js';
import { formatGateMarkdown } from '../../src/gate/gate-markdown.js';
import { formatGateText } from '../../src/gate/gate-text.js';
import { MemorySource } from '../../src/workspace/file-source.js';
import { editJson, editText, positionOf } from '../support/atlas-tree.js';
import { gateTree, releaseTree, TODAY } from './gate-fixtures.js';

/** The release fixture whose readiness score calls itself ready with a failing input: debt a baseline can record. */
function readyWithFailingInput() {
  return editJson(
    releaseTree(),
    'ops/report/generated/readiness-score.json',
    (score) => (score.inputs.sbom_coverage = 'fail'),
  );
}

/** The release fixture with a duplicate key in a scenario file: debt of `check`, which a baseline may hide. */
function withDuplicateKey() {
  return editText(
    releaseTree(),
    'ops/e2e/scenarios/upgrade/upgrade-minor.json',
    '"schema_version": 1,',
    '"schema_version": 1,\n  "schema_version": 1,',
  );
}

async function baselineOfTree(tree: ReturnType<typeof releaseTree>) {
  const checked = await runCheck({ source: new MemorySource(tree), rules: allRules, now: TODAY });
  return {
    checked,
    baseline: {
      file: 'surveyor-baseline.json',
      baseline: baselineOf(checked.report.diagnostics, checked.headingAnchors),
    },
  };
}

describe('the gate formats with a baseline', () => {
  it('do not block on known debt of `check`, list it once it is fixed, and say the baseline was ignored for the rest', async () => {
    const tree = withDuplicateKey();
    const { checked, baseline } = await baselineOfTree(tree);
    expect(checked.report.diagnostics.map((d) => d.ruleId)).toEqual(['json/duplicate-key']);

    const known = await gateTree(tree, { baseline });
    expect(known.report.verdict).toBe('ready');
    expect(known.report.baseline).toEqual({
      file: 'surveyor-baseline.json',
      known: 1,
      fixed: [],
      ignoredFor: ['identity', 'evidence', 'scenarios', 'matrix', 'readiness'],
      ignored: 0,
    });

    const fixed = await gateTree(releaseTree(), { baseline });
    expect(fixed.report.verdict).toBe('ready');
    expect(fixed.report.baseline?.fixed.map((f) => [f.ruleId, f.file, f.pointer])).toEqual([
      ['json/duplicate-key', 'ops/e2e/scenarios/upgrade/upgrade-minor.json', '/schema_version'],
    ]);

    const markdown = formatGateMarkdown(fixed);
    expect(markdown).toContain(
      'Baseline `surveyor-baseline.json`: 0 known findings not counted, 1 fixed.\n\n- ✔ `ops/e2e/scenarios/upgrade/upgrade-minor.json` Unexpected duplicate key `schema_version`: only this last value counts, remove one of them (`json/duplicate-key`)\n',
    );
    expect(markdown).toContain(
      'The baseline was ignored for `identity`, `evidence`, `scenarios`, `matrix`, `readiness`, which decide readiness and are never waived by a baseline.',
    );
    const text = formatGateText(fixed, { color: false }).split('\n');
    expect(text).toContain('Fixed since the baseline surveyor-baseline.json:');
    expect(text).toContain(
      '  ✔ ops/e2e/scenarios/upgrade/upgrade-minor.json /schema_version  Unexpected duplicate key `schema_version`: only this last value counts, remove one of them  json/duplicate-key',
    );
  });

  it('never waive a release blocker the baseline records', async () => {
    const tree = readyWithFailingInput();
    const { baseline } = await baselineOfTree(tree);
    const { report } = await gateTree(tree, { baseline });
    expect(report.verdict).toBe('blocked');
    expect(report.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['readiness']);
    expect(report.baseline).toMatchObject({ known: 0, ignored: 1 });
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
      messageId: 'invalid',
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
