import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answerBook,
  evaluateAlerts,
  evaluateIdentity,
  evaluateReadiness,
  evaluateSlos,
  planQueries,
  type SignalInputs,
} from '../../src/signals/evaluate.js';
import { PrometheusSource, prometheusBaseUrl } from '../../src/signals/prometheus-client.js';
import { startPrometheus, type TestPrometheus } from '../support/prometheus.js';
import { EXAMPLE_RELEASE, type SignalVariant, variantsSeries } from '../support/signals-data.js';

// The live-signals evaluation against a real Prometheus (Debian's) serving an hour of the example's
// metrics made from OpenMetrics text: healthy, and with one defect each. One Prometheus serves every
// variant, each a day after the one before (see `variantsSeries`), asked at the end of its own hour.

const AT = 1_790_000_000;
const at = { file: 'contract.json', pointer: '' };
const inputs: SignalInputs = {
  release: '1.4.0',
  at: AT,
  windowMs: 15 * 60_000,
  commit: { sha: EXAMPLE_RELEASE.sha, place: at },
  identityPlace: at,
  profiles: ['prod-ha'],
  images: [{ digest: EXAMPLE_RELEASE.digest, profile: 'prod-ha', repository: EXAMPLE_RELEASE.repository, place: at }],
  manifestPlace: at,
  slos: [
    [
      'query-availability',
      99.9,
      'percent',
      'floor',
      'sum(rate(atlas_http_requests_total{code!~"5.."}[5m])) / sum(rate(atlas_http_requests_total[5m]))',
    ],
    [
      'query-latency-p99',
      0.5,
      'seconds',
      'ceiling',
      'histogram_quantile(0.99, sum by (le) (rate(atlas_http_request_duration_seconds_bucket[5m])))',
    ],
    [
      'ingest-error-ratio',
      0.001,
      'ratio',
      'ceiling',
      'sum(rate(atlas_ingest_records_rejected_total[5m])) / clamp_min(sum(rate(atlas_ingest_records_total[5m])), 1)',
    ],
    ['ingest-throughput', 200, 'records_per_second', 'floor', 'sum(rate(atlas_ingest_records_total[5m]))'],
  ].map(([id, objective, unit, direction, promql]) => ({
    id: id as string,
    objective: objective as number,
    unit: unit as string,
    direction: direction as 'floor' | 'ceiling',
    place: at,
    measurement: { promql: promql as string, place: at },
  })),
  alerts: [],
  observePlace: at,
  buildInfo: { metric: 'atlas_build_info', versionLabel: 'version', commitLabel: 'git_sha' },
  selector: 'namespace="atlas"',
};

const VARIANTS: SignalVariant[] = [
  {},
  { servingVersion: '1.3.2' },
  { podOneDigest: `sha256:${'e'.repeat(64)}` },
  { rejectedPerSecond: 5 },
  { flapping: true },
];
const served = variantsSeries(AT, VARIANTS);
let prometheus: TestPrometheus | undefined;
beforeAll(async () => {
  prometheus = await startPrometheus({ series: served.series });
});
afterAll(() => prometheus?.stop());

async function evaluate(variant: SignalVariant) {
  const index = VARIANTS.indexOf(variant);
  expect(index).toBeGreaterThanOrEqual(0);
  const asked = { ...inputs, at: served.atOf(index) };
  const source = new PrometheusSource({ url: prometheusBaseUrl(prometheus!.url), timeoutMs: 10_000 });
  const answers = await Promise.all(planQueries(asked).map((q) => source.query(q.query, q.time)));
  const book = answerBook(answers);
  const slos = evaluateSlos(asked, book);
  const findings = [
    ...evaluateIdentity(asked, book),
    ...slos.findings,
    ...evaluateReadiness(asked, book),
    ...evaluateAlerts(asked, book),
  ];
  return { findings: findings.map((f) => [f.messageId, f.data]), measured: slos.measured };
}

describe('the live-signals evaluation, against a real Prometheus', () => {
  it('finds nothing when the release serves healthily, and measures every SLO', async () => {
    const { findings, measured } = await evaluate(VARIANTS[0]!);
    expect(findings).toEqual([]);
    expect(measured.map((m) => [m.id, m.status, Number(m.value?.toFixed(4))])).toEqual([
      ['query-availability', 'pass', 99.99],
      ['query-latency-p99', 'pass', 0.2421],
      ['ingest-error-ratio', 'pass', 0.0002],
      ['ingest-throughput', 'pass', 500],
    ]);
  });

  it('names both versions when the previous release serves', async () => {
    expect((await evaluate(VARIANTS[1]!)).findings).toEqual([
      ['wrongVersion', { served: '1.3.2', release: '1.4.0', series: 2, total: 2, metric: 'atlas_build_info' }],
    ]);
  });

  it("names the pod whose image digest is not the evidence's", async () => {
    const other = `sha256:${'e'.repeat(64)}`;
    expect(VARIANTS[2]!.podOneDigest).toBe(other);
    expect((await evaluate(VARIANTS[2]!)).findings).toEqual([
      [
        'wrongImage',
        {
          container: '{namespace="atlas",pod="atlas-1",container="atlas-server"}',
          served: other,
          recorded: EXAMPLE_RELEASE.digest,
          profile: 'prod-ha',
        },
      ],
    ]);
  });

  it('shows the value of an error ratio above its SLO', async () => {
    expect((await evaluate(VARIANTS[3]!)).findings).toEqual([
      ['sloAbove', expect.objectContaining({ id: 'ingest-error-ratio', value: '0.01', objective: '0.001' })],
    ]);
  });

  it('counts the readiness changes of a flapping pod', async () => {
    expect((await evaluate(VARIANTS[4]!)).findings).toEqual([
      ['flapping', { pod: '{namespace="atlas",pod="atlas-1"}', changes: 9, window: '15m' }],
    ]);
  });
});
