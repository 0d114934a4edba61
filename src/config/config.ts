import path from 'node:path';
import type { RuleLevel } from '../engine/diagnostic.js';
import { ConfigError } from '../errors.js';
import { JsonDocument, toPointer } from '../workspace/json-document.js';
import { readFailureReason, readRegularFile } from '../workspace/regular-file.js';
import type { Draft, UserConfig } from './config-schema.js';

/** Where the docs site is and what the `docs/*` rules require of its pages. */
export interface DocsConfig {
  /** Repo path of the MkDocs config. */
  mkdocs: string;
  /** Globs of the pages checked. */
  pages: string[];
  exclude: string[];
  /** Repo path of the front-matter schema; `undefined` for the one surveyor ships. */
  frontmatterSchema?: string;
  staleDays: number;
  /** H2 section titles required per page `type`. */
  requiredSections: Record<string, string[]>;
  sourceOfTruthHeading: string;
  /** Top-level folders (with a trailing `/`) that mark a backticked repo path. */
  pathPrefixes: string[];
  /** Folders of build outputs (with a trailing `/`): paths under them need not exist. */
  buildOutputs: string[];
  maxPageBytes: number;
  mermaidMaxLines: number;
  mermaidMaxTextSize: number;
}

/** Defaults of the `docs` section, the same in every preset. */
function docsDefaults(): DocsConfig {
  return {
    mkdocs: 'mkdocs.yml',
    pages: ['docs/**/*.md'],
    exclude: [],
    staleDays: 180,
    requiredSections: {},
    sourceOfTruthHeading: 'Source of Truth',
    pathPrefixes: ['ops/', 'docs/', 'configs/', 'schemas/', 'scripts/', '.github/'],
    buildOutputs: ['artifacts/'],
    // About 4 s of Markdown parsing; a real page is a few kilobytes.
    maxPageBytes: 1024 * 1024,
    // Mermaid's parser costs up to ~5 ms a line (class and state diagrams).
    mermaidMaxLines: 1000,
    // Mermaid's own default `maxTextSize`.
    mermaidMaxTextSize: 50_000,
  };
}

/** Name of the configuration file looked for at the root. */
export const CONFIG_FILE = 'surveyor.config.json';

/** A registry file (or a glob of them) listing instance → schema pairs: where its items are and which fields hold the two. */
export interface RegistryConfig {
  /** Repo path or glob of the registry file(s). */
  file: string;
  /** JSON pointer to the array of items. */
  items: string;
  /** Item field holding the instance path (or glob). */
  instance: string;
  /** Item field holding the schema path. */
  schema: string;
  /** Item field naming the schema by its `$id`, read when an item has no schema path. */
  schemaId?: string;
}

/** The registries of the Atlas layout, which the atlas preset reads when they exist. */
export const ATLAS_REGISTRIES: readonly RegistryConfig[] = [
  { file: 'ops/inventory/contracts-map.json', items: '/items', instance: 'path', schema: 'schema' },
  {
    file: 'ops/schema/generated/compatibility-lock.json',
    items: '/targets',
    instance: 'example_path',
    schema: 'schema_path',
  },
  {
    file: 'configs/**/manifests-registry.json',
    items: '/entries',
    instance: 'path',
    schema: 'schema_path',
    schemaId: 'schema_ref',
  },
];

/** Configuration with every default filled in, as rules read it. */
export interface ResolvedConfig {
  preset: 'atlas' | 'none';
  /** Repo-relative path of the config file when it lies inside the root (for related locations). */
  configFile?: string;
  /** Which fields the user set (dotted paths), so rules can tell an explicit choice from a default. */
  explicit: ReadonlySet<string>;
  ignore: string[];
  docsBaseUrl: string;
  rules: Record<string, RuleLevel>;
  json: { files: string[]; exclude: string[] };
  schemas: {
    files: string[];
    defaultDraft: Draft;
    strict: boolean | 'log';
    map: { instances: string[]; schema: string }[];
    registries: RegistryConfig[];
    localSchemaKeyword: boolean;
    contractFolders: string[];
  };
  /** The docs site and what the `docs/*` rules require of it. */
  docs: DocsConfig;
  /** Where the Atlas contracts are, for the Atlas model and its rules. */
  atlas: AtlasConfig;
  /** Where the observability contracts are (SLOs, their PromQL, the alert catalog and rule files). */
  observe: ObserveConfig;
  /** How `surveyor render` finds its browser. */
  render: { chromium?: string };
  /** What `surveyor gate` takes as the release. */
  gate: GateConfig;
}

