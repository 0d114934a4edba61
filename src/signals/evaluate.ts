import type { Report } from '../engine/rule.js';
import { formatDuration } from './duration.js';
import type { SignalAnswer } from './prometheus-client.js';
import { readVector, type Sample } from './vector.js';

/** A place in a contract file, as rules report it. */
export interface ContractPlace {
  file: string;
  pointer: string;
}

/** Whether an SLO's measured value must stay at or above its objective (floor) or at or below it (ceiling). */
export type SloDirection = 'floor' | 'ceiling';

/** An SLO of `slo-definitions.json` with its measurement, as the signals check needs it. */
export interface SignalSlo {
  id: string;
  objective: number;
  unit: string;
  direction: SloDirection;
  /** The SLO entry (its `objective`, where the finding points). */
  place: ContractPlace;
  /** Its measurement's PromQL and where it is; absent when the SLO has none (`observe/*` reports that). */
  measurement?: { promql: string; place: ContractPlace };
}

/** An image the evidence manifest records for a release profile. */
export interface RecordedImage {
  digest: string;
  profile: string;
  repository?: string;
  place: ContractPlace;
}

/** A catalogued alert. */
export interface CatalogAlert {
  id: string;
  severity: string;
  place: ContractPlace;
}

/** What the live-signals check compares Prometheus's answers with, all from the contracts and the config. */
export interface SignalInputs {
  release: string;
  /** Evaluation time, Unix seconds. */
  at: number;
  windowMs: number;
  /** The commit the evidence was collected from (`identity.json`), when it records one. */
  commit?: { sha: string; place: ContractPlace };
  /** Where a finding about the serving identity points when there is no `git_sha`: the identity file. */
  identityPlace: ContractPlace;
  profiles: readonly string[];
  images: readonly RecordedImage[];
  /** Where a finding about images points when the manifest records none: the manifest. */
  manifestPlace: ContractPlace;
  slos: readonly SignalSlo[];
  alerts: readonly CatalogAlert[];
  /** Where readiness and alert findings point when nothing closer exists: the alert catalog or the SLO file. */
  observePlace: ContractPlace;
  buildInfo: { metric: string; versionLabel: string; commitLabel: string };
  /** PromQL label matchers (without braces) that select the app's pods, e.g. `namespace="atlas"`. */
  selector: string;
}

/** The four parts of the live-signals check. */
export type SignalPart = 'identity' | 'slo' | 'readiness' | 'alerts';

/** One query the check asks, and which part it serves. */
export interface PlannedQuery {
  part: SignalPart;
  /** What the query is for, in the report (`build info`, `SLO availability`). */
  purpose: string;
  query: string;
  time: number;
}

/** A finding of the live-signals check, before the engine places it. */
export interface SignalFinding {
  part: SignalPart;
  severity: 'error' | 'warning';
  messageId: string;
  data: Record<string, string | number>;
  place: ContractPlace;
  related?: (ContractPlace & { message: string })[];
}

/** What the check measured for one SLO, for the report's table. */
export interface SloMeasurement {
  id: string;
  query: string;
  value?: number;
  objective: number;
  unit: string;
  direction: SloDirection;
  status: 'pass' | 'fail';
}

function matchers(selector: string, extra = ''): string {
  const parts = [extra, selector.trim()].filter((p) => p !== '');
  return `{${parts.join(',')}}`;
}

/** The queries the check asks, in a fixed order, all at `inputs.at`. */
export function planQueries(inputs: SignalInputs): PlannedQuery[] {
  const window = formatDuration(inputs.windowMs);
  const time = inputs.at;
  const { metric } = inputs.buildInfo;
  const queries: PlannedQuery[] = [
    { part: 'identity', purpose: 'build info', query: `last_over_time(${metric}[${window}])`, time },
    {
      part: 'identity',
      purpose: 'running containers',
      query: `last_over_time(kube_pod_container_info${matchers(inputs.selector)}[${window}])`,
      time,
    },
  ];
  for (const slo of inputs.slos)
    if (slo.measurement) queries.push({ part: 'slo', purpose: `SLO ${slo.id}`, query: slo.measurement.promql, time });
  const ready = `kube_pod_status_ready${matchers(inputs.selector, 'condition="true"')}`;
  queries.push(
    { part: 'readiness', purpose: 'readiness changes', query: `changes(${ready}[${window}])`, time },
    { part: 'readiness', purpose: 'ready pods', query: ready, time },
    { part: 'alerts', purpose: 'firing alerts', query: 'ALERTS{alertstate="firing"}', time },
  );
  return queries;
}

/** Answers keyed by query text (every planned query is asked at the same time). */
export type AnswerBook = ReadonlyMap<string, SignalAnswer>;

/** Indexes answers by query. */
export function answerBook(answers: readonly SignalAnswer[]): AnswerBook {
  return new Map(answers.map((a) => [a.query, a]));
}

