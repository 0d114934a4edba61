import { evidenceCoverage, installMatrix, rolloutGates } from './contracts.js';
import { rollbackFlow, upgradeFlow } from './flows.js';
import type { Generator } from './generator.js';
import { observability } from './observability.js';
import { scenarioSteps, versionGraph } from './versions.js';

/** Every generator, by the name written on its markers. */
export const generators: ReadonlyMap<string, Generator> = new Map(
  [
    upgradeFlow,
    rollbackFlow,
    versionGraph,
    scenarioSteps,
    installMatrix,
    rolloutGates,
    evidenceCoverage,
    observability,
  ].map((g) => [g.name, g]),
);
