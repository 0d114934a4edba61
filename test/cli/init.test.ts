import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { ATLAS_REGISTRIES, parseUserConfig } from '../../src/config/config.js';
import { exampleTree, type Tree, withoutFiles } from '../support/atlas-tree.js';
import { beaconTree } from '../support/beacon-repo.js';
import { runCli, tempDirs } from '../support/cli-run.js';
import { writeTree } from '../support/write-tree.js';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tempDir = tempDirs('surveyor-init-');
const CONFIG = 'surveyor.config.json';

const configSchema = JSON.parse(readFileSync(path.join(packageRoot, 'schemas/surveyor.config.schema.json'), 'utf8'));
const ajv = new Ajv2020({ strict: false });
addFormatsModule.default(ajv);
const validateConfig = ajv.compile(configSchema);

/** A folder on disk holding the tree. */
function onDisk(tree: Tree): string {
  const root = tempDir();
  writeTree(root, tree);
  return root;
}

/** The config init wrote, checked against the published JSON Schema and by the config loader itself. */
async function writtenConfig(root: string): Promise<Record<string, unknown>> {
  const text = readFileSync(path.join(root, CONFIG), 'utf8');
  const value = JSON.parse(text) as Record<string, unknown>;
  expect(validateConfig(value), JSON.stringify(validateConfig.errors)).toBe(true);
  await parseUserConfig({ text, shown: CONFIG });
  return value;
}

/** `surveyor init` run at the root (so the file is shown as `surveyor.config.json`). */
const init = (root: string, ...args: string[]) => runCli(['init', '--root', root, ...args], { cwd: root });
const check = (root: string) => runCli(['check', '--root', root, '--now', '2026-11-27']);

describe('surveyor init', () => {
  it('records what it detects in the example, and the check reads the same with that config', async () => {
    const root = onDisk(exampleTree());
    const run = await init(root);
    expect(run).toEqual({
      code: 0,
      stdout: `✔ Wrote ${CONFIG}: preset \`atlas\`, chart \`ops/k8s/charts/atlas\`, 7 Atlas contracts, 3 registries (\`ops/inventory/contracts-map.json\`, \`ops/schema/generated/compatibility-lock.json\`, \`configs/**/manifests-registry.json\`), docs (\`mkdocs.yml\`, 12 pages), 4 observability contracts and 2 alert rule files\n`,
      stderr: '',
    });
    const config = await writtenConfig(root);
    expect(config).toMatchObject({
      $schema: 'https://surveyor.dev/schemas/surveyor.config.schema.json',
      preset: 'atlas',
      atlas: { chart: 'ops/k8s/charts/atlas', installMatrix: 'ops/k8s/install-matrix.json' },
      schemas: { registries: ATLAS_REGISTRIES },
      docs: { mkdocs: 'mkdocs.yml', pages: ['docs/**/*.md'] },
      observe: { sloDefinitions: 'ops/observe/slo-definitions.json', alertCatalog: 'ops/observe/alert-catalog.json' },
    });
    expect((await check(root)).code).toBe(0);
  });

  it('records only the registries it finds', async () => {
    const root = onDisk(
      withoutFiles(
        exampleTree(),
        'ops/schema/generated/compatibility-lock.json',
        'configs/atlas/manifests-registry.json',
      ),
    );
    expect((await init(root)).code).toBe(0);
    const config = await writtenConfig(root);
    expect((config.schemas as { registries: unknown[] }).registries).toEqual([
      { file: 'ops/inventory/contracts-map.json', items: '/items', instance: 'path', schema: 'schema' },
    ]);
  });

  it('never replaces an existing config without --force (beacon), and with --force records what the defaults find', async () => {
    const tree = beaconTree();
    const root = onDisk(tree);
    const refused = await init(root);
    expect(refused).toEqual({
      code: 2,
      stdout: '',
      stderr: `surveyor: \`${CONFIG}\` already exists: edit it, or run \`surveyor init --force\` to replace it\n`,
    });
    expect(readFileSync(path.join(root, CONFIG), 'utf8')).toBe(tree[CONFIG]);
    // Beacon's chart and observability contracts are off the standard layout: the defaults find neither.
    const forced = await init(root, '--force');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toBe(
      `✔ Wrote ${CONFIG}: preset \`atlas\`, no chart under \`ops/k8s/charts/\` (set \`atlas.chart\` to its folder), 6 Atlas contracts\n`,
    );
    expect(await writtenConfig(root)).toEqual({
      $schema: 'https://surveyor.dev/schemas/surveyor.config.schema.json',
      preset: 'atlas',
      atlas: {
        installMatrix: 'ops/k8s/install-matrix.json',
        rolloutContract: 'ops/k8s/rollout-safety-contract.json',
        evidenceManifest: 'ops/release/evidence/manifest.json',
        identity: 'ops/release/evidence/identity.json',
        policy: 'ops/release/evidence/policy.json',
        readinessScore: 'ops/report/generated/readiness-score.json',
      },
    });
  });

  it('with several charts writes nothing until --chart names one', async () => {
    const root = onDisk({
      ...exampleTree(),
      'ops/k8s/charts/atlas-worker/Chart.yaml': 'apiVersion: v2\nname: atlas-worker\nversion: 0.3.0\n',
    });
    const refused = await init(root);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      'surveyor: the repository has 2 charts (`ops/k8s/charts/atlas`, `ops/k8s/charts/atlas-worker`) and the config must name one: run `surveyor init --chart DIR` with one of them (see `surveyor init --help`)\n',
    );
    expect(() => readFileSync(path.join(root, CONFIG))).toThrow(/ENOENT/);
    const wrong = await init(root, '--chart', 'ops/k8s/charts/atlas-api');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/`--chart ops\/k8s\/charts\/atlas-api` is not a chart folder of the repository/);
    const chosen = await init(root, '--chart', 'ops/k8s/charts/atlas/');
    expect(chosen.code).toBe(0);
    expect((await writtenConfig(root)).atlas).toMatchObject({ chart: 'ops/k8s/charts/atlas' });
    // The config names the chart: the check no longer asks which.
    const checked = await check(root);
    expect(checked.stdout).not.toMatch(/chartAmbiguous|several charts/);
    expect(checked.code).toBe(0);
  });

  it('records the none preset with only what exists', async () => {
    const root = onDisk({ 'docs/index.md': '# Home\n', 'package.json': '{ "name": "x" }\n' });
    expect((await init(root)).stdout).toBe(`✔ Wrote ${CONFIG}: preset \`none\`, docs (1 page)\n`);
    expect(await writtenConfig(root)).toEqual({
      $schema: 'https://surveyor.dev/schemas/surveyor.config.schema.json',
      preset: 'none',
      docs: { pages: ['docs/**/*.md'] },
    });
    rmSync(path.join(root, 'docs'), { recursive: true });
    writeFileSync(path.join(root, CONFIG), '{ "preset": ');
    // A broken config is replaced with --force: detection never reads it.
    expect((await init(root, '--force')).code).toBe(0);
    expect(await writtenConfig(root)).toEqual({
      $schema: 'https://surveyor.dev/schemas/surveyor.config.schema.json',
      preset: 'none',
    });
  });
});
