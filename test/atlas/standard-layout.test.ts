import { describe, expect, it } from 'vitest';
import { openSession } from '../../src/engine/run.js';
import { MemorySource } from '../../src/workspace/file-source.js';
import { editText, exampleTree, positionOf, resealEvidence, type Tree } from '../support/atlas-tree.js';
import { checkAll, finding } from '../support/check-atlas.js';

/** The example with its chart folder renamed, every path that names it rewritten and the evidence resealed. */
function renamedChart(name: string): Tree {
  const renamed: Tree = {};
  for (const [file, content] of Object.entries(exampleTree())) {
    const path = file.replace('ops/k8s/charts/atlas/', `ops/k8s/charts/${name}/`);
    renamed[path] =
      typeof content === 'string' ? content.replaceAll('ops/k8s/charts/atlas/', `ops/k8s/charts/${name}/`) : content;
  }
  return resealEvidence(renamed);
}

describe('the standard layout with no configuration', () => {
  it('finds the chart by its own name, and every rule runs on it', async () => {
    const tree = renamedChart('atlas-server');
    const { config } = await openSession({ source: new MemorySource(tree) });
    expect(config.atlas.chart).toBe('ops/k8s/charts/atlas-server');
    expect(await checkAll(tree)).toEqual([]);
    // A rollout defect in the renamed chart's defaults is still found: the rollout rules did not fall silent.
    const values = 'ops/k8s/charts/atlas-server/values.yaml';
    const broken = resealEvidence(editText(tree, values, '  readinessProbePath: /readyz', '  readinessProbePath: ""'));
    const findings = await checkAll(broken);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.rule === 'rollout/values-conform')).toBe(true);
  });

  it('asks which chart when there are several, listing them', async () => {
    const tree = renamedChart('atlas-server');
    tree['ops/k8s/charts/atlas-worker/Chart.yaml'] = 'apiVersion: v2\nname: atlas-worker\nversion: 0.3.0\n';
    const findings = await checkAll(tree);
    expect(findings[0]).toEqual(
      finding(
        'atlas/contract-file',
        'chartAmbiguous',
        positionOf(tree, 'ops/k8s/charts/atlas-server/Chart.yaml', 'apiVersion'),
      ),
    );
    // With `atlas.chart` set, the config decides and the finding goes.
    const chosen = { ...tree, 'surveyor.config.json': '{ "atlas": { "chart": "ops/k8s/charts/atlas-server" } }\n' };
    expect((await checkAll(chosen)).filter((f) => f.messageId === 'chartAmbiguous')).toEqual([]);
  });
});
