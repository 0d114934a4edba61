import type * as z from 'zod';
import { zodSchema } from '../load-package.js';
import type { Workspace } from '../workspace/workspace.js';
import { lenient } from './lenient-parse.js';

const upgradeScenarioSchema = zodSchema((z) =>
  z.object({
    id: lenient(z.string()),
    from_version: lenient(z.string()),
    to_version: lenient(z.string()),
    kind: lenient(z.string()),
    failure_expected: lenient(z.boolean()),
    steps: lenient(z.array(z.unknown())),
  }),
);

/** An upgrade or rollback scenario: one JSON file of the scenarios folder. */
export type UpgradeScenario = z.output<ReturnType<typeof upgradeScenarioSchema>> & { file: string };

/** Reads the scenario files leniently: fields of the wrong type are treated as absent. */
export function readUpgradeScenarios(workspace: Workspace, files: readonly string[]): UpgradeScenario[] {
  const schema = upgradeScenarioSchema();
  return files.map((file) => ({ ...schema.parse(workspace.json(file)!.value), file }));
}
