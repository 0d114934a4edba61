import type { ObserveConfig } from '../config/config.js';
import { escapePointerToken, type Span } from '../workspace/json-document.js';
import type { Workspace } from '../workspace/workspace.js';
import type { YamlDocument } from '../workspace/yaml-document.js';
import { isObject, type JsonObject } from './contract-file.js';

/**
 * A place in an observability contract: a JSON pointer into the file (into its YAML document
 * for rule files), and for YAML the node's span, since a rule file may hold several documents.
 */
export interface ObservePlace {
  file: string;
  pointer: string;
  span?: Span;
}

/** A string field and where it is written. */
export interface PlacedString {
  value: string;
  place: ObservePlace;
}

/** Whether an SLO's measured value must stay at or above its objective (floor) or at or below it (ceiling). */
export type SloDirection = 'floor' | 'ceiling';

/** One SLO of `slo-definitions.json`. */
export interface SloDefinition {
  id: string;
  objective?: number;
  window?: string;
  /** `percent` (objective 99.9 means 99.9 %), `seconds`, `ratio` or a rate such as `records_per_second`. */
  unit?: string;
  metric?: string;
  description?: string;
  /** The SLO entry. */
  place: ObservePlace;
  /** Its `id` value. */
  idPlace: ObservePlace;
}

/** `slo-definitions.json`: the SLOs. */
export interface SloDefinitions {
  file: string;
  slos: SloDefinition[];
}

/** One entry of `slo-measurement.json`'s `measurement_method`: the PromQL that measures an SLO. */
export interface SloMeasurement {
  sloId: string;
  promql?: PlacedString;
  recordingRule?: string;
  evaluationInterval?: string;
  /** The entry (its key names the SLO). */
  place: ObservePlace;
}

/** `slo-measurement.json`. */
export interface SloMeasurements {
  file: string;
  measurements: SloMeasurement[];
}

/** One row of `slo-metric-map.json`. */
export interface SloMetrics {
  sloId: string;
  metrics: string[];
  place: ObservePlace;
}

/** `slo-metric-map.json`. */
export interface SloMetricMap {
  file: string;
  entries: SloMetrics[];
}

/** A catalogued alert: what operators are promised. */
export interface CatalogAlert {
  id: string;
  /** `critical` or `warning`. */
  severity?: string;
  place: ObservePlace;
  idPlace: ObservePlace;
}

/** `alert-catalog.json`. */
export interface AlertCatalog {
  file: string;
  alerts: CatalogAlert[];
}

/** One rule of a rule group: an alerting rule (`alert`) or a recording rule (`record`). */
export interface PrometheusRule {
  alert?: PlacedString;
  record?: PlacedString;
  expr?: PlacedString;
  /** `for`, when it is written (as a string or not: a number is not a duration). */
  for?: { value: unknown; place: ObservePlace };
  /** `labels.severity` (`page`, `warn`). */
  severity?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  place: ObservePlace;
}

/** A rule group of a rule file. */
export interface RuleGroup {
  name?: string;
  rules: PrometheusRule[];
  place: ObservePlace;
}

/** Why a rule file's document could not be read as rules. */
export interface RuleFileProblem {
  kind: 'noSpec' | 'noGroups' | 'notRules';
  place: ObservePlace;
}

/** One YAML document of an alert rule file: a `PrometheusRule` resource or a plain Prometheus rule file. */
export interface RuleDocument {
  form: 'PrometheusRule' | 'rule-file';
  /** `metadata.name` of a `PrometheusRule`. */
  name?: string;
  groups: RuleGroup[];
}

/** An alert rule file: its documents, with what could not be read. */
export interface AlertRuleFile {
  file: string;
  documents: RuleDocument[];
  problems: RuleFileProblem[];
  /** False when the YAML did not parse (`atlas/contract-file` or `schema/valid` say why). */
  parsed: boolean;
}

/** The SLO's direction: latency (`seconds`) and error ratios are ceilings; availability and throughput floors. */
export function sloDirection(slo: Pick<SloDefinition, 'id' | 'unit' | 'metric'>): SloDirection {
  if (slo.unit === 'seconds') return 'ceiling';
  const words = `${slo.id} ${slo.metric ?? ''}`.toLowerCase();
  return /latency|error|duration|reject/.test(words) ? 'ceiling' : 'floor';
}

const stringField = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function stringRecord(value: unknown): Record<string, string> {
  if (!isObject(value)) return {};
  const record: Record<string, string> = {};
  for (const [key, inner] of Object.entries(value))
    if (typeof inner === 'string' || typeof inner === 'number' || typeof inner === 'boolean')
      record[key] = String(inner);
  return record;
}

