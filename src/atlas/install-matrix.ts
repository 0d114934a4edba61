import { isObject } from './contract-file.js';
import { type FieldsOf, type Located, parseItems, REQUIRED_STRING, STRING } from './lenient-parse.js';

const PROFILE_FIELDS = { name: REQUIRED_STRING, values_file: STRING, suite: STRING };

const SCENARIO_FIELDS = {
  name: STRING,
  kind: STRING,
  profile: STRING,
  suite: STRING,
  baseline_ref: STRING,
  target_ref: STRING,
};

/** A profile of the install matrix: a named Helm values file run in a suite. */
export type MatrixProfile = Located<FieldsOf<typeof PROFILE_FIELDS>>;
/** An install, upgrade or rollback scenario of the install matrix. */
export type MatrixScenario = Located<FieldsOf<typeof SCENARIO_FIELDS>>;

/** `ops/k8s/install-matrix.json`: profiles and the scenarios run against them. */
export interface InstallMatrix {
  file: string;
  profiles: MatrixProfile[];
  scenarios: MatrixScenario[];
}

/**
 * Reads an install matrix leniently: items that do not fit are left out (`schema/valid`
 * reports them); `undefined` when it has no `profiles` list at all, so that no rule takes
 * "no profiles" for a fact.
 */
export function readInstallMatrix(file: string, value: unknown): InstallMatrix | undefined {
  if (!isObject(value) || !Array.isArray(value.profiles)) return undefined;
  const root = value;
  return {
    file,
    profiles: parseItems(root.profiles, PROFILE_FIELDS, '/profiles'),
    scenarios: parseItems(root.scenarios, SCENARIO_FIELDS, '/scenarios'),
  };
}
