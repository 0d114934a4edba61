import { gzipSync } from 'node:zlib';
import { resealEvidence, type Tree } from './atlas-tree.js';
import { writeUstar } from './tar-writer.js';

// A second Atlas-shaped repository, shaped differently from examples/atlas on purpose:
// other profile names and values, a chart named `beacon` outside `ops/`, scenarios in
// another folder, a gzipped evidence tarball named by the config, manifest groups the
// example does not have (nested `compliance.attestations`, `container_images`, `logs`),
// a readiness threshold of 90, no repository schemas (surveyor's built-in ones apply)
// and no docs.

const DIGEST = 'sha256:4f0c1e9a7b3d25c8e61f9a0b7c2d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f';
const REPLICA_DIGEST = 'sha256:7d3a9c1e5b2f4086a1c3e5d7f9b2a4c6e8d0f1a3b5c7d9e2f4a6b8c0d1e3f5a7';

/** Repo path of the gzipped evidence tarball of the beacon repository. */
export const BEACON_TARBALL = 'ops/release/evidence/collected.tgz';

/** The build outputs inside the beacon tarball: member path → text. */
export function beaconTarballMembers(): Record<string, string> {
  return {
    'build/charts/beacon-2.1.0.tgz': 'beacon chart package 2.1.0\n',
    'build/attestations/regional-primary.intoto.json': '{ "subject": "beacon-api", "profile": "regional-primary" }\n',
    'build/attestations/gpu-batch.intoto.json': '{ "subject": "beacon-api", "profile": "gpu-batch" }\n',
    'build/logs/install-regional-primary.log': 'install regional-primary: ok\n',
    'build/logs/upgrade-minor.log': 'upgrade 2.0.3 -> 2.1.0: ok\n',
  };
}

