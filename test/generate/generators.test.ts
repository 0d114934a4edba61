import { describe, expect, it } from 'vitest';
import type { AtlasModel } from '../../src/atlas/model.js';
import { openSession } from '../../src/engine/run.js';
import { generators } from '../../src/generate/generators.js';
import { plannedPages } from '../../src/generate/planned-pages.js';
import { parseMermaid } from '../../src/mermaid/parse.js';
import { type MemoryFile, MemorySource } from '../../src/workspace/file-source.js';
import { EXAMPLE_ROOT } from '../support/atlas-tree.js';

async function modelOf(options: { root?: string; files?: Record<string, MemoryFile> }): Promise<AtlasModel> {
  const session = await openSession(
    options.files ? { source: new MemorySource(options.files) } : { root: options.root },
  );
  return session.facts.atlas();
}

function diagramsIn(markdown: string): string[] {
  return [...markdown.matchAll(/```mermaid\n([^]*?)```/g)].map((m) => m[1]!);
}

async function expectValidMermaid(markdown: string): Promise<void> {
  const diagrams = diagramsIn(markdown);
  expect(diagrams.length).toBeGreaterThan(0);
  for (const diagram of diagrams) expect(await parseMermaid(diagram), diagram).toMatchObject({ ok: true });
}

/** The generators that draw Mermaid diagrams (`observability` writes tables only). */
function mermaidGenerators(): string[] {
  return [...generators.keys()].filter((name) => name !== 'observability');
}

describe('generators on the example', () => {
  it('observability writes deterministic tables of the SLOs and the alerts', async () => {
    const generator = generators.get('observability')!;
    const first = generator.render(await modelOf({ root: EXAMPLE_ROOT }), {});
    expect(generator.render(await modelOf({ root: EXAMPLE_ROOT }), {})).toBe(first);
    expect(first).toContain('| `query-availability` | 99.9 % | at least | `30d` |');
    expect(first).toContain(
      '| `AtlasQueryAvailabilityBurn` | critical | `page` | `10m` | `ops/observe/alerts/atlas-serving.yaml` |',
    );
    expect(generator.render(await modelOf({ root: EXAMPLE_ROOT }), { part: 'slos' })).not.toContain('| Alert |');
  });

  it.each([...mermaidGenerators()].map((name) => [name]))('%s writes valid, deterministic Mermaid', async (name) => {
    const generator = generators.get(name)!;
    const first = generator.render(await modelOf({ root: EXAMPLE_ROOT }), {});
    const second = generator.render(await modelOf({ root: EXAMPLE_ROOT }), {});
    expect(second).toBe(first);
    expect(first.endsWith('\n')).toBe(true);
    expect(first).not.toMatch(/\r|\d{4}-\d{2}-\d{2}T/);
    await expectValidMermaid(first);
  });

  it('upgrade-flow names the real scenarios by kind, and the profile when asked', async () => {
    const model = await modelOf({ root: EXAMPLE_ROOT });
    const flow = generators.get('upgrade-flow')!.render(model, { profile: 'prod-ha', direction: 'LR' });
    expect(flow).toContain('flowchart LR');
    expect(flow).toContain('kind -->|"patch"| upgrade_upgrade_patch["upgrade-patch: 1.3.1 #8594; 1.3.2"]');
    expect(flow).toContain('rollback --> rollback_rollback_after_failed_upgrade');
    expect(flow).toContain('for prod-ha (suite install-gate, rollout)');
  });

  it('rollback-flow sends scenarios that restore serving state to the store branch', async () => {
    const flow = generators.get('rollback-flow')!.render(await modelOf({ root: EXAMPLE_ROOT }), {});
    expect(flow).toContain('store --> store_rollback_after_failed_upgrade');
    expect(flow).toContain('runtime --> runtime_rollback_patch');
  });

  it('version-graph dashes rollbacks and highlights a transition no row supports', async () => {
    const files = {
      'ops/k8s/install-matrix.json': '{ "schema_version": 1, "profiles": [], "scenarios": [] }',
      'ops/e2e/scenarios/upgrade/version-compatibility.json': JSON.stringify({
        schema_version: 1,
        current_version: '2.0.0',
        compatibility: [
          { from: '1.0.0', to: '2.0.0', kind: 'major', supported: true },
          { from: '2.0.0', to: '1.0.0', kind: 'rollback', supported: true },
        ],
      }),
      'ops/e2e/scenarios/upgrade/up.json': JSON.stringify({
        id: 'up',
        from_version: '1.0.0',
        to_version: '2.0.0',
        kind: 'major',
        steps: ['upgrade'],
      }),
      'ops/e2e/scenarios/upgrade/skip.json': JSON.stringify({
        id: 'skip',
        from_version: '0.9.0',
        to_version: '2.0.0',
        kind: 'major',
        steps: ['upgrade'],
      }),
    };
    const graph = generators.get('version-graph')!.render(await modelOf({ files }), {});
    expect(graph).toContain('v_2_0_0 -.->|"rollback: no scenario"| v_1_0_0');
    expect(graph).toContain('v_0_9_0 ==>|"major: skip (not supported)"| v_2_0_0');
    expect(graph).toContain('linkStyle 0 stroke:#c62828');
    expect(graph).toContain('- `skip` uses `0.9.0 → 2.0.0`, which the compatibility table does not support');
    await expectValidMermaid(graph);
  });
});

