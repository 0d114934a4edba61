import type { AtlasModel } from '../atlas/model.js';
import type { ResolvedConfig } from '../config/config.js';
import type { Place, RelatedPlace } from '../engine/rule.js';
import type { Workspace } from '../workspace/workspace.js';
import type { EvidenceItem } from './gate-report.js';

/** A finding of one of the gate's own checks, placed like a rule's report. */
export interface GateFinding {
  severity: 'error' | 'warning';
  message: string;
  place: Place;
  related?: RelatedPlace[];
}

/** What one check found: a summary for when it passes, the evidence it used, and its findings. */
export interface CheckOutcome {
  /** One sentence saying what was verified, shown when the check has no finding. */
  passed: string;
  evidence: EvidenceItem[];
  findings: GateFinding[];
}

/** What every check reads: the release, the release profiles and the repository as one model. */
export interface GateContext {
  /** The release, a semantic version. */
  release: string;
  /** The release profiles: `--profile`, else the matrix profiles of `gate.releaseSuites`. */
  profiles: string[];
  atlas: AtlasModel;
  workspace: Workspace;
  config: ResolvedConfig;
  /** The root on disk, when the repository is read from disk (the git check needs it). */
  rootDir?: string;
}

/** The evidence entry of a repository file: its path and the sha256 of its bytes, when it is a file. */
export function fileEvidence(atlas: AtlasModel, file: string, detail?: string): EvidenceItem {
  const item: EvidenceItem = { file };
  const digest = atlas.workspace.hasFile(file) ? atlas.fileDigest(file) : undefined;
  if (digest !== undefined) item.sha256 = digest;
  if (detail !== undefined) item.detail = detail;
  return item;
}

/** `a`, `a and b`, `a, b and c` (or `or`): values in backticks, listed in prose, the first `limit` of them. */
export function listInProse(values: readonly string[], conjunction: 'and' | 'or' = 'and', limit = 10): string {
  const shown = values.slice(0, limit).map((v) => `\`${v}\``);
  if (values.length > limit) shown.push(`${values.length - limit} more`);
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} ${conjunction} ${shown.at(-1)}`;
}

/** Evidence entries gathered by one check, one per file, details of the same file joined. */
export class EvidenceList {
  readonly #items = new Map<string, EvidenceItem>();

  /** Records a file (its sha256 when the model has one) with what the check found about it. */
  add(atlas: AtlasModel, file: string, detail?: string, sha256?: string): void {
    const known = this.#items.get(file);
    if (!known) {
      const item =
        sha256 === undefined
          ? fileEvidence(atlas, file, detail)
          : { file, sha256, ...(detail === undefined ? {} : { detail }) };
      this.#items.set(file, item);
    } else if (detail !== undefined && !(known.detail ?? '').split('; ').includes(detail)) {
      known.detail = known.detail ? `${known.detail}; ${detail}` : detail;
    }
  }

  /** The entries gathered so far. */
  get items(): EvidenceItem[] {
    return [...this.#items.values()];
  }
}
