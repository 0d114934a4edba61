import { describe, expect, it } from 'vitest';
import { exampleTree, type Tree } from '../support/atlas-tree.js';
import { beaconTree } from '../support/beacon-repo.js';
import { runDifferential } from '../support/differential.js';

// `npm run differential` runs a long sequence on the whole example; these set it up.
const STEPS = Number(process.env.SURVEYOR_DIFFERENTIAL_STEPS ?? 300);
const SEED = Number(process.env.SURVEYOR_DIFFERENTIAL_SEED ?? 20261129);
const BASE = process.env.SURVEYOR_DIFFERENTIAL_BASE ?? 'small';

/**
 * A small repository with every kind of input the cache keys on, cheap enough to check
 * twice per step: the beacon repository (gzipped evidence tarball, config, chart outside
 * `ops/`), two repository schemas mapped by the config, and three docs pages with a
 * Mermaid block, links, backticked paths and a nav.
 */
function smallTree(): Tree {
  const example = exampleTree();
  const tree = beaconTree();
  const config = JSON.parse(tree['surveyor.config.json'] as string) as Record<string, unknown>;
  config.schemas = {
    map: [{ instances: ['ops/k8s/install-matrix.json'], schema: 'ops/schema/k8s/install-matrix.schema.json' }],
  };
  tree['surveyor.config.json'] = `${JSON.stringify(config, null, 2)}\n`;
  for (const file of [
    'ops/schema/k8s/install-matrix.schema.json',
    'ops/schema/common/defs.schema.json',
    'mkdocs.yml',
    'docs/index.md',
    'docs/release/readiness.md',
    'docs/drafts/helm-values-layering.md',
  ])
    tree[file] = example[file]!;
  return tree;
}

describe('the cache never changes a verdict', () => {
  it(`gives the report of an uncached run after each of ${STEPS} random edits (seed ${SEED}, ${BASE} repository)`, async () => {
    const tree = BASE === 'example' ? exampleTree() : smallTree();
    const outcome = await runDifferential({ tree, now: new Date('2026-11-27T00:00:00Z') }, SEED, STEPS);
    if (outcome.mismatch) {
      const { step, labels, cached, uncached } = outcome.mismatch;
      expect(cached, `step ${step} after: ${labels.join(' → ')}`).toBe(uncached);
    }
    expect(outcome.steps).toBe(STEPS);
  }, 3_600_000);
});
