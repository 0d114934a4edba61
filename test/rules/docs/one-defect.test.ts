import { describe, expect, it } from 'vitest';
import type { UserConfig } from '../../../src/config/config-schema.js';
import {
  editText,
  exampleTree,
  type FilePosition,
  positionOf,
  resealEvidence,
  type Tree,
} from '../../support/atlas-tree.js';
import { checkAll } from '../../support/check-atlas.js';

// Each case breaks one thing in the docs of examples/atlas (evidence digests resealed, as
// a developer would after editing docs) and expects exactly one finding of the whole run.

const expected = (rule: string, messageId: string, at: FilePosition) => [{ rule, messageId, ...at }];

const INDEX = 'docs/index.md';
const ROLLOUT = 'docs/operations/rollout-safety.md';
const UPGRADES = 'docs/operations/upgrades-and-rollback.md';
const EVIDENCE = 'docs/release/evidence.md';

interface Case {
  name: string;
  edit(tree: Tree): Tree;
  config?: UserConfig;
  finding(tree: Tree): ReturnType<typeof expected>;
}

const cases: Case[] = [
  {
    name: 'a page loses its owner',
    edit: (t) => editText(t, INDEX, 'owner: platform-ops\n', ''),
    finding: () => expected('docs/frontmatter', 'schema', { file: INDEX, line: 2, column: 1 }),
  },
  {
    name: 'a review date that does not exist',
    edit: (t) => editText(t, INDEX, 'last_reviewed: 2026-11-18', 'last_reviewed: 2026-02-30'),
    finding: (t) =>
      expected('docs/frontmatter', 'schema', positionOf(t, INDEX, 'last_reviewed: 2026-02-30', '2026-02-30')),
  },
  {
    name: 'an H1 renamed without the title',
    edit: (t) => editText(t, EVIDENCE, '# Release Evidence', '# Release evidence'),
    finding: (t) => expected('docs/title-h1', 'mismatch', positionOf(t, EVIDENCE, '# Release evidence')),
  },
  {
    name: 'a page not reviewed for a year',
    edit: (t) => editText(t, 'docs/release/readiness.md', 'last_reviewed: 2026-11-21', 'last_reviewed: 2025-11-21'),
    finding: (t) =>
      expected(
        'docs/stale-review',
        'stale',
        positionOf(t, 'docs/release/readiness.md', 'last_reviewed: 2025-11-21', '2025-11-21'),
      ),
  },
  {
    name: 'a runbook without a section the config requires',
    edit: (t) => t,
    config: { docs: { requiredSections: { runbook: ['Purpose', 'Rollback drills'] } } },
    finding: (t) => expected('docs/required-sections', 'missing', positionOf(t, UPGRADES, 'type: runbook', 'runbook')),
  },
  {
    name: 'a Source of Truth entry for a renamed contract',
    edit: (t) => editText(t, UPGRADES, '- `ops/k8s/install-matrix.json`', '- `ops/k8s/install-matrix.yaml`'),
    finding: (t) =>
      expected('docs/source-of-truth', 'missing', positionOf(t, UPGRADES, '`ops/k8s/install-matrix.yaml`')),
  },
  {
    name: 'a Source of Truth glob that matches nothing',
    edit: (t) => editText(t, UPGRADES, '- `ops/e2e/scenarios/upgrade/*.json`', '- `ops/e2e/scenarios/rollback/*.json`'),
    finding: (t) =>
      expected('docs/source-of-truth', 'noMatch', positionOf(t, UPGRADES, '`ops/e2e/scenarios/rollback/*.json`')),
  },
  {
    name: 'prose naming a file that does not exist',
    edit: (t) => editText(t, EVIDENCE, '`ops/release/evidence/identity.json`', '`ops/release/evidence/identity.yaml`'),
    finding: (t) =>
      expected('docs/path-ref', 'missing', positionOf(t, EVIDENCE, '`ops/release/evidence/identity.yaml`')),
  },
  {
    name: 'an anchor to a duplicate heading that does not exist',
    edit: (t) => editText(t, UPGRADES, '(install-matrix.md#scenarios_1)', '(install-matrix.md#scenarios_3)'),
    finding: (t) => expected('docs/link', 'anchorHint', positionOf(t, UPGRADES, '[k8s-suite scenarios]')),
  },
  {
    name: 'a link to a page that redirect_maps moved',
    edit: (t) =>
      editText(
        t,
        INDEX,
        '(operations/upgrades-and-rollback.md#rollback-flow)',
        '(operations/upgrades.md#rollback-flow)',
      ),
    finding: (t) => expected('docs/link', 'moved', positionOf(t, INDEX, '[rollback scope]')),
  },
  {
    name: 'a link written as a path on one laptop',
    edit: (t) => editText(t, INDEX, '(release/readiness.md)', '(/Users/ana/src/atlas/docs/release/readiness.md)'),
    finding: (t) => expected('docs/link', 'machine', positionOf(t, INDEX, '[readiness verdict]')),
  },
  {
    name: 'a nav entry whose page was renamed',
    edit: (t) =>
      editText(
        editText(t, 'mkdocs.yml', 'release/readiness.md', 'release/ready.md'),
        'mkdocs.yml',
        '  drafts/*.md\n',
        '  drafts/*.md\n  release/readiness.md\n',
      ),
    finding: (t) => expected('docs/nav', 'missing', positionOf(t, 'mkdocs.yml', 'release/ready.md')),
  },
  {
    name: 'a page left out of nav',
    edit: (t) => editText(t, 'mkdocs.yml', '      - Release readiness: release/readiness.md\n', ''),
    finding: () => expected('docs/nav', 'notInNav', { file: 'docs/release/readiness.md', line: 1, column: 1 }),
  },
  {
    name: 'a broken arrow in a flowchart',
    edit: (t) =>
      editText(
        t,
        ROLLOUT,
        '    Merge --> Effective[Effective values]',
        '    Merge --> --> Effective[Effective values]',
      ),
    finding: (t) =>
      expected('docs/mermaid-syntax', 'syntax', positionOf(t, ROLLOUT, '    Merge --> --> Effective', '--> Effective')),
  },
  {
    name: 'a sequence diagram message without a target',
    edit: (t) => editText(t, EVIDENCE, '    Build->>Collect: build outputs', '    Build->>: build outputs'),
    finding: (t) =>
      expected(
        'docs/mermaid-syntax',
        'syntax',
        positionOf(t, EVIDENCE, '    Build->>: build outputs', ': build outputs'),
      ),
  },
];

describe('one docs defect in examples/atlas gives exactly one finding', () => {
  it('starts from a tree that is clean on the pinned date', async () => {
    expect(await checkAll(exampleTree(), undefined, { asIs: true })).toEqual([]);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
    const tree = resealEvidence(testCase.edit(exampleTree()));
    expect(await checkAll(tree, testCase.config, { asIs: true })).toEqual(testCase.finding(tree));
  });
});
