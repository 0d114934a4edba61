import { createHash } from 'node:crypto';
import type { AtlasConfig, ObserveConfig } from '../config/config.js';
import { toRepoPath } from '../workspace/repo-path.js';
import type { Workspace } from '../workspace/workspace.js';
import { type HelmChart, readChart } from './chart.js';
import {
  type AtlasContract,
  type AtlasFileKey,
  type ContractProblem,
  contractPaths,
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
import { ObserveContracts } from './observe-contracts.js';
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

/** The JSON contracts of an Atlas repository, as the model types them. */
interface Contracts extends Record<AtlasContract, unknown> {
  installMatrix: InstallMatrix;
  rolloutContract: RolloutContract;
  compatibility: VersionCompatibility;
  identity: EvidenceIdentity;
  policy: EvidencePolicy;
  readiness: ReadinessScore;
  manifest: EvidenceManifest;
}

/** One row of the contract table: the config key that holds its path, and the reader that types it. */
interface ContractRow<K extends AtlasContract> {
  key: K;
  path: AtlasFileKey;
  read(file: string, value: unknown): Contracts[K] | undefined;
}

/** Every JSON contract: its config key and the reader that types it. */
const contractTable: { readonly [K in AtlasContract]: ContractRow<K> } = {
  installMatrix: { key: 'installMatrix', path: contractPaths.installMatrix, read: readInstallMatrix },
  rolloutContract: { key: 'rolloutContract', path: contractPaths.rolloutContract, read: readRolloutContract },
  compatibility: { key: 'compatibility', path: contractPaths.compatibility, read: readVersionCompatibility },
  identity: { key: 'identity', path: contractPaths.identity, read: readEvidenceIdentity },
  policy: { key: 'policy', path: contractPaths.policy, read: readEvidencePolicy },
  readiness: { key: 'readiness', path: contractPaths.readiness, read: readReadinessScore },
  manifest: { key: 'manifest', path: contractPaths.manifest, read: readEvidenceManifest },
};

function readContract<K extends AtlasContract>(
  workspace: Workspace,
  config: AtlasConfig,
  row: ContractRow<K>,
  problems: ContractProblem[],
): Contracts[K] | undefined {
  const file = config[row.path];
  if (file === undefined) return undefined;
  const value = loadJsonContract(workspace, file, row.path, problems);
  return value === undefined ? undefined : row.read(file, value);
}

/**
 * The typed view of an Atlas repository's contracts. `AtlasModel.load` reads every contract,
 * the chart and the profiles' values files once, and the model keeps what it could read
 * with the `problems` it met (reported by `atlas/contract-file`). The evidence tarball, the
 * costly input, is read on the first call to `tarball()`; its problem is part of its contents.
 */
export class AtlasModel {
  readonly workspace: Workspace;
  readonly config: AtlasConfig;
  /** What loading found wrong with the contract files, chart and values files. */
  readonly problems: readonly ContractProblem[];
  readonly installMatrix: InstallMatrix | undefined;
  readonly rolloutContract: RolloutContract | undefined;
  readonly compatibility: VersionCompatibility | undefined;
  readonly identity: EvidenceIdentity | undefined;
  readonly policy: EvidencePolicy | undefined;
  readonly readiness: ReadinessScore | undefined;
  readonly manifest: EvidenceManifest | undefined;
  /** The Helm chart: `Chart.yaml` version and the default `values.yaml`. */
  readonly chart: HelmChart;
  /** The evidence tarball as named (`atlas.evidenceTarball`, else the manifest's `evidence_tarball.path`). */
  readonly tarballNamed: string | undefined;
  /** The repo path of the evidence tarball as named, whether or not it exists; `undefined` when none is named or the name leaves the repo. */
  readonly tarballPath: string | undefined;
  readonly #values: ReadonlyMap<string, YamlMapFile | undefined>;
  #scenarios: UpgradeScenario[] | undefined;
  #tarball: { read: EvidenceTarball | undefined } | undefined;
  readonly #fileDigests = new Map<string, string | undefined>();
  #observe: ObserveContracts | undefined;
  readonly #observeConfig: ObserveConfig | undefined;

  /** Reads every contract, the chart and the values files the matrix and the rollout contract name. */
  static load(workspace: Workspace, config: AtlasConfig, observe?: ObserveConfig): AtlasModel {
    const problems: ContractProblem[] = [];
    const contracts: Partial<Contracts> = {};
    const load = <K extends AtlasContract>(row: ContractRow<K>) => {
      const contract = readContract(workspace, config, row, problems);
      if (contract !== undefined) contracts[row.key] = contract;
    };
    load(contractTable.installMatrix);
    load(contractTable.rolloutContract);
    const chart = readChart(workspace, config.chart, problems);
    load(contractTable.compatibility);
    load(contractTable.identity);
    load(contractTable.policy);
    load(contractTable.readiness);
    load(contractTable.manifest);
    const values = new Map<string, YamlMapFile | undefined>();
    for (const profile of [
      ...(contracts.installMatrix?.profiles ?? []),
      ...(contracts.rolloutContract?.profiles ?? []),
    ]) {
      const repoPath = profile.values_file === undefined ? undefined : toRepoPath(profile.values_file);
      if (repoPath?.ok && !values.has(repoPath.path))
        values.set(repoPath.path, loadYamlMap(workspace, repoPath.path, problems));
    }
    return new AtlasModel(workspace, config, { contracts, chart, values, problems }, observe);
  }

  private constructor(
    workspace: Workspace,
    config: AtlasConfig,
    loaded: {
      contracts: Partial<Contracts>;
      chart: HelmChart;
      values: ReadonlyMap<string, YamlMapFile | undefined>;
      problems: readonly ContractProblem[];
    },
    observe?: ObserveConfig,
  ) {
    this.workspace = workspace;
    this.config = config;
    this.#observeConfig = observe;
    this.problems = loaded.problems;
    this.installMatrix = loaded.contracts.installMatrix;
    this.rolloutContract = loaded.contracts.rolloutContract;
    this.compatibility = loaded.contracts.compatibility;
    this.identity = loaded.contracts.identity;
    this.policy = loaded.contracts.policy;
    this.readiness = loaded.contracts.readiness;
    this.manifest = loaded.contracts.manifest;
    this.chart = loaded.chart;
    this.#values = loaded.values;
    this.tarballNamed = config.evidenceTarball ?? this.manifest?.tarball?.path;
    const repoPath = this.tarballNamed === undefined ? undefined : toRepoPath(this.tarballNamed);
    this.tarballPath = repoPath?.ok ? repoPath.path : undefined;
  }

  /** The observability contracts (SLOs, their measurements, the alert catalog and rule files), read on first use. */
  get observe(): ObserveContracts {
    this.#observe ??= new ObserveContracts(
      this.workspace,
      this.#observeConfig ?? {
        sloDefinitions: '',
        sloMeasurement: '',
        sloMetricMap: '',
        alertCatalog: '',
        alertRules: [],
      },
    );
    return this.#observe;
  }

  /** A profile's values file as a YAML map; `undefined` when it is missing, outside the repo, unreadable or named by no profile. */
  profileValues(file: string): YamlMapFile | undefined {
    const repoPath = toRepoPath(file);
    return repoPath.ok ? this.#values.get(repoPath.path) : undefined;
  }

  /** A profile's effective values (chart defaults under its values file); `undefined` when either side is unreadable. */
  effectiveValues(valuesFile: string): EffectiveValues | undefined {
    const defaults = this.chart.defaults;
    const profile = this.profileValues(valuesFile);
    return defaults && profile ? new EffectiveValues(defaults, profile) : undefined;
  }

  /**
   * The upgrade and rollback scenarios: JSON files of the scenario globs with `from_version`,
   * `to_version` and `steps`, read on the first call (runs without scenario rules skip them).
   */
  scenarios(): readonly UpgradeScenario[] {
    this.#scenarios ??= readUpgradeScenarios(
      this.workspace,
      scenarioFiles(this.workspace, this.config.scenarios, [this.config.versionCompatibility]),
    );
    return this.#scenarios;
  }

  /**
   * The evidence tarball, read on the first call with every member hashed; `undefined` when
   * none is named or it is not a file of the repository (`evidence/path` reports that).
   */
  tarball(): EvidenceTarball | undefined {
    this.#tarball ??= { read: this.#readTarball() };
    return this.#tarball.read;
  }

  #readTarball(): EvidenceTarball | undefined {
    const path = this.tarballPath;
    if (path === undefined) return undefined;
    const isFolder = !this.workspace.hasFile(path) && this.workspace.hasDirectory(path);
    if (!isFolder && !this.workspace.hasFile(path)) return undefined;
    const tarball: EvidenceTarball = { path, contents: isFolder ? folderInstead() : readTarball(this.workspace, path) };
    // Place its problems where the manifest names it: `evidence_tarball.path`, else any entry with its path.
    const namedAt =
      this.config.evidenceTarball === undefined
        ? this.manifest?.tarball
        : this.manifest?.paths.find((p) => toRepoPath(p.path).path === path);
    if (namedAt) tarball.at = { file: this.config.evidenceManifest, pointer: namedAt.pointer };
    return tarball;
  }

  /** The tarball's problems as contract problems (members that would extract outside it, then what stopped reading it); reads it. */
  tarballProblems(): ContractProblem[] {
    const tarball = this.tarball();
    if (!tarball) return [];
    const at = tarball.at ? { at: tarball.at } : {};
    const problems: ContractProblem[] = tarball.contents.unsafe.map((member) => ({
      kind: 'tarball-member',
      file: tarball.path,
      ...at,
      member: member.path,
      reason: member.reason,
    }));
    if (tarball.contents.problem)
      problems.push({ kind: 'tarball', file: tarball.path, ...at, reason: tarball.contents.problem });
    return problems;
  }

  /**
   * True when an evidence tarball is named but cannot be used (missing, outside the repo,
   * unreadable): what it would hold is unknown, so paths not on disk are not reported.
   */
  tarballUnavailable(): boolean {
    const tarball = this.tarball();
    return this.tarballNamed !== undefined && (tarball === undefined || tarball.contents.problem !== undefined);
  }

  /** True when a repo path is a file or folder of the repository or of the evidence tarball. */
  exists(path: string): EvidenceSource | undefined {
    if (this.workspace.exists(path)) return 'disk';
    const contents = this.tarball()?.contents;
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
    const member = this.tarball()?.contents.members.get(path);
    return member ? { sha256: member.sha256, source: 'tarball' } : undefined;
  }

  /** The sha256 of a repository file, streamed in chunks so memory stays flat; computed once per file. */
  fileDigest(file: string): string | undefined {
    if (!this.#fileDigests.has(file)) {
      // The tarball is hashed while its members are read: one pass serves both.
      const tarball = file === this.tarballPath ? this.tarball() : undefined;
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
}

/** What a folder named as the evidence tarball holds: nothing, and the reason why. */
function folderInstead(): TarballContents {
  return { members: new Map(), directories: new Set(), sha256: '', problem: 'a folder, not a tar archive', unsafe: [] };
}