/** The `gate` section: which profiles a release is gated on. */
export interface GateConfig {
  /** Suites whose install-matrix profiles are the release profiles when `--profile` names none. */
  releaseSuites: string[];
  /** What `gate --prometheus` asks and how it reads the answers. */
  signals: SignalsConfig;
}

/** The `gate.signals` section: where the live signals are in Prometheus. */
export interface SignalsConfig {
  buildInfoMetric: string;
  versionLabel: string;
  commitLabel: string;
  /** PromQL label matchers (without braces) selecting the app's pods. */
  selector: string;
  timeoutSeconds: number;
  /** Direction per SLO id, over the one derived from its unit and name. */
  sloDirections: Record<string, 'floor' | 'ceiling'>;
}

/** Paths of the Atlas contracts (repo-relative) and the readiness threshold. */
export interface AtlasConfig {
  /** False unless the atlas preset applies or the config has an `atlas` section: the Atlas rules then stay quiet. */
  enabled: boolean;
  installMatrix: string;
  rolloutContract: string;
  /** The Helm chart folder: `Chart.yaml` and `values.yaml` in it. */
  chart: string;
  /** The chart folders of the standard layout when there are several and the config names none (a finding asks which). */
  chartCandidates?: string[];
  scenarios: string[];
  versionCompatibility: string;
  evidenceManifest: string;
  /** Overrides the manifest's `evidence_tarball.path` when set. */
  evidenceTarball?: string;
  identity: string;
  policy: string;
  readinessScore: string;
  readinessThreshold: number;
}

/** Paths of the observability contracts (repo-relative); each is optional in the repository. */
export interface ObserveConfig {
  sloDefinitions: string;
  sloMeasurement: string;
  sloMetricMap: string;
  alertCatalog: string;
  /** Globs of alerting rule files. */
  alertRules: string[];
}

/** The observability layout of ATLAS-SHAPES, the same in every preset. */
function observeDefaults(): ObserveConfig {
  return {
    sloDefinitions: 'ops/observe/slo-definitions.json',
    sloMeasurement: 'ops/observe/slo-measurement.json',
    sloMetricMap: 'ops/observe/slo-metric-map.json',
    alertCatalog: 'ops/observe/alert-catalog.json',
    alertRules: ['ops/observe/alerts/*.yaml', 'ops/observe/alerts/*.yml'],
  };
}

/** The Atlas layout of ATLAS-SHAPES, the atlas preset's defaults. */
function atlasDefaults(enabled: boolean): AtlasConfig {
  return {
    enabled,
    installMatrix: 'ops/k8s/install-matrix.json',
    rolloutContract: 'ops/k8s/rollout-safety-contract.json',
    chart: 'ops/k8s/charts/atlas',
    scenarios: ['ops/e2e/scenarios/upgrade/*.json'],
    versionCompatibility: 'ops/e2e/scenarios/upgrade/version-compatibility.json',
    evidenceManifest: 'ops/release/evidence/manifest.json',
    identity: 'ops/release/evidence/identity.json',
    policy: 'ops/release/evidence/policy.json',
    readinessScore: 'ops/report/generated/readiness-score.json',
    readinessThreshold: 100,
  };
}

/** Base URL of the published rule docs; the rule's `docs/rules/...` path is appended. */
export const DEFAULT_DOCS_BASE_URL = 'https://surveyor.dev/';