describe('hostile contract strings', () => {
  const evil = ['a"b', 'x] --> y[pwn', '%% c', '<script>alert(1)</script>', 'ünï 😀', 'end', 'p|q;r'];
  const files: Record<string, MemoryFile> = {
    'ops/k8s/install-matrix.json': JSON.stringify({
      schema_version: 1,
      profiles: evil.map((name, i) => ({
        name,
        values_file: `ops/k8s/values/${i}.yaml`,
        suite: evil[(i + 1) % evil.length],
      })),
      scenarios: evil.map((name) => ({ name: `${name} install`, kind: 'install', profile: name, suite: 'nightly' })),
    }),
    'ops/k8s/rollout-safety-contract.json': JSON.stringify({
      schema_version: 1,
      profiles: evil.map((name) => ({
        name,
        rollout_mode: name,
        requiredToggles: [name],
        forbiddenToggles: [`${name}=1`],
        networkPolicyModeRequired: name,
        hpaPolicyRequired: name,
      })),
    }),
    'ops/e2e/scenarios/upgrade/version-compatibility.json': JSON.stringify({
      schema_version: 1,
      current_version: '<b>1</b>',
      compatibility: [{ from: '"0"', to: '<b>1</b>', kind: '-->', supported: true }],
    }),
    'ops/release/evidence/manifest.json': JSON.stringify({
      schema_version: 2,
      [evil[1]!]: { path: evil[3], sha256: 'ab' },
      image_artifacts: [{ digest: `sha256:${'a'.repeat(64)}`, profile: evil[0] }],
    }),
    'ops/release/evidence/identity.json': JSON.stringify({ schema_version: 1, git_sha: evil[2], release_id: evil[3] }),
    ...Object.fromEntries(
      evil.map((id, i) => [
        `ops/e2e/scenarios/upgrade/s${i}.json`,
        JSON.stringify({
          id,
          from_version: evil[i],
          to_version: evil[(i + 2) % evil.length],
          kind: i % 2 ? 'rollback' : evil[i],
          failure_expected: true,
          steps: [...evil, 'upgrade', 'restore-store'],
        }),
      ]),
    ),
  };

  it.each([...mermaidGenerators()].map((name) => [name]))(
    '%s keeps them as text: the diagrams parse and nothing is injected',
    async (name) => {
      const output = generators.get(name)!.render(await modelOf({ files }), {});
      await expectValidMermaid(output);
      for (const diagram of diagramsIn(output)) {
        expect(diagram).not.toContain('<script>');
        expect(diagram).not.toContain('%% c');
        expect(diagram).not.toMatch(/\] --> y\[/);
      }
      // Outside diagrams, contract strings are code spans or escaped text: no HTML, no broken table rows.
      const prose = output.replace(/```mermaid\n[^]*?```/g, '').replace(/(`+)[^`]*?\1/g, '');
      expect(prose).not.toContain('<script>');
      const rows = output.split('\n').filter((line) => line.startsWith('|'));
      const cells = (row: string) => row.replace(/\\\|/g, '').split('|').length;
      for (const row of rows) expect(cells(row), row).toBe(cells(rows[0]!));
    },
  );
});

describe('region attributes', () => {
  const page = (marker: string) => ({
    'ops/k8s/install-matrix.json':
      '{ "schema_version": 1, "profiles": [{ "name": "kind", "values_file": "v.yaml", "suite": "nightly" }], "scenarios": [] }',
    'docs/p.md': `${marker}\n<!-- surveyor:end upgrade-flow -->\n`,
  });

  it.each([
    [
      '<!-- surveyor:begin upgrade-flow colour=red -->',
      'Unexpected attribute `colour` for `upgrade-flow`, expected `profile`, `direction`',
    ],
    [
      '<!-- surveyor:begin upgrade-flow direction=UP -->',
      'Unexpected `direction=UP` for `upgrade-flow`, expected one of `TD`, `TB`, `LR`, `RL`, `BT`',
    ],
    [
      '<!-- surveyor:begin upgrade-flow profile=knd -->',
      'Unexpected `profile=knd`: no install-matrix profile is named `knd`, did you mean `kind`?',
    ],
  ])('%s', async (marker, message) => {
    const session = await openSession({ source: new MemorySource(page(marker)) });
    const [plan] = await plannedPages(session.facts);
    expect(plan!.regions[0]!.problems).toEqual([message]);
    expect(plan!.next).toBe(plan!.text);
  });
});
