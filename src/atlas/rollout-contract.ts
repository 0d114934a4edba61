import { isObject } from './contract-file.js';
import { type FieldsOf, type Located, parseItems } from './lenient-parse.js';

const PROFILE_FIELDS = {
  id: { type: 'string' },
  name: { type: 'string', required: true },
  suite: { type: 'string' },
  values_file: { type: 'string' },
  rollout_mode: { type: 'string' },
  warmup_required: { type: 'boolean' },
  readiness_path_required: { type: 'boolean' },
  intendedUse: { type: 'string' },
  forbiddenToggles: { type: 'array' },
  requiredToggles: { type: 'array' },
  expectedResourcesClass: { type: 'string' },
  networkPolicyModeRequired: { type: 'string' },
  hpaPolicyRequired: { type: 'string' },
} as const;

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
