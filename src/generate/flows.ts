import {
  DIRECTION,
  type Generator,
  mermaidFence,
  restoresServingState,
  scenarioId,
  scenarioText,
  sortedScenarios,
} from './generator.js';
import { mermaidLabel, NodeIds } from './mermaid-text.js';

const KIND_ORDER = ['patch', 'minor', 'major'];

/** The upgrade path of the "Upgrades and Rollback" page, with the repository's real scenarios. */
export const upgradeFlow: Generator = {
  name: 'upgrade-flow',
  reads: ['installMatrix', 'rolloutContract', 'scenarios'],
  description:
    'Confirm the matrix and rollout contract, verify the evidence, apply the scenario matching the version change, observe, then keep or roll back',
  attributes: {
    profile: { description: 'Name the profile being upgraded', profile: true },
    direction: DIRECTION,
  },
  render(model, attributes) {
    const ids = new NodeIds();
    const profile = attributes.profile
      ? model.installMatrix?.profiles.find((p) => p.name === attributes.profile)
      : undefined;
    const contract = profile ? model.rolloutContract?.profiles.find((p) => p.name === profile.name) : undefined;
    const target = profile
      ? `Confirm install matrix and rollout contract for ${profile.name} (suite ${profile.suite ?? '?'}, ${contract?.rollout_mode ?? 'no contract'})`
      : 'Confirm install matrix and rollout contract for the target profile';
    const lines = [`flowchart ${attributes.direction ?? 'TD'}`];
    lines.push(`  confirm[${mermaidLabel(target)}]`);
    lines.push(`  evidence[${mermaidLabel(`Verify release evidence: ${model.config.evidenceManifest}`)}]`);
    lines.push(`  kind{${mermaidLabel('Version change kind')}}`);
    lines.push(`  observe[${mermaidLabel('Observe readiness, health and load')}]`);
    lines.push(`  keep[${mermaidLabel('Keep the rollout')}]`);
    lines.push(`  rollback{${mermaidLabel('Roll back')}}`);
    lines.push('  confirm --> evidence --> kind');
    const scenarios = sortedScenarios(model);
    const upgrades = scenarios.filter((s) => s.kind !== 'rollback');
    const kinds = [...new Set(upgrades.map((s) => s.kind ?? 'unknown'))].sort(
      (a, b) => rank(a) - rank(b) || (a < b ? -1 : 1),
    );
    for (const kind of kinds) {
      for (const scenario of upgrades.filter((s) => (s.kind ?? 'unknown') === kind)) {
        const id = ids.id('upgrade', scenarioId(scenario));
        lines.push(`  kind -->|${mermaidLabel(kind)}| ${id}[${mermaidLabel(scenarioText(scenario))}]`);
        lines.push(`  ${id} --> observe`);
      }
    }
    if (upgrades.length === 0) {
      lines.push(`  kind --> no_upgrade[${mermaidLabel('No upgrade scenario in the repository')}]`);
      lines.push('  no_upgrade --> observe');
    }
    lines.push(`  observe -->|${mermaidLabel('signals agree')}| keep`);
    lines.push(`  observe -->|${mermaidLabel('signals disagree')}| rollback`);
    const rollbacks = scenarios.filter((s) => s.kind === 'rollback');
    for (const scenario of rollbacks)
      lines.push(`  rollback --> ${ids.id('rollback', scenarioId(scenario))}[${mermaidLabel(scenarioText(scenario))}]`);
    if (rollbacks.length === 0)
      lines.push(`  rollback --> no_rollback[${mermaidLabel('No rollback scenario in the repository')}]`);
    return mermaidFence(lines);
  },
};

function rank(kind: string): number {
  const index = KIND_ORDER.indexOf(kind);
  return index === -1 ? KIND_ORDER.length : index;
}

/** Runtime rollback versus serving-state rollback, each linked to the rollback scenarios that exercise it. */
export const rollbackFlow: Generator = {
  name: 'rollback-flow',
  reads: ['scenarios'],
  description: 'Decide between runtime and serving-state rollback, linked to the rollback scenarios that cover each',
  attributes: { direction: DIRECTION },
  render(model, attributes) {
    const ids = new NodeIds();
    const rollbacks = sortedScenarios(model).filter((s) => s.kind === 'rollback');
    const lines = [`flowchart ${attributes.direction ?? 'LR'}`];
    lines.push(`  problem[${mermaidLabel('Operational problem')}]`);
    lines.push(`  scope{${mermaidLabel('Runtime, serving state, or both?')}}`);
    lines.push(`  runtime[${mermaidLabel('Roll back the runtime')}]`);
    lines.push(`  store[${mermaidLabel('Roll back serving state too')}]`);
    lines.push('  problem --> scope');
    lines.push(`  scope -->|${mermaidLabel('runtime only')}| runtime`);
    lines.push(`  scope -->|${mermaidLabel('serving state affected')}| store`);
    for (const [branch, scenarios] of [
      ['runtime', rollbacks.filter((s) => !restoresServingState(s))],
      ['store', rollbacks.filter(restoresServingState)],
    ] as const) {
      for (const scenario of scenarios)
        lines.push(`  ${branch} --> ${ids.id(branch, scenarioId(scenario))}[${mermaidLabel(scenarioText(scenario))}]`);
      if (scenarios.length === 0)
        lines.push(
          `  ${branch} --> ${ids.id(branch, 'none')}[${mermaidLabel('No rollback scenario covers this path')}]`,
        );
    }
    return mermaidFence(lines);
  },
};
