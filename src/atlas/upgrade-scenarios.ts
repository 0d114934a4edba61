import type { Workspace } from '../workspace/workspace.js';
import { BOOLEAN, type FieldsOf, LIST, readFields, STRING } from './lenient-parse.js';

const SCENARIO_FIELDS = {
  id: STRING,
  from_version: STRING,
  to_version: STRING,
  kind: STRING,
  failure_expected: BOOLEAN,
  steps: LIST,
};

/** An upgrade or rollback scenario: one JSON file of the scenarios folder. */
export type UpgradeScenario = FieldsOf<typeof SCENARIO_FIELDS> & { file: string };

/** Reads the scenario files leniently: fields of the wrong type are treated as absent. */
export function readUpgradeScenarios(workspace: Workspace, files: readonly string[]): UpgradeScenario[] {
  return files.map((file) => ({ ...readFields(workspace.json(file)!.value, SCENARIO_FIELDS), file }));
}
