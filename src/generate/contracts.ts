import type { AtlasModel } from '../atlas/model.js';
import type { ContractProfile } from '../atlas/rollout-contract.js';
import { compareText } from '../compare-text.js';
import { firstBy, groupBy } from '../group-by.js';
import { DIRECTION, type Generator, mermaidFence } from './generator.js';
import { codeCell, tableCell } from './markdown-text.js';
import { mermaidLabel, NodeIds } from './mermaid-text.js';

const SCENARIO_KINDS = ['install', 'upgrade', 'rollback'];

function byName<T extends { name?: string }>(a: T, b: T): number {
  return compareText(a.name ?? '', b.name ?? '');
}

/** The readiness probe path in a profile's effective values, when set. */
function readinessPath(model: AtlasModel, valuesFile: string | undefined): string | undefined {
  if (!valuesFile) return undefined;
  const lookup = model.effectiveValues(valuesFile)?.lookup(['server', 'readinessProbePath']);
  return lookup?.found && typeof lookup.value === 'string' && lookup.value !== '' ? lookup.value : undefined;
}

/** Profiles × install/upgrade/rollback scenarios grouped by suite, and the profile table. */
export const installMatrix: Generator = {
  name: 'install-matrix',
  reads: ['installMatrix', 'rolloutContract', 'effectiveValues'],
  description: 'Profiles and their install, upgrade and rollback scenarios by suite, and the profile table',
  attributes: { direction: DIRECTION },
  render(model, attributes) {
    const matrix = model.installMatrix;
    const profiles = [...(matrix?.profiles ?? [])].sort(byName);
    const ids = new NodeIds();
    const lines = [`flowchart ${attributes.direction ?? 'LR'}`];
    // Grouped once: a matrix of thousands of profiles and scenarios must not be scanned once per profile.
    const bySuite = groupBy(profiles, (p) => p.suite ?? 'no suite');
    const scenariosOf = groupBy(matrix?.scenarios ?? [], (s) => s.profile);
    const contracts = firstBy(model.rolloutContract?.profiles ?? [], (p) => p.name);
    for (const suite of [...bySuite.keys()].sort() as string[]) {
      lines.push(`  subgraph ${ids.id('suite', suite)}[${mermaidLabel(suite)}]`);
      for (const profile of bySuite.get(suite)!)
        lines.push(`    ${ids.id('profile', profile.name)}[${mermaidLabel(profile.name)}]`);
      lines.push('  end');
    }
    for (const profile of profiles) {
      const scenarios = scenariosOf.get(profile.name) ?? [];
      for (const kind of SCENARIO_KINDS) {
        for (const scenario of scenarios.filter((s) => s.kind === kind).sort(byName)) {
          const refs =
            scenario.baseline_ref && scenario.target_ref ? `, ${scenario.baseline_ref} → ${scenario.target_ref}` : '';
          lines.push(
            `  ${ids.id('profile', profile.name)} -->|${mermaidLabel(kind)}| ${ids.id('scenario', scenario.name ?? `${profile.name}-${kind}`)}[${mermaidLabel(`${scenario.name ?? kind}${refs}`)}]`,
          );
        }
      }
    }
    const table = [
      '| Profile | Values file | Suite | Rollout mode | Warmup | Readiness path |',
      '| --- | --- | --- | --- | --- | --- |',
      ...profiles.map((profile) => {
        const contract = contracts.get(profile.name);
        const path = readinessPath(model, profile.values_file);
        const readiness = `${path ? codeCell(path) : 'none'}${contract?.readiness_path_required ? ' (required)' : ''}`;
        const warmup =
          contract?.warmup_required === undefined ? '—' : contract.warmup_required ? 'required' : 'not required';
        return `| ${codeCell(profile.name)} | ${codeCell(profile.values_file ?? '—')} | ${tableCell(profile.suite ?? '—')} | ${tableCell(contract?.rollout_mode ?? 'no contract')} | ${warmup} | ${readiness} |`;
      }),
    ];
    return `${mermaidFence(lines)}\n${table.join('\n')}\n`;
  },
};

/** What a contract profile imposes before its rollout is allowed to serve, as ordered gates. */
function gates(contract: ContractProfile): string[] {
  const list = [`rollout mode: ${contract.rollout_mode ?? 'unspecified'}`];
  if (contract.warmup_required) list.push('cache warmup enabled');
  if (contract.readiness_path_required) list.push('readiness probe path set');
  for (const toggle of contract.requiredToggles ?? []) list.push(`requires ${String(toggle)}`);
  for (const toggle of contract.forbiddenToggles ?? []) list.push(`forbids ${String(toggle)}`);
  if (contract.networkPolicyModeRequired)
    list.push(
      contract.networkPolicyModeRequired === 'disabled'
        ? 'network policy disabled'
        : `network policy: ${contract.networkPolicyModeRequired}`,
    );
  if (contract.hpaPolicyRequired) list.push(`HPA ${contract.hpaPolicyRequired}`);
  if (contract.expectedResourcesClass) list.push(`resources class: ${contract.expectedResourcesClass}`);
  return list;
}

