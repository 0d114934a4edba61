import { accessSync, constants, mkdirSync, mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { messageIdOf, runCheck } from '../../src/engine/run.js';
import { DiskSource, MemorySource } from '../../src/workspace/file-source.js';
import { editJson, exampleTree, positionOf, resealEvidence, type Tree, withoutFiles } from '../support/atlas-tree.js';
import { BEACON_TARBALL, beaconTree } from '../support/beacon-repo.js';
import { type AtlasFinding, checkAll, EXAMPLE_TODAY, finding } from '../support/check-atlas.js';
import { RecordingSource } from '../support/recording-source.js';
import { writeTree } from '../support/write-tree.js';

// Bad input of every kind gives one clear diagnostic, never a crash, and every other rule
// still runs: each case also carries an unrelated defect (a scenario whose id differs from
// its file name) that must still be reported.

const MANIFEST = 'ops/release/evidence/manifest.json';
const HOTFIX = 'ops/e2e/upgrade-paths/hotfix-2-0-3.json';

/** The beacon repository with the unrelated defect every case keeps. */
function beaconWithSentinel(): Tree {
  return editJson(beaconTree(), HOTFIX, (scenario) => void (scenario.id = 'hotfix'));
}
const sentinel = (tree: Tree) => finding('scenario/id-filename', 'mismatch', positionOf(tree, HOTFIX, '"hotfix"'));
const at1 = (file: string) => ({ file, line: 1, column: 1 });
const sorted = (findings: AtlasFinding[]) =>
  [...findings].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
const reseal = (tree: Tree) =>
  resealEvidence(tree, {
    tarball: BEACON_TARBALL,
    only: Object.keys(tree).filter((f) => f !== BEACON_TARBALL && !f.startsWith('build/')),
  });

describe('a missing Atlas file is reported once, at its path, and the other rules still run', () => {
  const cases: [string, string, (tree: Tree) => AtlasFinding[]][] = [
    [
      'install matrix',
      'ops/k8s/install-matrix.json',
      (tree) => [
        finding(
          'evidence/path',
          'missing',
          positionOf(tree, MANIFEST, '"path": "ops/k8s/install-matrix.json"', '"ops/k8s/install-matrix.json"'),
        ),
        finding(
          'evidence/required-paths',
          'missing',
          positionOf(tree, 'ops/release/evidence/policy.json', '"ops/k8s/install-matrix.json"'),
        ),
      ],
    ],
    ['rollout safety contract', 'ops/k8s/rollout-safety-contract.json', () => []],
    [
      'chart metadata',
      'deploy/helm/beacon/Chart.yaml',
      (tree) => [
        finding(
          'evidence/required-paths',
          'missing',
          positionOf(tree, 'ops/release/evidence/policy.json', '"deploy/helm/beacon/Chart.yaml"'),
        ),
      ],
    ],
    [
      'chart defaults',
      'deploy/helm/beacon/values.yaml',
      (tree) => [finding('evidence/path', 'missing', positionOf(tree, MANIFEST, '"deploy/helm/beacon/values.yaml"'))],
    ],
    [
      'version compatibility',
      'ops/e2e/upgrade-paths/compatibility.json',
      (tree) => [
        finding(
          'evidence/path',
          'missing',
          positionOf(
            tree,
            MANIFEST,
            '"path": "ops/e2e/upgrade-paths/compatibility.json"',
            '"ops/e2e/upgrade-paths/compatibility.json"',
          ),
        ),
      ],
    ],
    [
      'evidence manifest',
      MANIFEST,
      (tree) => [
        finding(
          'readiness/consistent',
          'generatedFrom',
          positionOf(tree, 'ops/report/generated/readiness-score.json', `"${MANIFEST}"`),
        ),
      ],
    ],
    [
      'evidence identity',
      'ops/release/evidence/identity.json',
      (tree) => [
        finding('evidence/path', 'missing', positionOf(tree, MANIFEST, '"ops/release/evidence/identity.json"')),
      ],
    ],
    [
      'evidence policy',
      'ops/release/evidence/policy.json',
      (tree) => [finding('evidence/path', 'missing', positionOf(tree, MANIFEST, '"ops/release/evidence/policy.json"'))],
    ],
    ['readiness score', 'ops/report/generated/readiness-score.json', () => []],
  ];
  it.each(cases)('%s', async (_name, file, alsoTrue) => {
    const tree = withoutFiles(beaconWithSentinel(), file);
    // What else is reported is true of the tree: other files name the missing one.
    expect(sorted(await checkAll(tree))).toEqual(
      sorted([finding('atlas/contract-file', 'missing', at1(file)), sentinel(tree), ...alsoTrue(tree)]),
    );
  });

  it('a missing evidence tarball is reported where the manifest and the policy name it, not once per member', async () => {
    const tree = withoutFiles(beaconWithSentinel(), BEACON_TARBALL);
    expect(sorted(await checkAll(tree))).toEqual(
      sorted([
        finding(
          'evidence/path',
          'missing',
          positionOf(tree, MANIFEST, `"path": "${BEACON_TARBALL}"`, `"${BEACON_TARBALL}"`),
        ),
        finding(
          'evidence/required-paths',
          'missing',
          positionOf(tree, 'ops/release/evidence/policy.json', `"${BEACON_TARBALL}"`),
        ),
        sentinel(tree),
      ]),
    );
  });
});

describe('an empty Atlas file is one diagnostic', () => {
  it.each(['deploy/helm/beacon/Chart.yaml', 'deploy/helm/beacon/values.yaml', 'ops/k8s/values/gpu-batch.yaml'])(
    'YAML: %s',
    async (file) => {
      const tree = reseal({ ...beaconWithSentinel(), [file]: '' });
      expect(sorted(await checkAll(tree))).toEqual(
        sorted([finding('atlas/contract-file', 'empty', at1(file)), sentinel(tree)]),
      );
    },
  );

  it.each([
    'ops/k8s/install-matrix.json',
    'ops/k8s/rollout-safety-contract.json',
    'ops/e2e/upgrade-paths/compatibility.json',
    MANIFEST,
    'ops/release/evidence/identity.json',
    'ops/release/evidence/policy.json',
    'ops/report/generated/readiness-score.json',
  ])('JSON (reported by json/syntax): %s', async (file) => {
    const tree = { ...beaconWithSentinel(), [file]: '' };
    const found = await checkAll(file === MANIFEST ? tree : reseal(tree));
    expect(found.filter((f) => f.file === file)).toEqual([finding('json/syntax', 'syntax', at1(file))]);
    expect(found).toContainEqual(sentinel(tree));
  });
});

describe('an Atlas file of the wrong shape is one diagnostic, and the model carries on without it', () => {
  it.each([
    'ops/k8s/install-matrix.json',
    'ops/k8s/rollout-safety-contract.json',
    'ops/e2e/upgrade-paths/compatibility.json',
    'ops/release/evidence/identity.json',
    'ops/release/evidence/policy.json',
    'ops/report/generated/readiness-score.json',
  ])('JSON (reported by schema/valid against the built-in schema): %s', async (file) => {
    const tree = reseal({ ...beaconWithSentinel(), [file]: '[]\n' });
    const found = await checkAll(tree);
    expect(found.filter((f) => f.file === file)).toEqual([finding('schema/valid', 'invalid', at1(file))]);
    expect(
      found.filter((f) => f.file !== file && f.rule !== 'evidence/required-paths' && f.rule !== 'evidence/path'),
    ).toEqual([sentinel(tree)]);
  });

  it('an install matrix whose profiles are not a list in the example is reported by its own schema', async () => {
    const file = 'ops/k8s/install-matrix.json';
    const tree = resealEvidence(editJson(exampleTree(), file, (matrix) => void (matrix.profiles = { airgapped: {} })));
    const found = await checkAll(tree);
    expect(found.map((f) => `${f.rule} ${f.file}`)).toEqual([`schema/valid ${file}`]);
  });

  it('a scenario whose steps are not a list', async () => {
    const file = 'ops/e2e/upgrade-paths/rollback-2-1-to-2-0.json';
    const tree = editJson(beaconWithSentinel(), file, (scenario) => void (scenario.steps = 'upgrade, rollback'));
    expect(sorted(await checkAll(tree))).toEqual(
      sorted([finding('schema/valid', 'invalid', positionOf(tree, file, '"upgrade, rollback"')), sentinel(tree)]),
    );
  });

  it('chart defaults that are a list, and a chart without a version', async () => {
    let tree = reseal({ ...beaconWithSentinel(), 'deploy/helm/beacon/values.yaml': '- replicaCount\n' });
    expect(sorted(await checkAll(tree))).toEqual(
      sorted([finding('atlas/contract-file', 'shape', at1('deploy/helm/beacon/values.yaml')), sentinel(tree)]),
    );
    tree = { ...beaconWithSentinel(), 'deploy/helm/beacon/Chart.yaml': 'apiVersion: v2\nname: beacon\n' };
    expect(sorted(await checkAll(tree))).toEqual(
      sorted([finding('atlas/contract-file', 'shape', at1('deploy/helm/beacon/Chart.yaml')), sentinel(tree)]),
    );
  });
});

describe('a values file that is not YAML', () => {
  it('is reported at the YAML error; that profile is not judged, the others are', async () => {
    const file = 'ops/k8s/values/regional-primary.yaml';
    const tree = { ...beaconWithSentinel(), [file]: 'replicaCount: 3\nimage: {tag: null\nrollout:\n  enabled: true\n' };
    const found = await checkAll(tree);
    expect(
      found.filter((f) => f.rule !== 'scenario/id-filename').map((f) => `${f.rule} ${f.file} ${f.messageId}`),
    ).toEqual([`atlas/contract-file ${file} yaml`]);
    expect(found).toContainEqual(sentinel(tree));
  });
});

describe('an evidence tarball that cannot be read', () => {
  const example = exampleTree();
  const bundle = 'ops/release/evidence/bundle.tar';
  const bytes = example[bundle] as Uint8Array;

  it.each([
    ['truncated inside a member', bytes.subarray(0, 2600), /^truncated inside member `artifacts\//],
    ['truncated after a member', bytes.subarray(0, 1536), /^truncated/],
    ['not a tar archive', new TextEncoder().encode('{ "this": "is JSON, not a tarball" }\n'), /^not a tar archive/],
    ['empty', new Uint8Array(0), /^empty:/],
  ])('%s: one finding, where the manifest names it', async (_name, content, reason) => {
    const tree = { ...example, [bundle]: content };
    const result = await runCheck({ source: new MemorySource(tree), rules: allRules, now: EXAMPLE_TODAY });
    const diagnostics = result.report.diagnostics;
    expect(
      diagnostics.map((d) => ({
        rule: d.ruleId,
        messageId: messageIdOf(d),
        file: d.file,
        line: d.line,
        column: d.column,
      })),
    ).toEqual([
      {
        rule: 'atlas/contract-file',
        messageId: 'tarball',
        ...positionOf(tree, MANIFEST, `"path": "${bundle}"`, `"${bundle}"`),
      },
    ]);
    expect(diagnostics[0]!.message.replace(/^Evidence tarball `[^`]+` is /, '')).toMatch(reason);
  });

  it('a truncated gzip tarball', async () => {
    const tgz = beaconWithSentinel()[BEACON_TARBALL] as Uint8Array;
    const tree = { ...beaconWithSentinel(), [BEACON_TARBALL]: tgz.subarray(0, tgz.length - 20) };
    expect(sorted(await checkAll(tree))).toEqual(
      sorted([
        finding(
          'atlas/contract-file',
          'tarball',
          positionOf(tree, MANIFEST, `"path": "${BEACON_TARBALL}"`, `"${BEACON_TARBALL}"`),
        ),
        sentinel(tree),
      ]),
    );
  });
});

describe('manifest paths outside the repository', () => {
  const outside = ['../../etc/passwd', '/etc/passwd'];

  it('are reported and never read (builtin schemas: one finding each)', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'surveyor-outside-'));
    try {
      const tree = editJson(beaconWithSentinel(), MANIFEST, (manifest) => {
        manifest.logs.push(outside[0]);
        manifest.secrets = { passwd: { path: outside[1], sha256: 'e'.repeat(64) } };
      });
      writeTree(root, tree);
      const source = new RecordingSource(new DiskSource(root));
      const result = await runCheck({ source, rules: allRules, now: EXAMPLE_TODAY });
      const found = result.report.diagnostics.map((d) => finding(d.ruleId, messageIdOf(d)!, d));
      expect(sorted(found)).toEqual(
        sorted([
          finding('evidence/path', 'outside', positionOf(tree, MANIFEST, `"${outside[0]}"`)),
          finding('evidence/path', 'outside', positionOf(tree, MANIFEST, `"${outside[1]}"`)),
          sentinel(tree),
        ]),
      );
      expect(source.accesses.filter((a) => a.file.startsWith('/') || a.file.split('/').includes('..'))).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('in the example are reported by evidence/path, and also by the repository schema that forbids them', async () => {
    const tree = editJson(exampleTree(), MANIFEST, (manifest) => void manifest.reports.push(...outside));
    const found = await checkAll(tree);
    expect(found.filter((f) => f.rule === 'evidence/path')).toEqual(
      outside.map((p) => finding('evidence/path', 'outside', positionOf(tree, MANIFEST, `"${p}"`))),
    );
    expect(found.filter((f) => f.rule !== 'evidence/path').map((f) => f.rule)).toEqual([
      'schema/valid',
      'schema/valid',
    ]);
  });
});

/**
 * Where the sparse 2 GiB file goes: a tmpfs (`/dev/shm`) when there is a writable one, where
 * the holes read as zeros without filling the page cache (on ext4 that costs seconds of system
 * time), else the temporary folder. Where the file lies changes nothing surveyor does with it.
 */
function sparseFileFolder(): string {
  try {
    accessSync('/dev/shm', constants.W_OK);
    if (statSync('/dev/shm').isDirectory()) return '/dev/shm';
  } catch {
    // no tmpfs: the temporary folder
  }
  return tmpdir();
}

describe('a 2 GB evidence file', () => {
  const root = mkdtempSync(path.join(sparseFileFolder(), 'surveyor-large-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('is hashed by streaming, once however many entries name it, with flat memory', { timeout: 180_000 }, async () => {
    const size = 2 * 1024 ** 3;
    // The expected digest, of 2 GiB of zeros, as `head -c 2147483648 /dev/zero | sha256sum` prints it
    // (known beforehand, so the test hashes the 2 GiB once, through surveyor, not twice).
    const digest = 'a7c744c13cc101ed66c29f672f92455547889cc586ce6d44fe76ae824958ea51';
    const big = 'build/datasets/catalog-full.bin';
    const tree = editJson(beaconWithSentinel(), MANIFEST, (manifest) => {
      manifest.datasets = [{ path: big, sha256: digest }];
      manifest.mirrors = { catalog: { path: big, sha256: digest }, stale_copy: { path: big, sha256: 'f'.repeat(64) } };
    });
    writeTree(root, tree);
    mkdirSync(path.dirname(path.join(root, big)), { recursive: true });
    writeFileSync(path.join(root, big), '');
    truncateSync(path.join(root, big), size); // sparse, like `truncate -s 2G`
    const source = new RecordingSource(new DiskSource(root));
    // The worker runs other test files too, so its lifetime peak says little: the resident size is
    // sampled while this run hashes, and its growth is what must stay flat.
    const startRss = process.memoryUsage.rss();
    let peakRss = startRss;
    const sample = () => {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
    };
    const sampler = setInterval(sample, 10);
    let result: Awaited<ReturnType<typeof runCheck>>;
    try {
      result = await runCheck({ source, rules: allRules, now: EXAMPLE_TODAY });
    } finally {
      clearInterval(sampler);
      sample();
    }
    expect(result.report.diagnostics.map((d) => finding(d.ruleId, messageIdOf(d)!, d))).toEqual([
      sentinel(tree),
      finding('evidence/sha256', 'stale', positionOf(tree, MANIFEST, `"${'f'.repeat(64)}"`)),
    ]);
    expect(result.report.diagnostics[1]!.message).toContain(digest);
    expect(source.count('stream', big)).toBe(1);
    expect(source.count('read', big)).toBe(0);
    // Streamed, the run grows by a few chunks; reading 2 GiB whole would take it far above this, and
    // would show in the process's lifetime peak even if no sample fell while the read blocked.
    expect(peakRss - startRss).toBeLessThan(512 * 1024 ** 2);
    expect(process.resourceUsage().maxRSS * 1024).toBeLessThan(2 * 1024 ** 3);
  });
});
