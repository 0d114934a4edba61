import { jsonText } from '../json-text.js';
import { compareVersions, DIRECTION, type Generator, mermaidFence, scenarioId, sortedScenarios } from './generator.js';
import { codeSpan } from './markdown-text.js';
import { mermaidLabel, NodeIds } from './mermaid-text.js';

interface Edge {
  from: string;
  to: string;
  kind: string;
  supported: boolean;
  scenarios: string[];
}

/**
 * Versions as nodes, supported transitions as edges labelled with their kind and the
 * scenarios that cover them; rollbacks dashed; a transition a scenario uses but the
 * table does not support drawn thick and red.
 */
export const versionGraph: Generator = {
  name: 'version-graph',
  reads: ['compatibility', 'scenarios'],
  description: 'Versions and supported transitions from the compatibility table, with the scenarios covering each edge',
  attributes: { direction: DIRECTION },
  render(model, attributes) {
    const table = model.compatibility;
    const edges = new Map<string, Edge>();
    for (const row of table?.rows ?? []) {
      if (row.supported !== true) continue;
      edges.set(`${row.from}\u0000${row.to}`, {
        from: row.from,
        to: row.to,
        kind: row.kind ?? '?',
        supported: true,
        scenarios: [],
      });
    }
    for (const scenario of sortedScenarios(model)) {
      if (scenario.from_version === undefined || scenario.to_version === undefined) continue;
      const key = `${scenario.from_version}\u0000${scenario.to_version}`;
      let edge = edges.get(key);
      if (!edge) {
        edge = {
          from: scenario.from_version,
          to: scenario.to_version,
          kind: scenario.kind ?? '?',
          supported: false,
          scenarios: [],
        };
        edges.set(key, edge);
      }
      edge.scenarios.push(scenarioId(scenario));
    }
    const versions = [
      ...new Set(
        [...edges.values()].flatMap((e) => [e.from, e.to]).concat(table?.currentVersion ? [table.currentVersion] : []),
      ),
    ].sort(compareVersions);
    const ids = new NodeIds();
    const lines = [`flowchart ${attributes.direction ?? 'LR'}`];
    for (const version of versions) {
      const current = version === table?.currentVersion;
      lines.push(`  ${ids.id('v', version)}[${mermaidLabel(current ? `${version} (current)` : version)}]`);
    }
    const sorted = [...edges.values()].sort((a, b) => compareVersions(a.from, b.from) || compareVersions(a.to, b.to));
    const unsupported: number[] = [];
    sorted.forEach((edge, index) => {
      const label = mermaidLabel(
        `${edge.kind}: ${edge.scenarios.length ? edge.scenarios.join(', ') : 'no scenario'}${edge.supported ? '' : ' (not supported)'}`,
      );
      const arrow = !edge.supported ? '==>' : edge.kind === 'rollback' ? '-.->' : '-->';
      if (!edge.supported) unsupported.push(index);
      lines.push(`  ${ids.id('v', edge.from)} ${arrow}|${label}| ${ids.id('v', edge.to)}`);
    });
    if (table?.currentVersion) {
      lines.push('  classDef current stroke-width:3px');
      lines.push(`  class ${ids.id('v', table.currentVersion)} current`);
    }
    if (unsupported.length) lines.push(`  linkStyle ${unsupported.join(',')} stroke:#c62828,stroke-width:3px`);
    const notes = sorted.filter((e) => !e.supported);
    const legend = notes.map(
      (e) =>
        `- ${e.scenarios.map(codeSpan).join(', ')} ${e.scenarios.length > 1 ? 'use' : 'uses'} ${codeSpan(`${e.from} → ${e.to}`)}, which the compatibility table does not support`,
    );
    if (legend.length) legend.unshift('');
    return mermaidFence(lines) + (legend.length ? `${legend.join('\n')}\n` : '');
  },
};

/** One flowchart per upgrade scenario: its steps in order, and a failure branch when the upgrade is expected to fail. */
export const scenarioSteps: Generator = {
  name: 'scenario-steps',
  reads: ['scenarios'],
  description: 'The steps of each upgrade scenario in order, with a failure branch where failure is expected',
  attributes: {
    scenario: { description: 'Only this scenario id', scenario: true },
    direction: DIRECTION,
  },
  render(model, attributes) {
    const scenarios = sortedScenarios(model).filter(
      (s) => !attributes.scenario || scenarioId(s) === attributes.scenario,
    );
    const parts: string[] = [];
    for (const scenario of scenarios) {
      const ids = new NodeIds();
      const steps = (scenario.steps ?? []).map((s) => (typeof s === 'string' ? s : jsonText(s)));
      const kind = scenario.kind === undefined ? 'unknown kind' : codeSpan(scenario.kind);
      const heading = `**${codeSpan(scenarioId(scenario))}**: ${kind}, ${codeSpan(scenario.from_version ?? '?')} → ${codeSpan(scenario.to_version ?? '?')}${scenario.failure_expected ? ', the upgrade is expected to fail' : ''}`;
      const lines = [`flowchart ${attributes.direction ?? 'TD'}`];
      steps.forEach((step, index) =>
        lines.push(`  ${ids.id('step', String(index + 1))}[${mermaidLabel(`${index + 1}. ${step}`)}]`),
      );
      let previous: string | undefined;
      steps.forEach((step, index) => {
        const id = ids.id('step', String(index + 1));
        if (previous) lines.push(`  ${previous} --> ${id}`);
        previous = id;
        if (scenario.failure_expected && step === 'upgrade') {
          lines.push(`  ${id} --> failed{${mermaidLabel('Upgrade failed as expected?')}}`);
          lines.push(
            `  failed -->|${mermaidLabel('no')}| unexpected[${mermaidLabel('Scenario fails: the upgrade should have failed')}]`,
          );
          previous = undefined;
          const next = steps[index + 1] === undefined ? undefined : ids.id('step', String(index + 2));
          if (next) lines.push(`  failed -->|${mermaidLabel('yes')}| ${next}`);
        }
      });
      if (steps.length === 0) lines.push(`  none[${mermaidLabel('No steps')}]`);
      parts.push(`${heading}\n\n${mermaidFence(lines)}`);
    }
    return parts.length ? parts.join('\n') : 'No upgrade scenarios.\n';
  },
};
