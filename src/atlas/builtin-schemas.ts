import type { ResolvedConfig } from '../config/config.js';
import { readPackageFile } from '../version.js';
import type { Workspace } from '../workspace/workspace.js';
import { scenarioFiles } from './scenario-files.js';

/** Base URL of the JSON Schemas surveyor ships for the Atlas contracts (`schemas/atlas/`). */
export const BUILTIN_SCHEMA_BASE = 'https://surveyor.dev/schemas/atlas/';

/** Names of the built-in schemas, one per Atlas contract (`schemas/atlas/<name>.schema.json`). */
export const BUILTIN_SCHEMA_NAMES = [
  'install-matrix',
  'rollout-safety-contract',
  'upgrade-scenario',
  'version-compatibility',
  'evidence-manifest',
  'evidence-identity',
  'evidence-policy',
  'readiness-score',
  'slo-definitions',
  'slo-measurement',
  'slo-metric-map',
  'alert-catalog',
] as const;

/** One of the built-in schema names. */
export type BuiltinSchemaName = (typeof BUILTIN_SCHEMA_NAMES)[number];

/** A built-in schema: its `$id` and content. */
export interface BuiltinSchema {
  name: BuiltinSchemaName;
  url: string;
  schema: Record<string, unknown>;
}

/** The `$id` of a built-in schema. */
export function builtinSchemaUrl(name: BuiltinSchemaName): string {
  return `${BUILTIN_SCHEMA_BASE}${name}.schema.json`;
}

let loaded: BuiltinSchema[] | undefined;

/** The built-in schemas, read once from the package's `schemas/atlas/` folder. */
export function builtinSchemas(): readonly BuiltinSchema[] {
  if (!loaded) {
    loaded = BUILTIN_SCHEMA_NAMES.map((name) => {
      const file = `schemas/atlas/${name}.schema.json`;
      const text = readPackageFile(file);
      try {
        if (text !== undefined)
          return { name, url: builtinSchemaUrl(name), schema: JSON.parse(text) as Record<string, unknown> };
      } catch {
        // a damaged copy is as good as none
      }
      throw new Error(`built-in schema \`${file}\` is missing from the surveyor package`);
    });
  }
  return loaded;
}

/** The Atlas contract files of a repository and the built-in schema each would be validated with. */
export function builtinSchemaTargets(
  workspace: Workspace,
  config: ResolvedConfig,
): { instance: string; schema: string }[] {
  const atlas = config.atlas;
  const targets: { instance: string; schema: string }[] = [];
  const add = (instance: string, name: BuiltinSchemaName) => {
    if (workspace.hasFile(instance)) targets.push({ instance, schema: builtinSchemaUrl(name) });
  };
  // The observability contracts are checked wherever they exist, Atlas preset or not.
  const observe = config.observe;
  add(observe.sloDefinitions, 'slo-definitions');
  add(observe.sloMeasurement, 'slo-measurement');
  add(observe.sloMetricMap, 'slo-metric-map');
  add(observe.alertCatalog, 'alert-catalog');
  if (!atlas.enabled) return targets;
  add(atlas.installMatrix, 'install-matrix');
  add(atlas.rolloutContract, 'rollout-safety-contract');
  add(atlas.versionCompatibility, 'version-compatibility');
  add(atlas.evidenceManifest, 'evidence-manifest');
  add(atlas.identity, 'evidence-identity');
  add(atlas.policy, 'evidence-policy');
  add(atlas.readinessScore, 'readiness-score');
  for (const file of scenarioFiles(workspace, atlas.scenarios, [atlas.versionCompatibility]))
    add(file, 'upgrade-scenario');
  return targets;
}
