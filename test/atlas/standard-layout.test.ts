import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { openSession, runCheck } from '../../src/engine/run.js';
import { MemorySource } from '../../src/workspace/file-source.js';
import { editText, exampleTree, positionOf, resealEvidence, type Tree } from '../support/atlas-tree.js';
import { checkAll, EXAMPLE_TODAY, finding, resealGenerated } from '../support/check-atlas.js';

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

describe('every rule runs on the standard layout with its own chart name', () => {
  /** What each rule cited and attested in an audited run, with the chart folder written as `<chart>`. */
  async function audited(
    tree: Tree,
    chart: string,
  ): Promise<Record<string, { evidence: string[]; verified: string[] }>> {
    const result = await runCheck({ source: new MemorySource(tree), rules: allRules, audit: true, now: EXAMPLE_TODAY });
    const neutral = (text: string) => text.replaceAll(chart, '<chart>');
    return Object.fromEntries(
      [...result.audit!].map(([id, audit]) => [
        id,
        {
          evidence: audit.evidence.map((c) => neutral(`${c.file} ${c.detail ?? ''}`)).sort(),
          verified: audit.verified.map(neutral).sort(),
        },
      ]),
    );
  }

  it('reads, cites and verifies the same as on the example, no configuration given', async () => {
    // Its generated docs name the chart folder: regenerated, as `surveyor generate` would.
    const renamed = await audited(await resealGenerated(renamedChart('atlas-server')), 'ops/k8s/charts/atlas-server');
    const original = await audited(exampleTree(), 'ops/k8s/charts/atlas');
    expect(renamed).toEqual(original);
    // The chart-reading rules did read the renamed chart.
    // The release's version comes from the renamed chart's `Chart.yaml`, which the release rules cited.
    const citing = Object.keys(renamed).filter((id) =>
      renamed[id]!.evidence.some((e) => e.startsWith('<chart>/Chart.yaml')),
    );
    expect(citing.length).toBeGreaterThan(0);
  });

  it('finds a defect of each rule that reads the renamed chart and cites nothing', async () => {
    const tree = renamedChart('atlas-server');
    const perf = 'ops/k8s/values/perf.yaml';
    const values = resealEvidence(editText(tree, perf, 'logLevel: warn', 'logLevel: verbose'));
    expect(await checkAll(values)).toEqual([
      finding('helm/values-schema', 'invalid', positionOf(values, perf, 'verbose')),
    ]);
    const schema = 'ops/k8s/charts/atlas-server/values.schema.json';
    const strict = resealEvidence(
      editText(
        tree,
        schema,
        '"logLevel": { "enum": ["debug", "info", "warn", "error"] }',
        '"logLevel": { "enum": ["debug", "info", "error"] }',
      ),
    );
    expect((await checkAll(strict)).map((f) => `${f.rule} ${f.file}`)).toEqual([`helm/values-schema ${perf}`]);
  });
});
