import { createHash } from 'node:crypto';
import type { AtlasConfig, ObserveConfig } from '../config/config.js';
import { toRepoPath } from '../workspace/repo-path.js';
import type { Workspace } from '../workspace/workspace.js';
import { type HelmChart, readChartDefaults, readChartMetadata } from './chart.js';
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

/** What the model reads, in the order its problems are reported: the contracts, the chart, then the values files. */
const LOAD_ORDER = [
  'installMatrix',
  'rolloutContract',
  'chart',
  'chartDefaults',
  'compatibility',
  'identity',
  'policy',
  'readiness',
  'manifest',
] as const;

/**
 * The typed view of an Atlas repository's contracts. Each contract, the chart and each
 * profile's values file is read on first use, once, so a run whose rules need one contract
 * reads one. `problems` reads them all and lists what it found wrong in a fixed order
 * (reported by `atlas/contract-file`), whatever was read first. The evidence tarball, the
 * costly input, is read on the first call to `tarball()`; its problem is part of its contents.
 */
export class AtlasModel {
  readonly workspace: Workspace;
  readonly config: AtlasConfig;
  /** Each item read so far (a contract, `chart`, `values:PATH`), with the problems reading it met. */
  readonly #items = new Map<string, { value: unknown; problems: ContractProblem[] }>();
  #valuesList: string[] | undefined;
  #valuesSet: Set<string> | undefined;
  #scenarios: UpgradeScenario[] | undefined;
  #tarball: { read: EvidenceTarball | undefined } | undefined;
  readonly #fileDigests = new Map<string, string | undefined>();
  #observe: ObserveContracts | undefined;
  readonly #observeConfig: ObserveConfig | undefined;

  /** A model of the repository's contracts; nothing is read until a rule asks. */
  static load(workspace: Workspace, config: AtlasConfig, observe?: ObserveConfig): AtlasModel {
    return new AtlasModel(workspace, config, observe);
  }

  private constructor(workspace: Workspace, config: AtlasConfig, observe?: ObserveConfig) {
    this.workspace = workspace;
    this.config = config;
    this.#observeConfig = observe;
  }

  /** An item read once: `read` gets the list its problems go to. */
  #item<T>(key: string, read: (problems: ContractProblem[]) => T): T {
    let item = this.#items.get(key);
    if (!item) {
      const problems: ContractProblem[] = [];
      item = { value: read(problems), problems };
      this.#items.set(key, item);
    }
    return item.value as T;
  }

  #contract<K extends AtlasContract>(key: K): Contracts[K] | undefined {
    return this.#item(key, (problems) => readContract(this.workspace, this.config, contractTable[key], problems));
  }

  get installMatrix(): InstallMatrix | undefined {
    return this.#contract('installMatrix');
  }
  get rolloutContract(): RolloutContract | undefined {
    return this.#contract('rolloutContract');
  }
  get compatibility(): VersionCompatibility | undefined {
    return this.#contract('compatibility');
  }
  get identity(): EvidenceIdentity | undefined {
    return this.#contract('identity');
  }
  get policy(): EvidencePolicy | undefined {
    return this.#contract('policy');
  }
  get readiness(): ReadinessScore | undefined {
    return this.#contract('readiness');
  }
  get manifest(): EvidenceManifest | undefined {
    return this.#contract('manifest');
  }

  /** The Helm chart's `Chart.yaml`: its version, and where its files are. */
  get chart(): HelmChart {
    return this.#item('chart', (problems) => {
      // Recalled by Chart.yaml's content in a cached run, so that naming the release needs no YAML parser.
      const folder = this.config.chart;
      const chartFile = `${folder.replace(/\/+$/, '')}/Chart.yaml`;
      const read = this.workspace.derivedNow(`chart-metadata-1:${folder}`, chartFile, () => {
        const found: ContractProblem[] = [];
        return { metadata: readChartMetadata(this.workspace, folder, found), problems: found };
      });
      problems.push(...read.problems);
      return read.metadata;
    });
  }

  /** The chart's default values (`values.yaml`), read when a rule first needs them; `undefined` when unreadable. */
  get chartDefaults(): YamlMapFile | undefined {
    return this.#item('chartDefaults', (problems) => readChartDefaults(this.workspace, this.chart, problems));
  }

  /** The evidence tarball as named (`atlas.evidenceTarball`, else the manifest's `evidence_tarball.path`). */
  get tarballNamed(): string | undefined {
    return this.config.evidenceTarball ?? this.manifest?.tarball?.path;
  }

  /** The repo path of the evidence tarball as named, whether or not it exists; `undefined` when none is named or the name leaves the repo. */
  get tarballPath(): string | undefined {
    const named = this.tarballNamed;
    const repoPath = named === undefined ? undefined : toRepoPath(named);
    return repoPath?.ok ? repoPath.path : undefined;
  }

  /** What reading the contract files, chart and values files found wrong; reads them all. */
  get problems(): readonly ContractProblem[] {
    for (const key of LOAD_ORDER) {
      if (key === 'chart') this.chart;
      else if (key === 'chartDefaults') this.chartDefaults;
      else this.#contract(key);
    }
    for (const file of this.#valuesFiles()) this.#values(file);
    return [
      ...LOAD_ORDER.flatMap((key) => this.#items.get(key)!.problems),
      ...this.#valuesFiles().flatMap((file) => this.#items.get(`values:${file}`)!.problems),
    ];
  }

  /** The values files the install matrix and the rollout contract name, in the order they name them. */
  #valuesFiles(): readonly string[] {
    if (this.#valuesList) return this.#valuesList;
    const files = new Set<string>();
    for (const profile of [...(this.installMatrix?.profiles ?? []), ...(this.rolloutContract?.profiles ?? [])]) {
      const repoPath = profile.values_file === undefined ? undefined : toRepoPath(profile.values_file);
      if (repoPath?.ok) files.add(repoPath.path);
    }
    this.#valuesList = [...files];
    return this.#valuesList;
  }

  /** `#valuesFiles` as a set, for the lookups of every profile. */
  #valuesFileSet(): ReadonlySet<string> {
    this.#valuesSet ??= new Set(this.#valuesFiles());
    return this.#valuesSet;
  }

  #values(file: string): YamlMapFile | undefined {
    return this.#item(`values:${file}`, (problems) => loadYamlMap(this.workspace, file, problems));
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
    return repoPath.ok && this.#valuesFileSet().has(repoPath.path) ? this.#values(repoPath.path) : undefined;
  }

  /** A profile's effective values (chart defaults under its values file); `undefined` when either side is unreadable. */
  effectiveValues(valuesFile: string): EffectiveValues | undefined {
    const defaults = this.chartDefaults;
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
