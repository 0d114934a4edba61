import type { Workspace } from '../workspace/workspace.js';
import { type ContractProblem, describeFound, loadYamlMap, type YamlMapFile } from './contract-file.js';

/** The Helm chart: `Chart.yaml` metadata and the chart's default values. */
export interface HelmChart {
  chartFile: string;
  valuesFile: string;
  /** `version` from `Chart.yaml` (a YAML number is read as its text). */
  version?: string;
  appVersion?: string;
  /** The chart's `values.yaml`; absent when it cannot be read (a problem says why). */
  defaults?: YamlMapFile;
}

/** Reads `Chart.yaml` and `values.yaml` of a chart folder, recording what cannot be read. */
export function readChart(workspace: Workspace, folder: string, problems: ContractProblem[]): HelmChart {
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
  const defaults = loadYamlMap(workspace, chart.valuesFile, problems, 'chart');
  if (defaults) chart.defaults = defaults;
  return chart;
}
