import { isObject } from './contract-file.js';
import { BOOLEAN, type FieldsOf, LIST, type Located, parseItems, REQUIRED_STRING, STRING } from './lenient-parse.js';

const PROFILE_FIELDS = {
  id: STRING,
  name: REQUIRED_STRING,
  suite: STRING,
  values_file: STRING,
  rollout_mode: STRING,
  warmup_required: BOOLEAN,
  readiness_path_required: BOOLEAN,
  intendedUse: STRING,
  forbiddenToggles: LIST,
  requiredToggles: LIST,
  expectedResourcesClass: STRING,
  networkPolicyModeRequired: STRING,
  hpaPolicyRequired: STRING,
};

/** One profile's rollout and readiness policy. */
export type ContractProfile = Located<FieldsOf<typeof PROFILE_FIELDS>>;

/** `ops/k8s/rollout-safety-contract.json`: per-profile rollout and readiness policy. */
export interface RolloutContract {
  file: string;
  profiles: ContractProfile[];
}

/** Reads the rollout safety contract leniently (profiles without a `name` are left out); `undefined` without a `profiles` list. */
export function readRolloutContract(file: string, value: unknown): RolloutContract | undefined {
  if (!isObject(value) || !Array.isArray(value.profiles)) return undefined;
  return { file, profiles: parseItems(value.profiles, PROFILE_FIELDS, '/profiles') };
}
