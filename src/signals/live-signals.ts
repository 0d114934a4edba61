import { manifestArtifacts } from '../atlas/manifest-artifacts.js';
import { sloDirection } from '../atlas/observe-contracts.js';
import type { Release } from '../engine/rule.js';
import type { Session } from '../engine/run.js';
import {
  type AnswerBook,
  answerBook,
  type ContractPlace,
  evaluateSlos,
  type PlannedQuery,
  planQueries,
  type SignalFinding,
  type SignalInputs,
  type SignalSlo,
  type SloMeasurement,
} from './evaluate.js';
import type { SignalAnswer, SignalSource } from './prometheus-client.js';

/** What a run asks of the live signals: where the answers come from, at what time, over what window. */
export interface SignalRequest {
  source: SignalSource;
  /** Evaluation time, Unix seconds. */
  at: number;
  windowMs: number;
}

/** What Prometheus answered for a release, with what the answers are compared to. */
export interface LiveSignals {
  /** The Prometheus URL, or the replayed file. */
  origin: string;
  inputs: SignalInputs;
  queries: PlannedQuery[];
  /** Every answer, in the order of `queries`. */
  answers: SignalAnswer[];
  book: AnswerBook;
  /** Each SLO measured against its objective, once for the `signals/slo` rule and the gate's report. */
  slos: { findings: SignalFinding[]; measured: SloMeasurement[] };
}

/** Queries asked at once at most, so a large SLO file does not flood Prometheus. */
const CONCURRENCY = 4;

/**
 * Reads the contracts a live-signals check compares with (identity, evidence images, SLOs and
 * their PromQL, the alert catalog) and asks every planned query of `request.source`.
 */
export async function collectSignals(session: Session, release: Release, request: SignalRequest): Promise<LiveSignals> {
  const inputs = await signalInputs(session, release, request);
  const queries = planQueries(inputs);
  const answers: SignalAnswer[] = new Array(queries.length);
  let next = 0;
  const worker = async () => {
    while (next < queries.length) {
      const index = next++;
      const { query, time } = queries[index]!;
      answers[index] = await request.source.query(query, time);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queries.length) }, worker));
  const book = answerBook(answers);
  return { origin: request.source.origin, inputs, queries, answers, book, slos: evaluateSlos(inputs, book) };
}

async function signalInputs(session: Session, release: Release, request: SignalRequest): Promise<SignalInputs> {
  const { config, workspace } = session;
  const atlas = await session.facts.atlas();
  const observe = await session.facts.observe();
  const settings = config.gate.signals;
  const filePlace = (file: string): ContractPlace => ({ file, pointer: '' });

  const identityFile = atlas.identity?.file ?? config.atlas.identity;
  const sha = atlas.identity?.git_sha;
  const manifestFile = atlas.manifest?.file ?? config.atlas.evidenceManifest;
  const images = manifestArtifacts(workspace.hasFile(manifestFile) ? workspace.json(manifestFile)?.value : undefined)
    .images.filter((image) => image.profile !== undefined)
    .map((image) => ({
      digest: image.digest,
      profile: image.profile!,
      ...(image.repository === undefined ? {} : { repository: image.repository }),
      place: { file: manifestFile, pointer: `${image.pointer}/digest` },
    }));

  const slos: SignalSlo[] = [];
  for (const slo of observe.sloDefinitions?.slos ?? []) {
    if (typeof slo.objective !== 'number') continue;
    const measurement = observe.measurementOf(slo.id);
    slos.push({
      id: slo.id,
      objective: slo.objective,
      unit: slo.unit ?? '',
      direction: settings.sloDirections[slo.id] ?? sloDirection(slo),
      place: { file: slo.place.file, pointer: `${slo.place.pointer}/objective` },
      ...(measurement?.promql
        ? { measurement: { promql: measurement.promql.value, place: { ...measurement.promql.place } } }
        : {}),
    });
  }
  const catalog = observe.alertCatalog;
  const alerts = (catalog?.alerts ?? []).flatMap((alert) =>
    alert.severity === undefined ? [] : [{ id: alert.id, severity: alert.severity, place: { ...alert.place } }],
  );

  return {
    release: release.version,
    at: request.at,
    windowMs: request.windowMs,
    ...(typeof sha === 'string' && sha !== ''
      ? { commit: { sha, place: { file: identityFile, pointer: '/git_sha' } } }
      : {}),
    identityPlace: filePlace(identityFile),
    profiles: release.profiles,
    images,
    manifestPlace: filePlace(manifestFile),
    slos,
    alerts,
    observePlace: filePlace(catalog?.file ?? config.observe.alertCatalog),
    buildInfo: {
      metric: settings.buildInfoMetric,
      versionLabel: settings.versionLabel,
      commitLabel: settings.commitLabel,
    },
    selector: settings.selector,
  };
}
