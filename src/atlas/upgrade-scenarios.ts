import type { Workspace } from '../workspace/workspace.js';
import { type FieldsOf, readFields } from './lenient-parse.js';

const SCENARIO_FIELDS = {
  id: { type: 'string' },
  from_version: { type: 'string' },
  to_version: { type: 'string' },
  kind: { type: 'string' },
  failure_expected: { type: 'boolean' },
  steps: { type: 'array' },
} as const;

/** An upgrade or rollback scenario: one JSON file of the scenarios folder. */
export type UpgradeScenario = FieldsOf<typeof SCENARIO_FIELDS> & { file: string };

/** Reads the scenario files leniently: fields of the wrong type are treated as absent. */
export function readUpgradeScenarios(workspace: Workspace, files: readonly string[]): UpgradeScenario[] {
  return files.map((file) => ({ ...readFields(workspace.json(file)!.value, SCENARIO_FIELDS), file }));
}
