import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { runCheck } from '../../src/engine/run.js';
import { EXAMPLE_ROOT, exampleTree, resealEvidence } from '../support/atlas-tree.js';
import { beaconTree } from '../support/beacon-repo.js';
import { checkAll, EXAMPLE_TODAY } from '../support/check-atlas.js';

// The per-rule fixtures start from these trees, so each must be clean under every rule.
describe('Atlas fixtures', () => {
  it('examples/atlas on disk is clean under every rule', async () => {
    const result = await runCheck({ root: EXAMPLE_ROOT, rules: allRules, now: EXAMPLE_TODAY });
    expect(result.report.diagnostics.map((d) => `${d.ruleId} ${d.file}:${d.line}:${d.column} ${d.message}`)).toEqual(
      [],
    );
  });

  it('the in-memory copy of examples/atlas is clean, and resealing it changes nothing', async () => {
    const tree = exampleTree();
    expect(await checkAll(tree)).toEqual([]);
    expect(resealEvidence(tree)['ops/release/evidence/manifest.json']).toBe(tree['ops/release/evidence/manifest.json']);
  });

  it('the differently shaped beacon repository is clean', async () => {
    expect(await checkAll(beaconTree())).toEqual([]);
  });
});
