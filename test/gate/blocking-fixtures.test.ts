import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { editJson, editText, type Tree, withoutFiles } from '../support/atlas-tree.js';
import { writeTree } from '../support/write-tree.js';
import { blockingChecks, checkOf, errorsOf, gateRoot, gateTree, git, releaseTree } from './gate-fixtures.js';

const MANIFEST = 'ops/release/evidence/manifest.json';
const IDENTITY = 'ops/release/evidence/identity.json';
const temps: string[] = [];
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A docs page holding a version graph drawn before the 1.4.0 transitions existed. */
function stalePage(): string {
  return `---
title: Version Graph
audience: operators
type: reference
status: stable
owner: release-engineering
last_reviewed: 2026-11-20
---

# Version Graph

<!-- surveyor:begin version-graph -->

\`\`\`mermaid
flowchart LR
  v_1_3_1["1.3.1"]
  v_1_3_2["1.3.2 (current)"]
  v_1_3_1 -->|"patch: upgrade-patch"| v_1_3_2
\`\`\`

<!-- surveyor:end version-graph -->
`;
}

describe('the release fixture', () => {
  it('is ready for 1.4.0 with nothing but the unverifiable commit to say', async () => {
    const { report } = await gateTree(releaseTree());
    expect(report.verdict).toBe('ready');
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ['check', 'pass'],
      ['identity', 'warn'],
      ['evidence', 'pass'],
      ['scenarios', 'pass'],
      ['matrix', 'pass'],
      ['readiness', 'pass'],
      ['docs', 'pass'],
    ]);
  });
});

