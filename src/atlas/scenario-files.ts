import type { Workspace } from '../workspace/workspace.js';
import { isObject } from './contract-file.js';

/** The memo kind of "this JSON text is shaped like a scenario". */
const SCENARIO_SHAPED = 'scenario-shaped-1';

/** True for a value shaped like a scenario: an object with `from_version`, `to_version` and `steps`. */
function isScenarioShaped(value: unknown): boolean {
  return isObject(value) && 'from_version' in value && 'to_version' in value && 'steps' in value;
}

/**
 * The scenarios among the files matching the scenario globs: JSON files with
 * `from_version`, `to_version` and `steps` (the folder also holds the compatibility
 * table, fixtures and goldens, which are not scenarios).
 */
export function scenarioFiles(workspace: Workspace, globs: readonly string[], exclude: readonly string[]): string[] {
  const excluded = new Set(exclude);
  return workspace.match(globs).filter(
    (file) =>
      file.endsWith('.json') &&
      !excluded.has(file) &&
      // Recalled by content: mapping the scenarios to their built-in schema reads none of them in a cached run;
      // parsed with positions otherwise, which validating the scenario needs next.
      workspace.derivedNow(SCENARIO_SHAPED, file, () => isScenarioShaped(workspace.json(file)?.value)),
  );
}