/** Reads `slo-definitions.json` leniently: SLOs without a string `id` are left to the schema. */
export function readSloDefinitions(file: string, value: unknown): SloDefinitions | undefined {
  if (!isObject(value)) return undefined;
  const slos: SloDefinition[] = [];
  (Array.isArray(value.slos) ? value.slos : []).forEach((entry: unknown, index) => {
    if (!isObject(entry) || typeof entry.id !== 'string') return;
    const pointer = `/slos/${index}`;
    const slo: SloDefinition = {
      id: entry.id,
      place: { file, pointer },
      idPlace: { file, pointer: `${pointer}/id` },
    };
    if (typeof entry.objective === 'number') slo.objective = entry.objective;
    const window = stringField(entry.window);
    const unit = stringField(entry.unit);
    const metric = stringField(entry.metric);
    const description = stringField(entry.description);
    if (window !== undefined) slo.window = window;
    if (unit !== undefined) slo.unit = unit;
    if (metric !== undefined) slo.metric = metric;
    if (description !== undefined) slo.description = description;
    slos.push(slo);
  });
  return { file, slos };
}

/** Reads `slo-measurement.json` leniently: one measurement per key of `measurement_method`. */
export function readSloMeasurements(file: string, value: unknown): SloMeasurements | undefined {
  if (!isObject(value)) return undefined;
  const methods = isObject(value.measurement_method) ? value.measurement_method : {};
  const measurements = Object.entries(methods).map(([sloId, method]): SloMeasurement => {
    const pointer = `/measurement_method/${escapePointerToken(sloId)}`;
    const measurement: SloMeasurement = { sloId, place: { file, pointer } };
    if (isObject(method)) {
      if (typeof method.promql === 'string')
        measurement.promql = { value: method.promql, place: { file, pointer: `${pointer}/promql` } };
      const recordingRule = stringField(method.recording_rule);
      const evaluationInterval = stringField(method.evaluation_interval);
      if (recordingRule !== undefined) measurement.recordingRule = recordingRule;
      if (evaluationInterval !== undefined) measurement.evaluationInterval = evaluationInterval;
    }
    return measurement;
  });
  return { file, measurements };
}

/** Reads `slo-metric-map.json` leniently. */
export function readSloMetricMap(file: string, value: unknown): SloMetricMap | undefined {
  if (!isObject(value)) return undefined;
  const entries: SloMetrics[] = [];
  (Array.isArray(value.slo_metric_map) ? value.slo_metric_map : []).forEach((entry: unknown, index) => {
    if (!isObject(entry) || typeof entry.slo_id !== 'string') return;
    entries.push({
      sloId: entry.slo_id,
      metrics: Array.isArray(entry.metrics) ? entry.metrics.filter((m): m is string => typeof m === 'string') : [],
      place: { file, pointer: `/slo_metric_map/${index}` },
    });
  });
  return { file, entries };
}

/** Reads `alert-catalog.json` leniently. */
export function readAlertCatalog(file: string, value: unknown): AlertCatalog | undefined {
  if (!isObject(value)) return undefined;
  const alerts: CatalogAlert[] = [];
  (Array.isArray(value.alerts) ? value.alerts : []).forEach((entry: unknown, index) => {
    if (!isObject(entry) || typeof entry.id !== 'string') return;
    const pointer = `/alerts/${index}`;
    const alert: CatalogAlert = { id: entry.id, place: { file, pointer }, idPlace: { file, pointer: `${pointer}/id` } };
    const severity = stringField(entry.severity);
    if (severity !== undefined) alert.severity = severity;
    alerts.push(alert);
  });
  return { file, alerts };
}

/** Reads the documents of an alert rule file; a document that is neither form is a problem, not a crash. */
export function readAlertRuleFile(file: string, documents: readonly YamlDocument[]): AlertRuleFile {
  const ruleFile: AlertRuleFile = { file, documents: [], problems: [], parsed: documents.every((d) => d.ok) };
  if (!ruleFile.parsed) return ruleFile;
  for (const document of documents) {
    const value = document.value;
    if (value === undefined || value === null) continue; // an empty document between `---` separators
    const place = (pointer: string): ObservePlace => ({ file, pointer, span: document.locate(pointer).span });
    if (!isObject(value)) {
      ruleFile.problems.push({ kind: 'notRules', place: place('') });
      continue;
    }
    if (value.kind === 'PrometheusRule') {
      const name = isObject(value.metadata) ? stringField(value.metadata.name) : undefined;
      if (!isObject(value.spec)) {
        ruleFile.problems.push({ kind: 'noSpec', place: place(value.spec === undefined ? '' : '/spec') });
        continue;
      }
      const groups = readGroups(value.spec, '/spec', place);
      if (!groups) ruleFile.problems.push({ kind: 'noGroups', place: place('/spec') });
      ruleFile.documents.push({ form: 'PrometheusRule', ...(name ? { name } : {}), groups: groups ?? [] });
    } else if ('groups' in value) {
      const groups = readGroups(value, '', place);
      if (!groups) ruleFile.problems.push({ kind: 'noGroups', place: place('/groups') });
      ruleFile.documents.push({ form: 'rule-file', groups: groups ?? [] });
    } else {
      ruleFile.problems.push({ kind: 'notRules', place: place('') });
    }
  }
  return ruleFile;
}

