import type { Workspace } from '../workspace/workspace.js';
import { type ContractProblem, describeFound, loadYamlMap, type YamlMapFile } from './contract-file.js';

/** The Helm chart: `Chart.yaml` metadata and where its default values are (`AtlasModel.chartDefaults` reads them). */
export interface HelmChart {
  chartFile: string;
  valuesFile: string;
  /** `version` from `Chart.yaml` (a YAML number is read as its text). */
  version?: string;
  appVersion?: string;
}

/** Reads `Chart.yaml` of a chart folder (not its `values.yaml`), recording what cannot be read. */
export function readChartMetadata(workspace: Workspace, folder: string, problems: ContractProblem[]): HelmChart {
  const base = folder.replace(/\/+$/, '');
  const chart: HelmChart = { chartFile: `${base}/Chart.yaml`, valuesFile: `${base}/values.yaml` };
  const metadata = loadYamlMap(workspace, chart.chartFile, problems, 'chart');
  if (metadata) {
    const version = metadata.value.version;
    if (typeof version === 'string' || typeof version === 'number') chart.version = String(version);
    else if (version === undefined)
      problems.push({
        kind: 'shape',
        file: chart.chartFile,
        pointer: '',
        message: `\`${chart.chartFile}\` has no \`version\`: add the chart's version`,
      });
    else
      problems.push({
        kind: 'shape',
        file: chart.chartFile,
        pointer: '/version',
        message: `Unexpected ${describeFound(version)} for \`version\` in \`${chart.chartFile}\`, expected a version string`,
      });
    const appVersion = metadata.value.appVersion;
    if (typeof appVersion === 'string' || typeof appVersion === 'number') chart.appVersion = String(appVersion);
  }
  return chart;
}

/** Reads a chart's `values.yaml`, recording what cannot be read. */
export function readChartDefaults(
  workspace: Workspace,
  chart: HelmChart,
  problems: ContractProblem[],
): YamlMapFile | undefined {
  return loadYamlMap(workspace, chart.valuesFile, problems, 'chart');
}