type Reading = { ok: true; samples: Sample[] } | { ok: false; finding: SignalFinding };

function read(part: SignalPart, query: string, book: AnswerBook, place: ContractPlace): Reading {
  const answer = book.get(query);
  const vector = answer ? readVector(answer) : ({ ok: false, reason: 'the query was not asked' } as const);
  if (vector.ok) return vector;
  return {
    ok: false,
    finding: { part, severity: 'error', messageId: 'unreadable', data: { query, reason: vector.reason }, place },
  };
}

function describeLabels(labels: Readonly<Record<string, string>>, keys: readonly string[]): string {
  const shown = keys.filter((k) => labels[k] !== undefined).map((k) => `${k}="${labels[k]}"`);
  return shown.length ? `{${shown.join(',')}}` : '{}';
}

function shaMatches(served: string, recorded: string): boolean {
  const a = served.toLowerCase();
  const b = recorded.toLowerCase();
  return a.length >= 7 && b.length >= 7 && (a.startsWith(b) || b.startsWith(a));
}

/** Identity: every build-info series reports the release and the evidence's commit; every running container the recorded digest. */
export function evaluateIdentity(inputs: SignalInputs, book: AnswerBook): SignalFinding[] {
  const [buildQuery, containersQuery] = planQueries(inputs)
    .filter((q) => q.part === 'identity')
    .map((q) => q.query) as [string, string];
  const findings: SignalFinding[] = [];
  const { metric, versionLabel, commitLabel } = inputs.buildInfo;
  const commitPlace = inputs.commit?.place ?? inputs.identityPlace;

  const build = read('identity', buildQuery, book, inputs.identityPlace);
  if (!build.ok) findings.push(build.finding);
  else if (build.samples.length === 0)
    findings.push({
      part: 'identity',
      severity: 'error',
      messageId: 'noBuildInfo',
      data: { metric, query: buildQuery },
      place: inputs.identityPlace,
    });
  else {
    const versions = new Map<string, number>();
    const commits = new Map<string, number>();
    for (const { labels } of build.samples) {
      const version = labels[versionLabel] ?? '';
      if (version.replace(/^v/, '') !== inputs.release) versions.set(version, (versions.get(version) ?? 0) + 1);
      const sha = labels[commitLabel] ?? '';
      if (inputs.commit && !shaMatches(sha, inputs.commit.sha)) commits.set(sha, (commits.get(sha) ?? 0) + 1);
    }
    for (const [version, count] of [...versions].sort())
      findings.push({
        part: 'identity',
        severity: 'error',
        messageId: 'wrongVersion',
        data: {
          served: version || '(no label)',
          release: inputs.release,
          series: count,
          total: build.samples.length,
          metric,
        },
        place: inputs.identityPlace,
      });
    for (const [sha, count] of [...commits].sort())
      findings.push({
        part: 'identity',
        severity: 'error',
        messageId: 'wrongCommit',
        data: {
          served: sha || '(no label)',
          recorded: inputs.commit!.sha,
          series: count,
          total: build.samples.length,
          metric,
        },
        place: commitPlace,
      });
  }

  const containers = read('identity', containersQuery, book, inputs.manifestPlace);
  if (!containers.ok) findings.push(containers.finding);
  else if (containers.samples.length === 0)
    findings.push({
      part: 'identity',
      severity: 'error',
      messageId: 'noContainers',
      data: { query: containersQuery },
      place: inputs.manifestPlace,
    });
  else {
    const recorded = inputs.images.filter((i) => inputs.profiles.includes(i.profile));
    if (recorded.length === 0)
      findings.push({
        part: 'identity',
        severity: 'error',
        messageId: 'noRecordedImage',
        data: { profiles: inputs.profiles.join('`, `') },
        place: inputs.manifestPlace,
      });
    else
      for (const { labels } of containers.samples) {
        const digest = /sha256:[0-9a-f]{64}$/i.exec(labels.image_id ?? '')?.[0]?.toLowerCase();
        if (digest && recorded.some((i) => i.digest.toLowerCase() === digest)) continue;
        const image = labels.image ?? '';
        const expected =
          recorded.find((i) => i.repository !== undefined && image.startsWith(i.repository)) ?? recorded[0]!;
        findings.push({
          part: 'identity',
          severity: 'error',
          messageId: 'wrongImage',
          data: {
            container: describeLabels(labels, ['namespace', 'pod', 'container']),
            served: digest ?? (labels.image_id || '(no image_id)'),
            recorded: expected.digest,
            profile: expected.profile,
          },
          place: expected.place,
        });
      }
  }
  return findings;
}

/** A measured value in the objective's terms: `percent` SLOs are measured as a ratio between 0 and 1. */
function inObjectiveTerms(value: number, unit: string): number {
  return unit === 'percent' ? value * 100 : value;
}

