import type { ExpectedFinding, RuleExample } from '../engine/rule.js';
import type { MemoryFile } from '../workspace/file-source.js';
import type { SignalAnswer, SignalSource } from './prometheus-client.js';
import { sha256Text } from './prometheus-client.js';

/** Saved Prometheus answers for a rule example: the body of each query's answer, by query text. */
export interface ExampleSignals {
  /** Evaluation time, RFC 3339. */
  at: string;
  /** Prometheus's answer per query; a query not listed answers an empty vector. */
  answers: Record<string, unknown>;
}

/** The answer body of an instant vector of `samples`, as Prometheus writes it. */
export function vectorAnswer(samples: readonly { labels?: Record<string, string>; value: number }[]): unknown {
  return {
    status: 'success',
    data: {
      resultType: 'vector',
      result: samples.map((s) => ({ metric: s.labels ?? {}, value: [0, String(s.value)] })),
    },
  };
}

/** A signal source over an example's answers, for rule examples. */
export class ExampleSignalSource implements SignalSource {
  readonly origin = 'the example';
  readonly #answers: Record<string, unknown>;

  constructor(answers: Record<string, unknown>) {
    this.#answers = answers;
  }

  async query(query: string, time: number): Promise<SignalAnswer> {
    const body = JSON.stringify(this.#answers[query] ?? vectorAnswer([]));
    return { query, time, httpStatus: 200, body, sha256: sha256Text(body) };
  }
}

const SHA = '94d0c8cb061f821dbac38a86fbc3cbb1f10446f1';
const DIGEST = 'sha256:9c96014f6e08fb1517326ec891e389a013ec7e78ef87f2d0d035ac1d47cb5bfb';

/** The smallest Atlas repository the `signals/*` rules run on: a release, its evidence and its SLOs and alerts. */
export function signalsExampleTree(): Record<string, MemoryFile> {
  return {
    'ops/k8s/install-matrix.json': `{
  "schema_version": 1,
  "profiles": [{ "name": "prod-ha", "values_file": "ops/k8s/values/prod-ha.yaml", "suite": "install-gate" }]
}
`,
    'ops/k8s/charts/atlas/Chart.yaml': 'apiVersion: v2\nname: atlas\nversion: 1.4.0\nappVersion: "1.4.0"\n',
    'ops/release/evidence/identity.json': `{ "schema_version": 1, "release_id": "atlas-1.4.0", "git_sha": "${SHA}" }\n`,
    'ops/release/evidence/manifest.json': `{
  "schema_version": 2,
  "image_artifacts": [
    { "digest": "${DIGEST}", "profile": "prod-ha", "repository": "registry.example.org/atlas/atlas-server" }
  ]
}
`,
    'ops/observe/slo-definitions.json': `{
  "schema_version": 1,
  "slos": [
    { "id": "query-availability", "objective": 99.9, "window": "30d", "unit": "percent", "metric": "atlas_http_requests_total" },
    { "id": "query-latency-p99", "objective": 0.5, "window": "7d", "unit": "seconds", "metric": "atlas_http_request_duration_seconds" }
  ]
}
`,
    'ops/observe/slo-measurement.json': `{
  "schema_version": 1,
  "measurement_method": {
    "query-availability": { "promql": "atlas:query_availability:ratio_rate5m" },
    "query-latency-p99": { "promql": "atlas:query_latency_seconds:p99_5m" }
  }
}
`,
    'ops/observe/alert-catalog.json': `{
  "schema_version": 1,
  "alerts": [
    { "id": "AtlasQueryAvailabilityBurn", "severity": "critical" },
    { "id": "AtlasQueryLatencyHigh", "severity": "warning" }
  ]
}
`,
  };
}

/** Answers of a healthy serving of the example tree's release, evaluated at 2026-11-20T12:00:00Z over 15m. */
export function healthyExampleAnswers(): Record<string, unknown> {
  const pods = ['atlas-0', 'atlas-1'];
  return {
    'last_over_time(atlas_build_info[15m])': vectorAnswer(
      pods.map((pod) => ({ labels: { pod, version: '1.4.0', git_sha: SHA }, value: 1 })),
    ),
    'last_over_time(kube_pod_container_info{namespace="atlas"}[15m])': vectorAnswer(
      pods.map((pod) => ({
        labels: {
          namespace: 'atlas',
          pod,
          container: 'atlas-server',
          image_id: `registry.example.org/atlas/atlas-server@${DIGEST}`,
        },
        value: 1,
      })),
    ),
    'atlas:query_availability:ratio_rate5m': vectorAnswer([{ value: 0.9995 }]),
    'atlas:query_latency_seconds:p99_5m': vectorAnswer([{ value: 0.21 }]),
    'changes(kube_pod_status_ready{condition="true",namespace="atlas"}[15m])': vectorAnswer(
      pods.map((pod) => ({ labels: { namespace: 'atlas', pod }, value: 0 })),
    ),
    'kube_pod_status_ready{condition="true",namespace="atlas"}': vectorAnswer(
      pods.map((pod) => ({ labels: { namespace: 'atlas', pod }, value: 1 })),
    ),
  };
}

/**
 * A rule example over `signalsExampleTree()` served as healthy, with `answers` replacing some of
 * the healthy answers and `files` some of the files; `findings` for an invalid example.
 */
export function signalsExample(
  name: string,
  answers: Record<string, unknown> = {},
  findings?: ExpectedFinding[],
  files: Record<string, MemoryFile> = {},
): RuleExample {
  return {
    name,
    files: { ...signalsExampleTree(), ...files },
    signals: { at: '2026-11-20T12:00:00Z', answers: { ...healthyExampleAnswers(), ...answers } },
    ...(findings ? { findings } : {}),
  };
}
