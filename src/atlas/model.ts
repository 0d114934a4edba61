import { createHash } from 'node:crypto';
import type { AtlasConfig } from '../config/config.js';
import { toRepoPath } from '../workspace/repo-path.js';
import type { Workspace } from '../workspace/workspace.js';
import { type HelmChart, readChart } from './chart.js';
import {
  type ContractProblem,
  type FilePlace,
  loadJsonContract,
  loadYamlMap,
  type YamlMapFile,
} from './contract-file.js';
import {
  type EvidenceIdentity,
  type EvidencePolicy,
  readEvidenceIdentity,
  readEvidencePolicy,
} from './evidence-files.js';
import { type EvidenceManifest, readEvidenceManifest } from './evidence-manifest.js';
import { EffectiveValues } from './helm-values.js';
import { type InstallMatrix, readInstallMatrix } from './install-matrix.js';
import { type ReadinessScore, readReadinessScore } from './readiness-score.js';
import { type RolloutContract, readRolloutContract } from './rollout-contract.js';
import { scenarioFiles } from './scenario-files.js';
import { readTarball, type TarballContents } from './tarball.js';
import { readUpgradeScenarios, type UpgradeScenario } from './upgrade-scenarios.js';
import { readVersionCompatibility, type VersionCompatibility } from './version-compatibility.js';

/** The evidence tarball: where it is, where the manifest names it, and what reading it gave. */
export interface EvidenceTarball {
  path: string;
  /** The manifest's `evidence_tarball.path` (or the config key) that names it. */
  at?: FilePlace;
  contents: TarballContents;
}

/** Where the bytes behind an evidence path were found. */
export type EvidenceSource = 'disk' | 'tarball';

/** A digest of the bytes an evidence path names, and where they were. */
export interface EvidenceBytes {
  sha256: string;
  source: EvidenceSource;
}

/**
 * The typed view of an Atlas repository's contracts, each file read on first use and at
 * most once. What cannot be read is recorded in `problems` (reported by
 * `atlas/contract-file`) and the model carries on with what it could read.
 */
export class AtlasModel {
  readonly workspace: Workspace;
  readonly config: AtlasConfig;
  readonly #problems: ContractProblem[] = [];
  readonly #cache = new Map<string, unknown>();
  readonly #values = new Map<string, YamlMapFile | undefined>();
  readonly #fileDigests = new Map<string, string | undefined>();

  constructor(workspace: Workspace, config: AtlasConfig) {
    this.workspace = workspace;
    this.config = config;
  }

  #once<T>(key: string, load: () => T): T {
    if (!this.#cache.has(key)) this.#cache.set(key, load());
    return this.#cache.get(key) as T;
  }

