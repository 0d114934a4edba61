import { pointsBetween, type Series } from './prometheus.js';

/** The example's release as its evidence records it. */
export const EXAMPLE_RELEASE = {
  version: '1.4.0',
  sha: '94d0c8cb061f821dbac38a86fbc3cbb1f10446f1',
  digest: 'sha256:9c96014f6e08fb1517326ec891e389a013ec7e78ef87f2d0d035ac1d47cb5bfb',
  repository: 'registry.atlas.example.org/atlas/atlas-server',
};

/** What to change from a healthy serving of the example's release. */
export interface SignalVariant {
  /** The version the build-info metric reports. */
  servingVersion?: string;
  /** The image digest of pod `atlas-1`. */
  podOneDigest?: string;
  /** Rejected ingest records per second (healthy: 0.1 of 500). */
  rejectedPerSecond?: number;
  /** Pod `atlas-1` goes unready and ready again every minute over the last ten. */
  flapping?: boolean;
  /** Ingest stops in the last ten minutes (the `AtlasIngestStalled` alert's condition). */
  ingestStalled?: boolean;
}

const PODS = ['atlas-0', 'atlas-1'];
const STEP = 15;

/**
 * An hour of series ending at `at` for the example's Atlas: build info, kube-state-metrics
 * containers and readiness, and the counters its four SLOs are measured from.
 */
export function atlasSeries(at: number, variant: SignalVariant = {}): Series[] {
  const from = at - 3600;
  const to = at;
  const between = (value: number | ((t: number) => number)) => pointsBetween(from, to, STEP, value);
  const counter = (perSecond: number | ((t: number) => number)) =>
    between((t) => (typeof perSecond === 'number' ? perSecond * (t - from) : perSecond(t)));
  const series: Series[] = [];
  for (const pod of PODS) {
    series.push({
      name: 'atlas_build_info',
      labels: {
        namespace: 'atlas',
        pod,
        version: variant.servingVersion ?? EXAMPLE_RELEASE.version,
        git_sha: EXAMPLE_RELEASE.sha,
      },
      points: between(1),
    });
    const digest = pod === 'atlas-1' && variant.podOneDigest ? variant.podOneDigest : EXAMPLE_RELEASE.digest;
    series.push({
      name: 'kube_pod_container_info',
      labels: {
        namespace: 'atlas',
        pod,
        container: 'atlas-server',
        image: `${EXAMPLE_RELEASE.repository}:${EXAMPLE_RELEASE.version}`,
        image_id: `docker-pullable://${EXAMPLE_RELEASE.repository}@${digest}`,
      },
      points: between(1),
    });
    const flaps = variant.flapping && pod === 'atlas-1';
    series.push({
      name: 'kube_pod_status_ready',
      labels: { namespace: 'atlas', pod, condition: 'true' },
      points: between((t) => (flaps && t > at - 600 ? Math.floor((at - t) / 60) % 2 : 1)),
    });
  }
  series.push(
    { name: 'atlas_http_requests_total', labels: { code: '200' }, points: counter(100) },
    { name: 'atlas_http_requests_total', labels: { code: '503' }, points: counter(0.01) },
  );
  for (const [le, share] of [
    ['0.1', 0.9],
    ['0.25', 0.995],
    ['0.5', 1],
    ['+Inf', 1],
  ] as const)
    series.push({ name: 'atlas_http_request_duration_seconds_bucket', labels: { le }, points: counter(100 * share) });
  const stalledFrom = at - 600;
  const ingested = (t: number) => 500 * (Math.min(t, variant.ingestStalled ? stalledFrom : t) - from);
  series.push(
    { name: 'atlas_ingest_records_total', points: counter(ingested) },
    { name: 'atlas_ingest_records_rejected_total', points: counter(variant.rejectedPerSecond ?? 0.1) },
  );
  return series;
}

/** How far apart `variantsSeries` serves its variants: far beyond any window a query looks back over (15m at most). */
const VARIANT_SPACING = 86_400;

/**
 * Several variants in one Prometheus instead of one Prometheus each: variant `i` is the hour of
 * `atlasSeries` ending at `atOf(i)`, a day after the one before, so a query at `atOf(i)` sees
 * that variant's series only (the others ended a day or more before, or start a day after).
 */
export function variantsSeries(
  at: number,
  variants: readonly SignalVariant[],
): { series: Series[]; atOf: (index: number) => number } {
  const atOf = (index: number) => at + index * VARIANT_SPACING;
  return { series: variants.flatMap((variant, index) => atlasSeries(atOf(index), variant)), atOf };
}