/** SLOs: each measurement, at `at`, meets its objective in its direction. */
export function evaluateSlos(
  inputs: SignalInputs,
  book: AnswerBook,
): { findings: SignalFinding[]; measured: SloMeasurement[] } {
  const findings: SignalFinding[] = [];
  const measured: SloMeasurement[] = [];
  for (const slo of inputs.slos) {
    if (!slo.measurement) continue;
    const query = slo.measurement.promql;
    const related = [{ ...slo.measurement.place, message: 'the PromQL that measures it' }];
    const base = { id: slo.id, query, objective: slo.objective, unit: slo.unit, direction: slo.direction };
    const reading = read('slo', query, book, slo.place);
    if (!reading.ok) {
      findings.push({ ...reading.finding, related });
      measured.push({ ...base, status: 'fail' });
      continue;
    }
    if (reading.samples.length === 0) {
      findings.push({
        part: 'slo',
        severity: 'error',
        messageId: 'sloNoData',
        data: { id: slo.id, query },
        place: slo.place,
        related,
      });
      measured.push({ ...base, status: 'fail' });
      continue;
    }
    const values = reading.samples.map((s) => inObjectiveTerms(s.value, slo.unit));
    const nan = values.some((v) => Number.isNaN(v));
    const worst = nan ? Number.NaN : slo.direction === 'floor' ? Math.min(...values) : Math.max(...values);
    const pass = !nan && (slo.direction === 'floor' ? worst >= slo.objective : worst <= slo.objective);
    measured.push({ ...base, value: worst, status: pass ? 'pass' : 'fail' });
    if (pass) continue;
    findings.push({
      part: 'slo',
      severity: 'error',
      messageId: nan ? 'sloNaN' : slo.direction === 'floor' ? 'sloBelow' : 'sloAbove',
      data: {
        id: slo.id,
        value: formatValue(worst, slo.unit),
        objective: formatValue(slo.objective, slo.unit),
        query,
        series: reading.samples.length,
      },
      place: slo.place,
      related,
    });
  }
  return { findings, measured };
}

function formatValue(value: number, unit: string): string {
  if (Number.isNaN(value)) return 'NaN';
  const rounded = Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  return unit === 'percent' ? `${rounded} %` : unit === 'ratio' ? rounded : `${rounded} ${unit}`;
}

/** Readiness: no pod changed readiness during the window, and at least one is ready. */
export function evaluateReadiness(inputs: SignalInputs, book: AnswerBook): SignalFinding[] {
  const [changesQuery, readyQuery] = planQueries(inputs)
    .filter((q) => q.part === 'readiness')
    .map((q) => q.query) as [string, string];
  const findings: SignalFinding[] = [];
  const window = formatDuration(inputs.windowMs);
  const changes = read('readiness', changesQuery, book, inputs.observePlace);
  if (!changes.ok) findings.push(changes.finding);
  else
    for (const { labels, value } of changes.samples)
      if (!(value === 0))
        findings.push({
          part: 'readiness',
          severity: 'error',
          messageId: 'flapping',
          data: {
            pod: describeLabels(labels, ['namespace', 'pod']),
            changes: Number.isNaN(value) ? 'NaN' : value,
            window,
          },
          place: inputs.observePlace,
        });
  const ready = read('readiness', readyQuery, book, inputs.observePlace);
  if (!ready.ok) findings.push(ready.finding);
  else if (!ready.samples.some((s) => s.value === 1))
    findings.push({
      part: 'readiness',
      severity: 'error',
      messageId: 'noneReady',
      data: { query: readyQuery },
      place: inputs.observePlace,
    });
  return findings;
}

/** Alerts: no catalogued `critical` alert firing (an error), `warning` ones listed as warnings. */
export function evaluateAlerts(inputs: SignalInputs, book: AnswerBook): SignalFinding[] {
  const query = planQueries(inputs).find((q) => q.part === 'alerts')!.query;
  const reading = read('alerts', query, book, inputs.observePlace);
  if (!reading.ok) return [reading.finding];
  const findings: SignalFinding[] = [];
  const seen = new Set<string>();
  for (const { labels } of reading.samples) {
    const name = labels.alertname ?? '';
    const alert = inputs.alerts.find((a) => a.id === name);
    if (!alert || seen.has(name)) continue;
    seen.add(name);
    const critical = alert.severity === 'critical';
    findings.push({
      part: 'alerts',
      severity: critical ? 'error' : 'warning',
      messageId: critical ? 'criticalFiring' : 'warningFiring',
      data: { alert: name, severity: alert.severity },
      place: alert.place,
    });
  }
  return findings;
}

/** A finding as a rule reports it: its contract place, message and related places (the rule's message ids are the check's). */
export function findingReport<M extends string>(finding: SignalFinding): Report<M> {
  return {
    file: finding.place.file,
    pointer: finding.place.pointer,
    messageId: finding.messageId as M,
    data: finding.data,
    ...(finding.related ? { related: finding.related } : {}),
  };
}