/** Per profile, the gates its rollout safety contract imposes, in order, ending at serving. */
export const rolloutGates: Generator = {
  name: 'rollout-gates',
  reads: ['rolloutContract'],
  description: 'Per profile, the gates of its rollout safety contract between deploy and serving',
  attributes: {
    profile: { description: 'Only this profile', profile: true },
    direction: DIRECTION,
  },
  render(model, attributes) {
    const contracts = [...(model.rolloutContract?.profiles ?? [])]
      .filter((p) => !attributes.profile || p.name === attributes.profile)
      .sort(byName);
    const ids = new NodeIds();
    const lines = [`flowchart ${attributes.direction ?? 'LR'}`];
    for (const contract of contracts) {
      const deploy = ids.id('deploy', contract.name);
      const serve = ids.id('serve', contract.name);
      lines.push(
        `  subgraph ${ids.id('profile', contract.name)}[${mermaidLabel(`${contract.name} (${contract.suite ?? 'no suite'})`)}]`,
      );
      lines.push(`    ${deploy}[${mermaidLabel('deploy')}]`);
      let previous = deploy;
      gates(contract).forEach((gate, index) => {
        const id = ids.id('gate', `${contract.name}_${index + 1}`);
        lines.push(`    ${id}{${mermaidLabel(gate)}}`);
        lines.push(`    ${previous} --> ${id}`);
        previous = id;
      });
      lines.push(`    ${serve}([${mermaidLabel('serve traffic')}])`);
      lines.push(`    ${previous} --> ${serve}`);
      lines.push('  end');
    }
    if (contracts.length === 0) lines.push(`  none[${mermaidLabel('No rollout safety contract profiles')}]`);
    return mermaidFence(lines);
  },
};

/** Release identity → manifest groups → artifacts, and which profiles have images and SBOMs. */
export const evidenceCoverage: Generator = {
  name: 'evidence-coverage',
  reads: ['manifest', 'identity', 'installMatrix'],
  description:
    'The release identity, the evidence manifest groups and their artifacts, and image and SBOM coverage per profile',
  attributes: { direction: DIRECTION },
  render(model, attributes) {
    const manifest = model.manifest;
    const identity = model.identity;
    const ids = new NodeIds();
    const release = identity
      ? `Release ${identity.release_id ?? '?'} at ${(identity.git_sha ?? '?').slice(0, 12)}`
      : 'No evidence identity';
    const lines = [`flowchart ${attributes.direction ?? 'LR'}`, `  identity[${mermaidLabel(release)}]`];
    const groups = new Map<string, Set<string>>();
    const add = (pointer: string, artifact: string) => {
      const group = pointer.split('/')[1] ?? '';
      if (!groups.has(group)) groups.set(group, new Set());
      groups.get(group)!.add(artifact);
    };
    // `identity_path`, `policy_path` and an image's `source_path` point at inputs, not artifacts.
    for (const entry of manifest?.paths ?? [])
      if (!/_path$/.test(entry.pointer.split('/').pop() ?? '')) add(entry.pointer, entry.path);
    // The first profile under each object of the manifest, by the object's pointer prefix (`/`, `/a/`, `/a/0/`).
    const profileUnder = new Map<string, { value: string }>();
    for (const profile of manifest?.profiles ?? []) {
      for (let end = 0; end !== -1; end = profile.pointer.indexOf('/', end + 1)) {
        const prefix = profile.pointer.slice(0, end + 1);
        if (!profileUnder.has(prefix)) profileUnder.set(prefix, profile);
      }
    }
    for (const digest of manifest?.imageDigests ?? []) {
      const profile = profileUnder.get(digest.pointer.replace(/\/[^/]*$/, '/'));
      add(digest.pointer, `${profile ? `${profile.value} ` : ''}image ${digest.value.slice(0, 19)}…`);
    }
    for (const group of [...groups.keys()].sort()) {
      const groupId = ids.id('group', group);
      const artifacts = [...groups.get(group)!].sort();
      lines.push(`  identity --> ${groupId}[${mermaidLabel(`${group} (${artifacts.length})`)}]`);
      for (const artifact of artifacts)
        lines.push(`  ${groupId} --> ${ids.id('artifact', `${group}/${artifact}`)}[${mermaidLabel(artifact)}]`);
    }
    const groupsOf = groupBy(manifest?.profiles ?? [], (p) => p.value);
    const covered = (kind: string, profile: string) =>
      (groupsOf.get(profile) ?? []).some((p) => p.pointer.split('/')[1]?.includes(kind));
    const profiles = [...(model.installMatrix?.profiles ?? [])].sort(byName);
    const table = [
      '| Profile | Suite | Image artifact | SBOM |',
      '| --- | --- | --- | --- |',
      ...profiles.map(
        (p) =>
          `| ${codeCell(p.name)} | ${tableCell(p.suite ?? '—')} | ${covered('image', p.name) ? 'yes' : 'no'} | ${covered('sbom', p.name) ? 'yes' : 'no'} |`,
      ),
    ];
    return `${mermaidFence(lines)}\n${table.join('\n')}\n`;
  },
};
