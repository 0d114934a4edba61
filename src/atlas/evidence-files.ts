import { isObject } from './contract-file.js';

/** `identity.json`: the commit and release the evidence was collected from. */
export interface EvidenceIdentity {
  file: string;
  git_sha?: string;
  governance_version?: string;
  release_id?: string;
}

/**
 * Reads the evidence identity leniently (a field that is no string is treated as absent);
 * `undefined` when it is not an object. Plain code, not zod: the rules that read git run on
 * every run, and this is all they parse.
 */
export function readEvidenceIdentity(file: string, value: unknown): EvidenceIdentity | undefined {
  if (!isObject(value)) return undefined;
  const identity: EvidenceIdentity = { file };
  for (const key of ['git_sha', 'governance_version', 'release_id'] as const) {
    const field = value[key];
    if (typeof field === 'string') identity[key] = field;
  }
  return identity;
}

/** A string of a policy list, with its pointer. */
export interface PolicyEntry {
  value: string;
  pointer: string;
}

/** `policy.json`: what a release must carry. */
export interface EvidencePolicy {
  file: string;
  requiredPaths: PolicyEntry[];
  acceptedSbomFormats: PolicyEntry[];
  imageDigestRequiredProfiles: PolicyEntry[];
  minimumReadinessScore?: number;
}

function entries(list: unknown, pointer: string): PolicyEntry[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((value, index) => (typeof value === 'string' ? [{ value, pointer: `${pointer}/${index}` }] : []));
}

/** Reads the evidence policy leniently; `undefined` when it is not an object. */
export function readEvidencePolicy(file: string, value: unknown): EvidencePolicy | undefined {
  if (!isObject(value)) return undefined;
  const root = value;
  const policy: EvidencePolicy = {
    file,
    requiredPaths: entries(root.required_paths, '/required_paths'),
    acceptedSbomFormats: entries(root.accepted_sbom_formats, '/accepted_sbom_formats'),
    imageDigestRequiredProfiles: entries(root.image_digest_required_profiles, '/image_digest_required_profiles'),
  };
  const minimum = root.minimum_readiness_score;
  if (typeof minimum === 'number' && Number.isFinite(minimum)) policy.minimumReadinessScore = minimum;
  return policy;
}