describe('a release with one blocking defect is blocked for exactly that reason, naming the file', () => {
  it('a digest mismatch: the chart values changed after the evidence was collected', async () => {
    const tree = editText(
      releaseTree(),
      'ops/k8s/charts/atlas/values.yaml',
      'cache:',
      '# tuned after collection\ncache:',
    );
    const { report } = await gateTree(tree);
    expect(report.verdict).toBe('blocked');
    expect(blockingChecks(report)).toEqual(['evidence']);
    const errors = errorsOf(report);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: MANIFEST, pointer: '/audit_assets/chart_values/sha256' });
    expect(errors[0]!.message).toMatch(/^The evidence for `ops\/k8s\/charts\/atlas\/values\.yaml` is stale/);
    expect(errors[0]!.related?.[0]?.file).toBe('ops/k8s/charts/atlas/values.yaml');
    expect(checkOf(report, 'evidence').evidence).toContainEqual(
      expect.objectContaining({
        file: 'ops/k8s/charts/atlas/values.yaml',
        detail: expect.stringMatching(/^sha256 differs from the recorded `e2d11f2d/),
      }),
    );
  });

  it('a digest recorded for a folder: `ops/k8s` with any sha256', async () => {
    const tree = editJson(releaseTree(), MANIFEST, (manifest) => {
      manifest.audit_assets.install_matrix = { path: 'ops/k8s', sha256: '0'.repeat(64) };
    });
    const { report } = await gateTree(tree);
    expect(report.verdict).toBe('blocked');
    expect(blockingChecks(report)).toEqual(expect.arrayContaining(['evidence']));
    expect(errorsOf(report)).toContainEqual(
      expect.objectContaining({
        file: MANIFEST,
        pointer: '/audit_assets/install_matrix/path',
        message:
          '`ops/k8s` is a folder, but a sha256 describes the bytes of one file: name the file the evidence covers',
      }),
    );
  });

  it('an evidence tarball that is a folder', async () => {
    const { 'ops/release/evidence/bundle.tar': _tarball, ...tree } = releaseTree();
    tree['ops/release/evidence/bundle.tar/member.txt'] = 'not a tarball\n';
    const { report } = await gateTree(tree);
    expect(report.verdict).toBe('blocked');
    expect(errorsOf(report).map((d) => d.message)).toContain(
      'Evidence tarball `ops/release/evidence/bundle.tar` is a folder, not a tar archive: collect the evidence again to rebuild it',
    );
  });

  it('a missing rollback scenario: no rollback out of 1.4.0', async () => {
    const rollbacks = [
      'ops/e2e/scenarios/upgrade/rollback-after-failed-upgrade.json',
      'ops/e2e/scenarios/upgrade/rollback-after-successful-upgrade.json',
    ];
    const tree = editJson(withoutFiles(releaseTree(), ...rollbacks), 'ops/inventory/contracts-map.json', (map) => {
      map.items = map.items.filter((item: { path: string }) => !rollbacks.includes(item.path));
    });
    const { report } = await gateTree(tree);
    expect(blockingChecks(report)).toEqual(['scenarios']);
    const errors = errorsOf(report);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      ruleId: 'scenario/release-paths',
      file: 'ops/e2e/scenarios/upgrade/version-compatibility.json',
    });
    expect(errors[0]!.message).toMatch(/^There is no rollback scenario from `1\.4\.0` back to `1\.3\.2`: add one/);
    expect(checkOf(report, 'scenarios').summary).toBe(errors[0]!.message);
  });

  it('readiness blocked: the score says `blocked` with a failing input', async () => {
    const tree = editJson(releaseTree(), 'ops/report/generated/readiness-score.json', (score) => {
      score.status = 'blocked';
      score.score = 92;
      score.inputs.upgrade_e2e = 'fail';
    });
    const { report } = await gateTree(tree);
    expect(blockingChecks(report)).toEqual(['readiness']);
    const errors = errorsOf(report);
    expect(errors.map((e) => [e.file, e.pointer])).toEqual([
      ['ops/report/generated/readiness-score.json', '/score'],
      ['ops/report/generated/readiness-score.json', '/status'],
      ['ops/report/generated/readiness-score.json', '/inputs/upgrade_e2e'],
    ]);
    expect(checkOf(report, 'readiness').summary).toMatch(/^The readiness score is 92, below the threshold 100/);
    expect(errors[1]!.message).toBe(
      'The readiness score says `blocked`, not `ready`: resolve what blocks the release and compute the score again',
    );
  });

  it('drifted generated docs: a version graph older than the compatibility table', async () => {
    const tree: Tree = { ...releaseTree(), 'docs/versions.md': stalePage() };
    const { report } = await gateTree(tree);
    expect(blockingChecks(report)).toEqual(['docs']);
    const errors = errorsOf(report);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ ruleId: 'generated/drift', file: 'docs/versions.md', line: 12 });
    expect(errors[0]!.message).toMatch(/^Generated region `version-graph` is out of date with the contracts/);
    expect(checkOf(report, 'docs').evidence).toEqual([
      expect.objectContaining({ file: 'docs/versions.md', detail: '1 generated region, out of date: `version-graph`' }),
    ]);
  });

  it('a missing production image: no image artifact for `prod-ha`', async () => {
    const tree = editJson(releaseTree(), MANIFEST, (manifest) => {
      manifest.image_artifacts = manifest.image_artifacts.filter(
        (image: { profile: string }) => image.profile !== 'prod-ha',
      );
    });
    const { report } = await gateTree(tree);
    expect(blockingChecks(report)).toEqual(['evidence']);
    const errors = errorsOf(report);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ ruleId: 'evidence/release-images', file: MANIFEST, pointer: '/image_artifacts' });
    expect(errors[0]!.message).toMatch(
      /^The manifest has no image artifact for release profile `prod-ha`, which the evidence policy requires/,
    );
    expect(errors[0]!.related).toEqual([expect.objectContaining({ file: 'ops/release/evidence/policy.json' })]);
  });

  describe('a stale identity commit, in a git checkout', () => {
    let made: { root: string; collected: string } | undefined;

    /**
     * A checkout whose evidence was collected at its first commit, the identity recorded in a second:
     * a copy, `.git` included, of the one made for these tests (its commits have fixed authors and
     * dates, so making it again would make the same commits).
     */
    function collectedCheckout(): { root: string; collected: string } {
      if (!made) {
        const root = mkdtempSync(path.join(tmpdir(), 'surveyor-gate-git-'));
        temps.push(root);
        writeTree(root, releaseTree());
        git(root, 'init', '-q');
        git(root, 'add', '-A');
        git(root, 'commit', '-q', '-m', 'release 1.4.0');
        const collected = git(root, 'rev-parse', 'HEAD');
        const identity = path.join(root, IDENTITY);
        writeFileSync(
          identity,
          readFileSync(identity, 'utf8').replace(/"git_sha": "[0-9a-f]+"/, `"git_sha": "${collected}"`),
        );
        git(root, 'commit', '-q', '-am', 'record the evidence identity');
        made = { root, collected };
      }
      const root = mkdtempSync(path.join(tmpdir(), 'surveyor-gate-git-'));
      temps.push(root);
      cpSync(made.root, root, { recursive: true });
      return { root, collected: made.collected };
    }

    it('passes when only the evidence folder changed after the recorded commit', async () => {
      const { root, collected } = collectedCheckout();
      const { report } = await gateRoot(root);
      expect(report.verdict).toBe('ready');
      expect(checkOf(report, 'identity')).toMatchObject({ status: 'pass', diagnostics: [] });
      expect(checkOf(report, 'identity').summary).toContain(
        `commit \`${collected.slice(0, 12)}\` is an ancestor of HEAD`,
      );
    });

    it('blocks when HEAD changed what the release is built from after the recorded commit, listing it', async () => {
      const { root, collected } = collectedCheckout();
      writeFileSync(
        path.join(root, 'README.md'),
        `${readFileSync(path.join(root, 'README.md'), 'utf8')}\nOne more paragraph.\n`,
      );
      const values = path.join(root, 'ops/k8s/values/perf.yaml');
      writeFileSync(values, `${readFileSync(values, 'utf8')}# tuned after collection\n`);
      git(root, 'commit', '-q', '-am', 'edit the README and a values file after collection');
      const { report } = await gateRoot(root);
      expect(blockingChecks(report)).toEqual(['identity']);
      const errors = errorsOf(report);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({
        ruleId: 'identity/commit',
        messageId: 'changed',
        file: IDENTITY,
        pointer: '/git_sha',
      });
      expect(errors[0]!.message).toBe(
        `A file changed after the evidence was collected at \`${collected}\` (\`ops/k8s/values/perf.yaml\`): collect the evidence again at HEAD`,
      );
      expect(checkOf(report, 'identity').evidence).toContainEqual(
        expect.objectContaining({
          file: 'ops/k8s/values/perf.yaml',
          detail: `changed after commit \`${collected.slice(0, 12)}\``,
        }),
      );
      expect(checkOf(report, 'identity').evidence.map((e) => e.file)).not.toContain('README.md');
    });

    it('counts uncommitted changes too', async () => {
      const { root } = collectedCheckout();
      writeFileSync(
        path.join(root, 'ops/k8s/values/perf.yaml'),
        `${readFileSync(path.join(root, 'ops/k8s/values/perf.yaml'), 'utf8')}# local experiment\n`,
      );
      const { report } = await gateRoot(root);
      expect(blockingChecks(report)).toEqual(['identity']);
      expect(errorsOf(report)[0]!.message).toContain('(`ops/k8s/values/perf.yaml`)');
    });

    it('blocks a commit that is not in the history', async () => {
      const { root } = collectedCheckout();
      const identity = path.join(root, IDENTITY);
      writeFileSync(
        identity,
        readFileSync(identity, 'utf8').replace(/"git_sha": "[0-9a-f]+"/, `"git_sha": "${'5e'.repeat(20)}"`),
      );
      git(root, 'commit', '-q', '-am', 'record a commit from elsewhere');
      const { report } = await gateRoot(root);
      expect(blockingChecks(report)).toEqual(['identity']);
      expect(errorsOf(report).map((e) => e.message)).toEqual([
        `Commit \`${'5e'.repeat(20)}\` is not in the history of this checkout: collect the evidence again at HEAD`,
      ]);
    });

    it('blocks a commit HEAD does not descend from', async () => {
      const { root, collected } = collectedCheckout();
      git(root, 'checkout', '-q', '-b', 'elsewhere', collected);
      git(root, 'commit', '-q', '--allow-empty', '-m', 'a commit on another branch');
      const other = git(root, 'rev-parse', 'HEAD');
      git(root, 'checkout', '-q', 'main');
      const identity = path.join(root, IDENTITY);
      writeFileSync(
        identity,
        readFileSync(identity, 'utf8').replace(/"git_sha": "[0-9a-f]+"/, `"git_sha": "${other}"`),
      );
      git(root, 'commit', '-q', '-am', 'point the identity at the other branch');
      const { report } = await gateRoot(root);
      expect(blockingChecks(report)).toEqual(['identity']);
      expect(errorsOf(report)[0]!.message).toMatch(
        new RegExp(`^Commit \`${other}\` is not HEAD \`[0-9a-f]{12}\` nor an ancestor of it`),
      );
    });
  });
});