/** Paths no run reads, whatever the configuration: dependencies (and surveyor's own cache there) and git's folder. */
export const NEVER_READ: readonly string[] = ['**/node_modules/**', '**/.git/**'];

/** Marker file whose presence turns the `atlas` preset on. */
export const ATLAS_MARKER = 'ops/k8s/install-matrix.json';

function basePreset(): ResolvedConfig {
  return {
    preset: 'none',
    explicit: new Set(),
    ignore: [...NEVER_READ],
    docsBaseUrl: DEFAULT_DOCS_BASE_URL,
    rules: {},
    json: { files: ['**/*.json'], exclude: ['**/tsconfig*.json', '**/jsconfig*.json', '.vscode/**'] },
    schemas: {
      files: ['**/*.schema.json'],
      defaultDraft: '2020-12',
      strict: false,
      map: [],
      registries: [],
      localSchemaKeyword: true,
      contractFolders: [],
    },
    docs: docsDefaults(),
    atlas: atlasDefaults(false),
    observe: observeDefaults(),
    render: {},
    gate: {
      releaseSuites: ['install-gate'],
      signals: {
        buildInfoMetric: 'atlas_build_info',
        versionLabel: 'version',
        commitLabel: 'git_sha',
        selector: 'namespace="atlas"',
        timeoutSeconds: 10,
        sloDirections: {},
      },
    },
  };
}

function atlasPreset(): ResolvedConfig {
  const config = basePreset();
  config.preset = 'atlas';
  config.schemas.registries = ATLAS_REGISTRIES.map((registry) => ({ ...registry }));
  config.schemas.contractFolders = ['ops/'];
  config.atlas = atlasDefaults(true);
  return config;
}

/** Where the standard layout keeps Helm charts: one folder per chart, each with its `Chart.yaml`. */
export const CHART_GLOB = 'ops/k8s/charts/*/Chart.yaml';

/** What was found in the repository that the defaults depend on. */
export interface DetectedLayout {
  /** Chart folders matching `CHART_GLOB`, sorted. */
  charts: string[];
}

/** Applies a validated user config on top of the preset it names (or the detected one). */
export function resolveConfig(
  user: UserConfig,
  detectedPreset: 'atlas' | 'none',
  configFile?: string,
  detected?: DetectedLayout,
): ResolvedConfig {
  const config = (user.preset ?? detectedPreset) === 'atlas' ? atlasPreset() : basePreset();
  const explicit = new Set<string>();
  for (const [key, value] of Object.entries(user)) {
    if (value !== undefined && typeof value === 'object' && !Array.isArray(value)) {
      for (const [inner, innerValue] of Object.entries(value))
        if (innerValue !== undefined) explicit.add(`${key}.${inner}`);
    }
    if (value !== undefined) explicit.add(key);
  }
  config.explicit = explicit;
  if (configFile) config.configFile = configFile;
  if (user.ignore) config.ignore = [...config.ignore, ...user.ignore];
  if (user.docsBaseUrl) config.docsBaseUrl = user.docsBaseUrl.endsWith('/') ? user.docsBaseUrl : `${user.docsBaseUrl}/`;
  if (user.rules) config.rules = { ...config.rules, ...user.rules };
  if (user.json) config.json = { ...config.json, ...definedFields(user.json) };
  if (user.schemas) {
    const { map, ...rest } = user.schemas;
    config.schemas = { ...config.schemas, ...definedFields(rest) };
    if (map)
      config.schemas.map = map.map((m) => ({
        instances: typeof m.instances === 'string' ? [m.instances] : m.instances,
        schema: m.schema,
      }));
  }
  if (user.docs) config.docs = { ...config.docs, ...definedFields(user.docs) };
  if (user.atlas) config.atlas = { ...config.atlas, ...definedFields(user.atlas), enabled: true };
  // The chart is whichever single chart the standard layout holds, whatever its name.
  if (user.atlas?.chart === undefined && detected) {
    if (detected.charts.length === 1) config.atlas.chart = detected.charts[0]!;
    else if (detected.charts.length > 1) config.atlas.chartCandidates = detected.charts;
  }
  if (user.observe) config.observe = { ...config.observe, ...definedFields(user.observe) };
  if (user.render) config.render = { ...config.render, ...definedFields(user.render) };
  if (user.gate) {
    const { signals, ...rest } = user.gate;
    config.gate = { ...config.gate, ...definedFields(rest) };
    if (signals) config.gate.signals = { ...config.gate.signals, ...definedFields(signals) };
  }
  return config;
}