function readGroups(
  holder: JsonObject,
  base: string,
  place: (pointer: string) => ObservePlace,
): RuleGroup[] | undefined {
  if (!Array.isArray(holder.groups)) return undefined;
  const groups: RuleGroup[] = [];
  holder.groups.forEach((group: unknown, g) => {
    if (!isObject(group)) return;
    const groupPointer = `${base}/groups/${g}`;
    const rules: PrometheusRule[] = [];
    (Array.isArray(group.rules) ? group.rules : []).forEach((entry: unknown, r) => {
      if (!isObject(entry)) return;
      const pointer = `${groupPointer}/rules/${r}`;
      const placed = (key: string): PlacedString | undefined => {
        const value = entry[key];
        return typeof value === 'string' ? { value, place: place(`${pointer}/${key}`) } : undefined;
      };
      const labels = stringRecord(entry.labels);
      const rule: PrometheusRule = {
        labels,
        annotations: stringRecord(entry.annotations),
        place: place(pointer),
      };
      const alert = placed('alert');
      const record = placed('record');
      const expr = placed('expr');
      if (alert) rule.alert = alert;
      if (record) rule.record = record;
      if (expr) rule.expr = expr;
      if (entry.for !== undefined) rule.for = { value: entry.for, place: place(`${pointer}/for`) };
      if (labels.severity !== undefined) rule.severity = labels.severity;
      rules.push(rule);
    });
    const name = stringField(group.name);
    groups.push({ ...(name !== undefined ? { name } : {}), rules, place: place(groupPointer) });
  });
  return groups;
}

/**
 * The observability contracts of a repository (ATLAS-SHAPES, "Observability contracts"),
 * each read on first use. A file that is absent or not JSON gives `undefined`: the
 * `observe/*` rules run on the files that exist, and `json/syntax`/`schema/valid` report the rest.
 */
export class ObserveContracts {
  readonly workspace: Workspace;
  readonly config: ObserveConfig;
  /** Each contract as its reader gave it, read once: keyed by the reader. */
  readonly #contracts = new Map<(file: string, value: unknown) => unknown, unknown>();
  #ruleFiles: AlertRuleFile[] | undefined;

  constructor(workspace: Workspace, config: ObserveConfig) {
    this.workspace = workspace;
    this.config = config;
  }

  /** A contract file read by `read` on first use; `undefined` when it is absent or not JSON. */
  #contract<T>(file: string, read: (file: string, value: unknown) => T | undefined): T | undefined {
    if (!this.#contracts.has(read)) {
      const document = this.workspace.hasFile(file) ? this.workspace.json(file) : undefined;
      this.#contracts.set(read, read(file, document?.ok ? document.value : undefined));
    }
    return this.#contracts.get(read) as T | undefined;
  }

  /** `slo-definitions.json`. */
  get sloDefinitions(): SloDefinitions | undefined {
    return this.#contract(this.config.sloDefinitions, readSloDefinitions);
  }

  /** `slo-measurement.json`. */
  get sloMeasurements(): SloMeasurements | undefined {
    return this.#contract(this.config.sloMeasurement, readSloMeasurements);
  }

  /** `slo-metric-map.json`. */
  get sloMetricMap(): SloMetricMap | undefined {
    return this.#contract(this.config.sloMetricMap, readSloMetricMap);
  }

  /** `alert-catalog.json`. */
  get alertCatalog(): AlertCatalog | undefined {
    return this.#contract(this.config.alertCatalog, readAlertCatalog);
  }

  /** The files matching `observe.alertRules`, in path order. */
  get alertRuleFiles(): readonly AlertRuleFile[] {
    this.#ruleFiles ??= this.workspace.match(this.config.alertRules).map((file) => {
      const documents = this.workspace.yamlDocuments(file);
      return documents ? readAlertRuleFile(file, documents) : { file, documents: [], problems: [], parsed: false };
    });
    return this.#ruleFiles;
  }

  /** Every alerting rule of every rule file, with its file. */
  get alertingRules(): (PrometheusRule & { alert: PlacedString })[] {
    return this.alertRuleFiles.flatMap((f) =>
      f.documents.flatMap((d) =>
        d.groups.flatMap((g) => g.rules.filter((r): r is PrometheusRule & { alert: PlacedString } => !!r.alert)),
      ),
    );
  }

  /** The measurement of an SLO, when there is exactly one (JSON object keys are unique after parsing). */
  measurementOf(sloId: string): SloMeasurement | undefined {
    return this.sloMeasurements?.measurements.find((m) => m.sloId === sloId);
  }
}
