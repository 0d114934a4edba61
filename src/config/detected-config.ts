import type { Workspace } from '../workspace/workspace.js';
import { ATLAS_REGISTRIES, type ResolvedConfig } from './config.js';
import type { UserConfig } from './config-schema.js';

/** Where editors find the JSON Schema of `surveyor.config.json`: its `$id`. */
export const CONFIG_SCHEMA_URL = 'https://surveyor.dev/schemas/surveyor.config.schema.json';

/** What `surveyor init` found, to be written as the config, and one phrase per thing it recorded. */
export interface DetectedConfig {
  config: UserConfig;
  /** What was recorded, in the order of the file (`preset \`atlas\``, `chart \`ops/k8s/charts/atlas\``, ...). */
  recorded: string[];
}

/** Several charts on the standard layout and no choice made: the config cannot say which. */
export interface AmbiguousChart {
  charts: readonly string[];
}

const ATLAS_CONTRACTS = [
  'installMatrix',
  'rolloutContract',
  'versionCompatibility',
  'evidenceManifest',
  'identity',
  'policy',
  'readinessScore',
] as const;

const OBSERVE_CONTRACTS = ['sloDefinitions', 'sloMeasurement', 'sloMetricMap', 'alertCatalog'] as const;

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/**
 * The config `surveyor init` writes: what the defaults found in the repository (`resolved`,
 * read with no config), recorded explicitly so the file says what surveyor reads. Only what
 * exists is recorded; `chart` chooses among several charts (it must be one of them).
 */
export function detectConfig(
  workspace: Workspace,
  resolved: ResolvedConfig,
  chart?: string,
): DetectedConfig | AmbiguousChart {
  const config: UserConfig = { $schema: CONFIG_SCHEMA_URL, preset: resolved.preset };
  const recorded = [`preset \`${resolved.preset}\``];

  if (resolved.preset === 'atlas') {
    const candidates = resolved.atlas.chartCandidates;
    if (candidates && chart === undefined) return { charts: candidates };
    const atlas: NonNullable<UserConfig['atlas']> = {};
    const chosen = chart ?? resolved.atlas.chart;
    if (workspace.hasFile(`${chosen}/Chart.yaml`)) {
      atlas.chart = chosen;
      recorded.push(`chart \`${chosen}\``);
    } else {
      recorded.push('no chart under `ops/k8s/charts/` (set `atlas.chart` to its folder)');
    }
    let contracts = 0;
    for (const key of ATLAS_CONTRACTS) {
      if (!workspace.hasFile(resolved.atlas[key])) continue;
      atlas[key] = resolved.atlas[key];
      contracts += 1;
    }
    if (workspace.match(resolved.atlas.scenarios).length > 0) atlas.scenarios = resolved.atlas.scenarios;
    config.atlas = atlas;
    recorded.push(plural(contracts, 'Atlas contract', 'Atlas contracts'));
  }

  const registries = ATLAS_REGISTRIES.filter((registry) => workspace.match(registry.file).length > 0);
  if (registries.length > 0) {
    config.schemas = { registries: registries.map((registry) => ({ ...registry })) };
    recorded.push(
      `${plural(registries.length, 'registry', 'registries')} (${registries.map((r) => `\`${r.file}\``).join(', ')})`,
    );
  }

  const pages = workspace.match(resolved.docs.pages);
  const mkdocs = workspace.hasFile(resolved.docs.mkdocs);
  if (mkdocs || pages.length > 0) {
    config.docs = { ...(mkdocs ? { mkdocs: resolved.docs.mkdocs } : {}), pages: resolved.docs.pages };
    recorded.push(`docs (${mkdocs ? `\`${resolved.docs.mkdocs}\`, ` : ''}${plural(pages.length, 'page', 'pages')})`);
  }

  const observe: NonNullable<UserConfig['observe']> = {};
  let observed = 0;
  for (const key of OBSERVE_CONTRACTS) {
    if (!workspace.hasFile(resolved.observe[key])) continue;
    observe[key] = resolved.observe[key];
    observed += 1;
  }
  const ruleFiles = workspace.match(resolved.observe.alertRules);
  if (ruleFiles.length > 0) observe.alertRules = resolved.observe.alertRules;
  if (observed > 0 || ruleFiles.length > 0) {
    config.observe = observe;
    recorded.push(
      `${plural(observed, 'observability contract', 'observability contracts')} and ${plural(ruleFiles.length, 'alert rule file', 'alert rule files')}`,
    );
  }
  return { config, recorded };
}