function definedFields<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The layout facts the defaults depend on, read from the repository's file list. */
export function detectLayout(match: (glob: string) => readonly string[]): DetectedLayout {
  // Sorted as folders (`atlas` before `atlas-worker`), not as the files' paths.
  return {
    charts: match(CHART_GLOB)
      .map((file) => file.slice(0, file.lastIndexOf('/')))
      .sort(),
  };
}

/** Which preset a repository gets when its config names none. */
export function detectPreset(hasFile: (file: string) => boolean): 'atlas' | 'none' {
  return hasFile(ATLAS_MARKER) ? 'atlas' : 'none';
}

/** The text of the config file to use, or `undefined` when there is none. */
export interface ConfigText {
  text: string;
  /** How messages name the file. */
  shown: string;
  /** Repo-relative path when the file lies inside the root. */
  relative?: string;
}

/** A config file larger than this is refused: a real one is a few kilobytes. */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/** Why a config file cannot be used, in words, from what reading it threw. */
export function configReadReason(error: unknown): string {
  return readFailureReason(error);
}

/**
 * Finds the config: `explicitPath` (relative to the working directory) when given,
 * else `surveyor.config.json` read through `readAtRoot` (which returns `undefined` when
 * there is none and throws `ConfigError` when there is one it cannot use). Throws
 * `ConfigError` when an explicit file cannot be read or is not a regular file: the user
 * may name one outside the repository, but never a FIFO or device that would hang the run.
 */
export function findConfigText(
  root: string,
  readAtRoot: (file: string) => string | undefined,
  explicitPath?: string,
): ConfigText | undefined {
  if (!explicitPath) {
    const text = readAtRoot(CONFIG_FILE);
    return text === undefined ? undefined : { text, shown: CONFIG_FILE, relative: CONFIG_FILE };
  }
  const file = path.resolve(explicitPath);
  let text: string;
  try {
    text = readRegularFile(file, MAX_CONFIG_BYTES).toString('utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config \`${explicitPath}\`: ${configReadReason(error)}`);
  }
  const relative = path.relative(root, file);
  const inside = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  return inside
    ? { text, shown: explicitPath, relative: relative.split(path.sep).join('/') }
    : { text, shown: explicitPath };
}

/**
 * Validates config text with the zod schema. Throws `ConfigError` with one line naming
 * the file, the place, the field and what was expected.
 */
export async function parseUserConfig(config: ConfigText): Promise<UserConfig> {
  const document = new JsonDocument(config.text);
  const fatal = document.problems.find((p) => p.fatal);
  if (fatal) {
    const at = document.lines.position(fatal.span.start);
    throw new ConfigError(`${config.shown}:${at.line}:${at.column}: ${fatal.message}`);
  }
  const { UserConfigSchema, describeIssues } = await import('./config-schema.js');
  const parsed = UserConfigSchema.safeParse(document.value, { reportInput: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const tokens = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') tokens.push(issue.keys[0]!);
    const located = document.locate(toPointer(tokens));
    // An unknown key is shown at the key; a wrong value at the value.
    const at = document.lines.position(
      (issue.code === 'unrecognized_keys' ? (located.key ?? located.span) : located.span).start,
    );
    const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more)` : '';
    throw new ConfigError(`${config.shown}:${at.line}:${at.column}: ${describeIssues([issue])[0]}${more}`);
  }
  return parsed.data;
}