  /** The install matrix; `undefined` when the file is missing or not JSON. */
  get installMatrix(): InstallMatrix | undefined {
    return this.#once('installMatrix', () => {
      const value = loadJsonContract(this.workspace, this.config.installMatrix, 'installMatrix', this.#problems);
      return value === undefined ? undefined : readInstallMatrix(this.config.installMatrix, value);
    });
  }

  /** The rollout safety contract. */
  get rolloutContract(): RolloutContract | undefined {
    return this.#once('rolloutContract', () => {
      const value = loadJsonContract(this.workspace, this.config.rolloutContract, 'rolloutContract', this.#problems);
      return value === undefined ? undefined : readRolloutContract(this.config.rolloutContract, value);
    });
  }

  /** The Helm chart: `Chart.yaml` version and the default `values.yaml`. */
  get chart(): HelmChart {
    return this.#once('chart', () => readChart(this.workspace, this.config.chart, this.#problems));
  }

  /** A profile's values file as a YAML map; `undefined` when it is missing, outside the repo or unreadable. */
  profileValues(file: string): YamlMapFile | undefined {
    const repoPath = toRepoPath(file);
    if (!repoPath.ok) return undefined;
    if (!this.#values.has(repoPath.path))
      this.#values.set(repoPath.path, loadYamlMap(this.workspace, repoPath.path, this.#problems));
    return this.#values.get(repoPath.path);
  }

  /** A profile's effective values (chart defaults under its values file); `undefined` when either side is unreadable. */
  effectiveValues(valuesFile: string): EffectiveValues | undefined {
    const defaults = this.chart.defaults;
    const profile = this.profileValues(valuesFile);
    return defaults && profile ? new EffectiveValues(defaults, profile) : undefined;
  }

  /** The upgrade and rollback scenarios. */
  get scenarios(): UpgradeScenario[] {
    return this.#once('scenarios', () => readUpgradeScenarios(this.workspace, this.scenarioFiles));
  }

  /** The files that are scenarios (JSON files of the scenario globs with `from_version`, `to_version` and `steps`). */
  get scenarioFiles(): string[] {
    return this.#once('scenarioFiles', () =>
      scenarioFiles(this.workspace, this.config.scenarios, [this.config.versionCompatibility]),
    );
  }

  /** The version compatibility table. */
  get compatibility(): VersionCompatibility | undefined {
    return this.#once('compatibility', () => {
      const value = loadJsonContract(
        this.workspace,
        this.config.versionCompatibility,
        'versionCompatibility',
        this.#problems,
      );
      return value === undefined ? undefined : readVersionCompatibility(this.config.versionCompatibility, value);
    });
  }

  /** The release evidence manifest, read generically. */
  get manifest(): EvidenceManifest | undefined {
    return this.#once('manifest', () => {
      const value = loadJsonContract(this.workspace, this.config.evidenceManifest, 'evidenceManifest', this.#problems);
      return value === undefined ? undefined : readEvidenceManifest(this.config.evidenceManifest, value);
    });
  }

  /** The evidence identity. */
  get identity(): EvidenceIdentity | undefined {
    return this.#once('identity', () => {
      const value = loadJsonContract(this.workspace, this.config.identity, 'identity', this.#problems);
      return value === undefined ? undefined : readEvidenceIdentity(this.config.identity, value);
    });
  }

  /** The evidence policy. */
  get policy(): EvidencePolicy | undefined {
    return this.#once('policy', () => {
      const value = loadJsonContract(this.workspace, this.config.policy, 'policy', this.#problems);
      return value === undefined ? undefined : readEvidencePolicy(this.config.policy, value);
    });
  }

  /** The readiness score. */
  get readiness(): ReadinessScore | undefined {
    return this.#once('readiness', () => {
      const value = loadJsonContract(this.workspace, this.config.readinessScore, 'readinessScore', this.#problems);
      return value === undefined ? undefined : readReadinessScore(this.config.readinessScore, value);
    });
  }

  /**
   * The evidence tarball (`atlas.evidenceTarball`, else the manifest's `evidence_tarball.path`),
   * read once with every member hashed; `undefined` when none is named or it is not a file of
   * the repository (`evidence/path` reports that).
   */
  get tarball(): EvidenceTarball | undefined {
    return this.#once('tarball', () => {
      const named = this.config.evidenceTarball ?? this.manifest?.tarball?.path;
      if (named === undefined) return undefined;
      const repoPath = toRepoPath(named);
      if (!repoPath.ok) return undefined;
      const isFolder = !this.workspace.hasFile(repoPath.path) && this.workspace.hasDirectory(repoPath.path);
      if (!isFolder && !this.workspace.hasFile(repoPath.path)) return undefined;
      const tarball: EvidenceTarball = {
        path: repoPath.path,
        contents: isFolder ? folderInstead() : readTarball(this.workspace, repoPath.path),
      };
      // Place its problems where the manifest names it: `evidence_tarball.path`, else any entry with its path.
      const namedAt =
        this.config.evidenceTarball === undefined
          ? this.manifest?.tarball
          : this.manifest?.paths.find((p) => toRepoPath(p.path).path === repoPath.path);
      const at = namedAt ? { file: this.config.evidenceManifest, pointer: namedAt.pointer } : undefined;
      if (at) tarball.at = at;
      for (const member of tarball.contents.unsafe)
        this.#problems.push({
          kind: 'tarball-member',
          file: tarball.path,
          ...(at ? { at } : {}),
          member: member.path,
          reason: member.reason,
        });
      if (tarball.contents.problem)
        this.#problems.push({
          kind: 'tarball',
          file: tarball.path,
          ...(at ? { at } : {}),
          reason: tarball.contents.problem,
        });
      return tarball;
    });
  }

  /**
   * True when an evidence tarball is named but cannot be used (missing, outside the repo,
   * unreadable): what it would hold is unknown, so paths not on disk are not reported.
   */
  get tarballUnavailable(): boolean {
    const named = this.config.evidenceTarball ?? this.manifest?.tarball?.path;
    return named !== undefined && (this.tarball === undefined || this.tarball.contents.problem !== undefined);
  }

  /** The repo path of the evidence tarball as named (config, else manifest), whether or not it exists. */
  get tarballPath(): string | undefined {
    const named = this.config.evidenceTarball ?? this.manifest?.tarball?.path;
    const repoPath = named === undefined ? undefined : toRepoPath(named);
    return repoPath?.ok ? repoPath.path : undefined;
  }

  /** True when a repo path is a file or folder of the repository or of the evidence tarball. */
  exists(path: string): EvidenceSource | undefined {
    if (this.workspace.exists(path)) return 'disk';
    const contents = this.tarball?.contents;
    if (contents && (contents.members.has(path) || contents.directories.has(path.replace(/\/+$/, ''))))
      return 'tarball';
    return undefined;
  }

  /**
   * The sha256 of the bytes a repo path names: the file on disk (streamed, hashed once
   * however often it is asked for), else the tarball member. `undefined` when neither has it.
   */
  digestOf(path: string): EvidenceBytes | undefined {
    if (this.workspace.hasFile(path)) {
      const sha256 = this.fileDigest(path);
      return sha256 === undefined ? undefined : { sha256, source: 'disk' };
    }
    const member = this.tarball?.contents.members.get(path);
    return member ? { sha256: member.sha256, source: 'tarball' } : undefined;
  }

  /** The sha256 of a repository file, streamed in chunks so memory stays flat; computed once per file. */
  fileDigest(file: string): string | undefined {
    if (!this.#fileDigests.has(file)) {
      // The tarball is hashed while its members are read: one pass serves both.
      const tarball = file === this.tarballPath ? this.tarball : undefined;
      let sha256: string | undefined;
      if (tarball) {
        sha256 = tarball.contents.sha256;
      } else {
        const hash = createHash('sha256');
        sha256 = this.workspace.stream(file, (chunk) => hash.update(chunk)) ? hash.digest('hex') : undefined;
      }
      this.#fileDigests.set(file, sha256);
    }
    return this.#fileDigests.get(file);
  }

  /**
   * Every problem with the Atlas input files found so far, after loading all of them but
   * the evidence tarball (read it first with `tarball` for its problems to be included).
   */
  get problems(): readonly ContractProblem[] {
    this.installMatrix;
    this.rolloutContract;
    this.chart;
    this.compatibility;
    this.identity;
    this.policy;
    this.readiness;
    this.manifest;
    for (const profile of this.installMatrix?.profiles ?? [])
      if (profile.values_file) this.profileValues(profile.values_file);
    for (const profile of this.rolloutContract?.profiles ?? [])
      if (profile.values_file) this.profileValues(profile.values_file);
    return this.#problems;
  }
}

/** What a folder named as the evidence tarball holds: nothing, and the reason why. */
function folderInstead(): TarballContents {
  return { members: new Map(), directories: new Set(), sha256: '', problem: 'a folder, not a tar archive', unsafe: [] };
}
