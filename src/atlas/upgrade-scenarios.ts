import * as z from 'zod';
import type { Workspace } from '../workspace/workspace.js';
import { lenient } from './lenient-parse.js';

const UpgradeScenarioSchema = z.object({
  id: lenient(z.string()),
  from_version: lenient(z.string()),
  to_version: lenient(z.string()),
  kind: lenient(z.string()),
  failure_expected: lenient(z.boolean()),
  steps: lenient(z.array(z.unknown())),
});

/** An upgrade or rollback scenario: one JSON file of the scenarios folder. */
export type UpgradeScenario = z.output<typeof UpgradeScenarioSchema> & { file: string };

/** Reads the scenario files leniently: fields of the wrong type are treated as absent. */
export function readUpgradeScenarios(workspace: Workspace, files: readonly string[]): UpgradeScenario[] {
  return files.map((file) => ({ ...UpgradeScenarioSchema.parse(workspace.json(file)!.value), file }));
}