/** The gzipped ustar tarball of some members. */
export function gzippedTarball(members: Record<string, string>): Uint8Array {
  return new Uint8Array(
    gzipSync(writeUstar(Object.entries(members).map(([path, text]) => ({ path, data: Buffer.from(text) })))),
  );
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** The beacon repository, clean under every rule, with its evidence sealed. */
export function beaconTree(): Tree {
  const profiles = [
    { name: 'edge-lite', values_file: 'ops/k8s/values/edge-lite.yaml', suite: 'k8s-suite' },
    { name: 'gpu-batch', values_file: 'ops/k8s/values/gpu-batch.yaml', suite: 'nightly' },
    { name: 'regional-primary', values_file: 'ops/k8s/values/regional-primary.yaml', suite: 'install-gate' },
    { name: 'regional-replica', values_file: 'ops/k8s/values/regional-replica.yaml', suite: 'install-gate' },
  ];
  const contract = (name: string, fields: Record<string, unknown>) => {
    const profile = profiles.find((p) => p.name === name)!;
    return { id: name, name, suite: profile.suite, values_file: profile.values_file, ...fields };
  };
  const tree: Tree = {
    'surveyor.config.json': json({
      atlas: {
        chart: 'deploy/helm/beacon',
        scenarios: ['ops/e2e/upgrade-paths/*.json'],
        versionCompatibility: 'ops/e2e/upgrade-paths/compatibility.json',
        evidenceTarball: BEACON_TARBALL,
        readinessThreshold: 90,
      },
      observe: {
        sloDefinitions: 'monitoring/slos.json',
        sloMeasurement: 'monitoring/slo-queries.json',
        alertCatalog: 'monitoring/alert-catalog.json',
        alertRules: ['monitoring/rules/*.yml'],
      },
    }),
    'ops/k8s/install-matrix.json': json({
      schema_version: 1,
      profiles,
      scenarios: [
        { name: 'edge-lite-install', kind: 'install', profile: 'edge-lite', suite: 'k8s-suite' },
        { name: 'gpu-batch-install', kind: 'install', profile: 'gpu-batch', suite: 'nightly' },
        {
          name: 'gpu-batch-upgrade',
          kind: 'upgrade',
          profile: 'gpu-batch',
          suite: 'nightly',
          baseline_ref: 'release-2.0',
          target_ref: 'candidate',
        },
        {
          name: 'gpu-batch-rollback',
          kind: 'rollback',
          profile: 'gpu-batch',
          suite: 'nightly',
          baseline_ref: 'candidate',
          target_ref: 'release-2.0',
        },
        { name: 'regional-primary-install', kind: 'install', profile: 'regional-primary', suite: 'install-gate' },
        {
          name: 'regional-primary-upgrade',
          kind: 'upgrade',
          profile: 'regional-primary',
          suite: 'install-gate',
          baseline_ref: 'release-2.0',
          target_ref: 'candidate',
        },
        {
          name: 'regional-primary-rollback',
          kind: 'rollback',
          profile: 'regional-primary',
          suite: 'install-gate',
          baseline_ref: 'candidate',
          target_ref: 'release-2.0',
        },
        { name: 'regional-replica-install', kind: 'install', profile: 'regional-replica', suite: 'install-gate' },
        {
          name: 'regional-replica-upgrade',
          kind: 'upgrade',
          profile: 'regional-replica',
          suite: 'install-gate',
          baseline_ref: 'release-2.0',
          target_ref: 'candidate',
        },
        {
          name: 'regional-replica-rollback',
          kind: 'rollback',
          profile: 'regional-replica',
          suite: 'install-gate',
          baseline_ref: 'candidate',
          target_ref: 'release-2.0',
        },
      ],
    }),
    'ops/k8s/rollout-safety-contract.json': json({
      schema_version: 1,
      profiles: [
        contract('edge-lite', {
          rollout_mode: 'deployment',
          warmup_required: false,
          readiness_path_required: true,
          intendedUse: 'Single-node edge sites with no autoscaler and no network policy controller',
          forbiddenToggles: ['telemetry.exporter', 'gpu.enabled'],
          requiredToggles: ['image.tag', 'replicaCount=1'],
          expectedResourcesClass: 'small',
          networkPolicyModeRequired: 'disabled',
          hpaPolicyRequired: 'disabled',
        }),
        contract('gpu-batch', {
          rollout_mode: 'deployment',
          warmup_required: true,
          readiness_path_required: true,
          intendedUse: 'Nightly GPU batch scoring on a fixed pool',
          forbiddenToggles: ['rollout.enabled'],
          requiredToggles: ['gpu.enabled=true', 'gpu.count=2'],
          expectedResourcesClass: 'xlarge',
          networkPolicyModeRequired: 'strict',
          hpaPolicyRequired: 'disabled',
        }),
        contract('regional-primary', {
          rollout_mode: 'rollout',
          warmup_required: true,
          readiness_path_required: true,
          intendedUse: 'The writable region, rolled out progressively',
          forbiddenToggles: ['image.tag', 'server.logLevel=debug'],
          requiredToggles: ['image.digest', 'replicaCount=3'],
          expectedResourcesClass: 'large',
          networkPolicyModeRequired: 'zonal',
          hpaPolicyRequired: 'enabled',
        }),
        contract('regional-replica', {
          rollout_mode: 'deployment',
          warmup_required: true,
          readiness_path_required: true,
          intendedUse: 'Read replicas in the other regions',
          forbiddenToggles: ['image.tag'],
          requiredToggles: ['image.digest'],
          expectedResourcesClass: 'medium',
          networkPolicyModeRequired: 'zonal',
          hpaPolicyRequired: 'enabled',
        }),
      ],
    }),
    'deploy/helm/beacon/Chart.yaml':
      'apiVersion: v2\nname: beacon\ndescription: Beacon query API\nversion: 2.1.0\nappVersion: "2.1.0"\n',
    'deploy/helm/beacon/values.yaml': `# Beacon chart defaults.
replicaCount: 2
image:
  repository: ghcr.io/beacon/beacon-api
  tag: "2.1.0"
  digest: ""
server:
  readinessProbePath: /health/ready
  logLevel: info
rollout:
  enabled: false
cache:
  warmupEnabled: true
networkPolicy:
  enabled: true
  mode: strict
hpa:
  enabled: true
  maxReplicas: 10
gpu:
  enabled: false
  count: 0
telemetry:
  exporter: otlp
`,
    'ops/k8s/values/edge-lite.yaml': `replicaCount: 1
cache:
  warmupEnabled: false
networkPolicy:
  enabled: false
hpa:
  enabled: false
telemetry: null
`,
    'ops/k8s/values/gpu-batch.yaml': `gpu:
  enabled: true
  count: 2
hpa:
  enabled: false
server:
  logLevel: debug
`,
    'ops/k8s/values/regional-primary.yaml': `replicaCount: 3
image:
  tag: null
  digest: ${DIGEST}
rollout:
  enabled: true
  steps: [10, 50, 100]
networkPolicy:
  mode: zonal
`,
    'ops/k8s/values/regional-replica.yaml': `image:
  tag: null
  digest: ${REPLICA_DIGEST}
server:
  readinessProbePath: /health/replica
networkPolicy:
  mode: zonal
`,
    'ops/e2e/upgrade-paths/minor-2-0-to-2-1.json': json({
      schema_version: 1,
      id: 'minor-2-0-to-2-1',
      from_version: '2.0.3',
      to_version: '2.1.0',
      kind: 'minor',
      steps: ['fresh-install', 'load-fixtures', 'upgrade', 'check-health'],
    }),
    'ops/e2e/upgrade-paths/hotfix-2-0-3.json': json({
      schema_version: 1,
      id: 'hotfix-2-0-3',
      from_version: '2.0.2',
      to_version: '2.0.3',
      kind: 'patch',
      steps: ['fresh-install', 'upgrade', 'check-health'],
    }),
    'ops/e2e/upgrade-paths/major-1-to-2.json': json({
      schema_version: 1,
      id: 'major-1-to-2',
      from_version: '1.9.4',
      to_version: '2.0.0',
      kind: 'major',
      steps: ['fresh-install', 'load-fixtures', 'upgrade', 'migrate-store', 'check-health'],
    }),
    'ops/e2e/upgrade-paths/rollback-2-1-to-2-0.json': json({
      schema_version: 1,
      id: 'rollback-2-1-to-2-0',
      from_version: '2.1.0',
      to_version: '2.0.3',
      kind: 'rollback',
      failure_expected: false,
      steps: ['fresh-install', 'load-fixtures', 'upgrade', 'check-health', 'rollback', 'verify-restored-data'],
    }),
    'ops/e2e/upgrade-paths/compatibility.json': json({
      schema_version: 1,
      current_version: '2.1.0',
      compatibility: [
        { from: '1.9.4', to: '2.0.0', kind: 'major', supported: true },
        { from: '1.9.4', to: '2.1.0', kind: 'major', supported: false },
        { from: '2.0.2', to: '2.0.3', kind: 'patch', supported: true },
        { from: '2.0.3', to: '2.1.0', kind: 'minor', supported: true },
        { from: '2.1.0', to: '2.0.3', kind: 'rollback', supported: true },
      ],
    }),
    'ops/release/evidence/manifest.json': json({
      schema_version: 2,
      generated_by: 'tools/release/seal.mjs',
      identity_path: 'ops/release/evidence/identity.json',
      policy_path: 'ops/release/evidence/policy.json',
      chart_package: { path: 'build/charts/beacon-2.1.0.tgz', sha256: '' },
      archives: [{ path: BEACON_TARBALL, sha256: '' }],
      contracts: {
        matrix: { path: 'ops/k8s/install-matrix.json', sha256: '' },
        chart_defaults: { path: 'deploy/helm/beacon/values.yaml', sha256: '' },
        compatibility: { path: 'ops/e2e/upgrade-paths/compatibility.json', sha256: '' },
      },
      compliance: {
        attestations: [
          { path: 'build/attestations/regional-primary.intoto.json', sha256: '', profile: 'regional-primary' },
          { path: 'build/attestations/gpu-batch.intoto.json', sha256: '', profile: 'gpu-batch' },
        ],
      },
      container_images: [
        { digest: DIGEST, profile: 'regional-primary', repository: 'ghcr.io/beacon/beacon-api', tag: '2.1.0' },
        { digest: REPLICA_DIGEST, profile: 'regional-replica', repository: 'ghcr.io/beacon/beacon-api', tag: '2.1.0' },
      ],
      logs: ['build/logs/install-regional-primary.log', 'build/logs/upgrade-minor.log'],
      release_notes: ['notes/release-2.1.0.txt'],
    }),
    'ops/release/evidence/identity.json': json({
      schema_version: 1,
      git_sha: '0c5f3e2a9d8b7c6a5f4e3d2c1b0a9f8e7d6c5b4a',
      governance_version: '2027.02',
      release_id: 'beacon-2.1.0',
    }),
    'ops/release/evidence/policy.json': json({
      schema_version: 1,
      required_paths: [
        'ops/k8s/install-matrix.json',
        BEACON_TARBALL,
        'build/logs/upgrade-minor.log',
        'deploy/helm/beacon/Chart.yaml',
      ],
      accepted_sbom_formats: ['spdx-json'],
      image_digest_required_profiles: ['regional-primary', 'regional-replica'],
      minimum_readiness_score: 90,
    }),
    'ops/report/generated/readiness-score.json': json({
      schema_version: 1,
      score: 95,
      status: 'ready',
      inputs: { contracts: 'pass', e2e: 'ok', blockers: 'none' },
      generated_by: 'beacon-readiness 1.0.0',
      generated_from: 'ops/release/evidence/manifest.json',
    }),
    'notes/release-2.1.0.txt': 'Beacon 2.1.0: regional rollouts, GPU batch scoring.\n',
    // Observability contracts outside `ops/`, named by the config: two SLOs, and one rule file
    // holding two `PrometheusRule` documents with double-quoted and folded expressions.
    'monitoring/slos.json': json({
      schema_version: 2,
      slos: [
        { id: 'api-success', objective: 99.5, window: '28d', unit: 'percent', metric: 'beacon_api_requests_total' },
        { id: 'scoring-p95', objective: 1.2, window: '1d', unit: 'seconds', metric: 'beacon_scoring_seconds' },
      ],
    }),
    'monitoring/slo-queries.json': json({
      schema_version: 2,
      measurement_method: {
        'api-success': {
          promql:
            'sum(rate(beacon_api_requests_total{status!~"5.."}[10m])) / sum(rate(beacon_api_requests_total[10m]))',
        },
        'scoring-p95': {
          promql: 'histogram_quantile(0.95, sum by (le) (rate(beacon_scoring_seconds_bucket[10m])))',
          evaluation_interval: '30s',
        },
      },
    }),
    'monitoring/alert-catalog.json': json({
      schema_version: 2,
      alerts: [
        { id: 'BeaconApiErrors', severity: 'critical' },
        { id: 'BeaconScoringSlow', severity: 'warning' },
        { id: 'BeaconReplicaLag', severity: 'warning' },
      ],
    }),
    'monitoring/rules/beacon.yml': [
      'apiVersion: monitoring.coreos.com/v1',
      'kind: PrometheusRule',
      'metadata: { name: beacon-api }',
      'spec:',
      '  groups:',
      '    - name: api',
      '      rules:',
      '        - alert: BeaconApiErrors',
      '          expr: "sum(rate(beacon_api_requests_total{status=~\\"5..\\"}[10m])) > 1"',
      '          for: 2m',
      '          labels: { severity: page }',
      '        - alert: BeaconScoringSlow',
      '          expr: >-',
      '            histogram_quantile(0.95, sum by (le) (rate(beacon_scoring_seconds_bucket[10m])))',
      '            > 1.2',
      '          for: 20m',
      '          labels: { severity: warn }',
      '---',
      'apiVersion: monitoring.coreos.com/v1',
      'kind: PrometheusRule',
      'metadata: { name: beacon-replicas }',
      'spec:',
      '  groups:',
      '    - name: replicas',
      '      rules:',
      '        - alert: BeaconReplicaLag',
      '          expr: max(beacon_replica_lag_seconds) > 30',
      '          for: 1h30m',
      '          labels: { severity: warn }',
      '',
    ].join('\n'),
    [BEACON_TARBALL]: gzippedTarball(beaconTarballMembers()),
  };
  return resealEvidence(tree, { tarball: BEACON_TARBALL });
}
