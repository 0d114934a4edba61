import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseSnapshot } from '../../src/signals/snapshot.js';
import { copyExample } from '../support/atlas-tree.js';
import { runCli, tempDirs } from '../support/cli-run.js';
import { startPrometheus, type TestPrometheus } from '../support/prometheus.js';
import { atlasSeries, type SignalVariant, variantsSeries } from '../support/signals-data.js';

// The live-signals check end to end: `surveyor gate --prometheus` against a real Prometheus
// (Debian's) serving TSDB blocks made from OpenMetrics text, then the same verdict replayed
// from `--write-signals` with that Prometheus stopped. One Prometheus serves the variants, each
// a day after the one before (see `variantsSeries`): every live gate asks it at the end of its
// variant's hour, then it stops, and the tests replay what was saved.

const AT = 1_795_000_000;
const tempDir = tempDirs('surveyor-signals-');
let running: TestPrometheus | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

function exampleCopy(): string {
  const root = path.join(tempDir(), 'atlas');
  copyExample(root);
  return root;
}

interface Verdict {
  code: number;
  json: {
    verdict: string;
    checks: { id: string; status: string; diagnostics: { ruleId: string; messageId?: string; message: string }[] }[];
    signals?: {
      queries: { query: string; sha256: string; answer?: string }[];
      slos: { id: string; value?: number; status: string }[];
    };
  };
  stderr: string;
}

async function gate(root: string, signalArgs: string[]): Promise<Verdict> {
  const run = await runCli([
    'gate',
    '--release',
    '1.4.0',
    '--root',
    root,
    '--now',
    '2026-11-27',
    '--profile',
    'prod-ha',
    '--format',
    'json',
    ...signalArgs,
  ]);
  return { code: run.code, json: JSON.parse(run.stdout || '{}'), stderr: run.stderr };
}

function signalFindings(verdict: Verdict): string[] {
  return (verdict.json.checks.find((c) => c.id === 'signals')?.diagnostics ?? []).map(
    (d) => `${d.ruleId} ${d.messageId}: ${d.message}`,
  );
}

/** The variants the live gates ask about, by name. */
const VARIANTS = {
  healthy: {},
  previousServes: { servingVersion: '1.3.2' },
  otherDigest: { podOneDigest: `sha256:${'e'.repeat(64)}` },
  errorRatio: { rejectedPerSecond: 5 },
  flapping: { flapping: true },
} satisfies Record<string, SignalVariant>;
type VariantName = keyof typeof VARIANTS;

/** What a live gate on a variant gave: its repository, its verdict and the answers it saved. */
interface LiveRun {
  root: string;
  live: Verdict;
  saved: string;
}
const liveRuns = new Map<VariantName, LiveRun>();
/** The URL the Prometheus served at; nothing listens there once it has stopped. */
let stoppedUrl = '';

beforeAll(async () => {
  const names = Object.keys(VARIANTS) as VariantName[];
  const served = variantsSeries(AT, Object.values(VARIANTS));
  const prometheus = await startPrometheus({ series: served.series });
  try {
    for (const [index, name] of names.entries()) {
      const root = exampleCopy();
      const saved = path.join(tempDir(), 'signals.json');
      const at = String(served.atOf(index));
      const live = await gate(root, ['--prometheus', prometheus.url, '--at', at, '--write-signals', saved]);
      liveRuns.set(name, { root, live, saved });
    }
  } finally {
    await prometheus.stop();
    stoppedUrl = prometheus.url;
  }
}, 120_000);

/** The live verdict on `variant` (its Prometheus now stopped), and the same gate replayed from the answers it saved. */
async function liveAndReplayed(variant: VariantName): Promise<{ live: Verdict; replayed: Verdict }> {
  const { root, live, saved } = liveRuns.get(variant)!;
  const replayed = await gate(root, ['--signals', saved]);
  expect(parseSnapshot(readFileSync(saved, 'utf8'), saved).answers.length).toBeGreaterThan(5);
  return { live, replayed };
}

function expectSameVerdict(live: Verdict, replayed: Verdict): void {
  expect(replayed.code).toBe(live.code);
  expect(replayed.json.verdict).toBe(live.json.verdict);
  expect(signalFindings(replayed)).toEqual(signalFindings(live));
}

describe('surveyor gate --prometheus, against a real Prometheus', () => {
  it('is ready when everything serving agrees with the release, and keeps every answer with its sha256', async () => {
    const { live, replayed } = await liveAndReplayed('healthy');
    expect(signalFindings(live)).toEqual([]);
    expect(live.json.checks.find((c) => c.id === 'signals')?.status).toBe('pass');
    expect(live.json.verdict).toBe('ready');
    expect(live.code).toBe(0);
    expect(live.json.signals?.slos.map((s) => [s.id, s.status])).toEqual([
      ['query-availability', 'pass'],
      ['query-latency-p99', 'pass'],
      ['ingest-error-ratio', 'pass'],
      ['ingest-throughput', 'pass'],
    ]);
    for (const q of live.json.signals?.queries ?? []) expect(q.answer).toContain('"status":"success"');
    expectSameVerdict(live, replayed);
  });

  it('is blocked when the previous release serves, naming both versions', async () => {
    const { live, replayed } = await liveAndReplayed('previousServes');
    expect(live.code).toBe(1);
    expect(signalFindings(live)).toEqual([
      'signals/identity wrongVersion: 2 of 2 `atlas_build_info` series report version `1.3.2`, not the release `1.4.0`: the rollout has not finished, or something else serves',
    ]);
    expectSameVerdict(live, replayed);
  });

  it("is blocked when one pod's image digest differs from the evidence", async () => {
    const { live, replayed } = await liveAndReplayed('otherDigest');
    expect(live.code).toBe(1);
    expect(signalFindings(live)).toEqual([
      `signals/identity wrongImage: Container \`{namespace="atlas",pod="atlas-1",container="atlas-server"}\` runs \`sha256:${'e'.repeat(64)}\`, not \`sha256:9c96014f6e08fb1517326ec891e389a013ec7e78ef87f2d0d035ac1d47cb5bfb\` that the evidence records for \`prod-ha\``,
    ]);
    expectSameVerdict(live, replayed);
  });

  it('is blocked when the error ratio is above its SLO, showing the value', async () => {
    const { live, replayed } = await liveAndReplayed('errorRatio');
    expect(live.code).toBe(1);
    expect(signalFindings(live)).toEqual([
      expect.stringMatching(
        /^signals\/slo sloAbove: SLO `ingest-error-ratio` measures 0\.01, above its objective 0\.001 \(`sum\(rate/,
      ),
    ]);
    expect(live.json.signals?.slos.find((s) => s.id === 'ingest-error-ratio')).toMatchObject({ status: 'fail' });
    expectSameVerdict(live, replayed);
  });

  it('shows the SLOs as a table in the Markdown report: query, value, objective and status', async () => {
    // The answers the live gate on the error-ratio variant saved.
    const { root, saved } = liveRuns.get('errorRatio')!;
    const markdown = await runCli([
      ...['gate', '--release', '1.4.0', '--root', root, '--now', '2026-11-27', '--profile', 'prod-ha'],
      ...['--signals', saved, '--format', 'markdown'],
    ]);
    expect(markdown.code).toBe(1);
    const lines = markdown.stdout.split('\n');
    const header = lines.indexOf('| SLO | Query | Value | Objective | Status |');
    expect(header).toBeGreaterThan(-1);
    const rows = lines.slice(header + 2, lines.indexOf('', header));
    expect(rows.map((row) => row.split(' | ')[0])).toEqual([
      '| `query-availability`',
      '| `query-latency-p99`',
      '| `ingest-error-ratio`',
      '| `ingest-throughput`',
    ]);
    const errorRatio = rows.find((row) => row.startsWith('| `ingest-error-ratio`'))!;
    expect(errorRatio).toMatch(/^\| `ingest-error-ratio` \| `sum\(rate\(.*` \| 0\.01 \| ≤ 0\.001 \| ❌ fail \|$/);
    expect(rows.filter((row) => row.endsWith('❌ fail |'))).toEqual([errorRatio]);
  });

  it('is blocked when a pod flaps between ready and unready', async () => {
    const { live, replayed } = await liveAndReplayed('flapping');
    expect(live.code).toBe(1);
    expect(signalFindings(live)).toEqual([
      expect.stringMatching(
        /^signals\/readiness flapping: Pod `\{namespace="atlas",pod="atlas-1"\}` changed readiness \d+ times in the last 15m/,
      ),
    ]);
    expectSameVerdict(live, replayed);
  });

  it('is blocked when Prometheus is unreachable, and says so', async () => {
    const root = exampleCopy();
    const url = stoppedUrl;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const saved = path.join(tempDir(), 'signals.json');
    const live = await gate(root, ['--prometheus', url, '--at', String(AT), '--write-signals', saved]);
    expect(live.code).toBe(1);
    expect(live.json.verdict).toBe('blocked');
    const findings = signalFindings(live);
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) expect(f).toContain(`Prometheus at ${url} is unreachable`);
    expectSameVerdict(live, await gate(root, ['--signals', saved]));
  });
});

describe('surveyor gate --prometheus with a firing alert', () => {
  it('is blocked while a critical catalogued alert fires, and lists a firing warning', async () => {
    const root = exampleCopy();
    // Rules are evaluated on the wall clock, so the data ends just before now and the gate asks about now
    // (Prometheus stores the ALERTS series only after the imported blocks end).
    const now = Math.floor(Date.now() / 1000) - 5;
    running = await startPrometheus({
      series: atlasSeries(now),
      rules: `groups:
  - name: atlas
    rules:
      - alert: AtlasPodsNotReady
        expr: sum(kube_pod_status_ready{namespace="atlas",condition="true"}) < 3
        labels: { severity: page }
      - alert: AtlasQueryLatencyHigh
        expr: histogram_quantile(0.99, sum by (le) (rate(atlas_http_request_duration_seconds_bucket[5m]))) > 0.2
        labels: { severity: warn }
`,
    });
    const url = running.url;
    // Wait until the rule evaluation has stored both alerts as firing, asking about now to the millisecond
    // (at a whole second, the alerts stored since it would wait for the next one).
    let at = now;
    for (let i = 0; i < 400; i++) {
      at = Date.now() / 1000;
      const answer = await fetch(
        `${url}/api/v1/query?query=${encodeURIComponent('count(ALERTS{alertstate="firing"})')}&time=${at}`,
      );
      const body = (await answer.json()) as { data: { result: { value: [number, string] }[] } };
      if (body.data.result[0]?.value[1] === '2') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const saved = path.join(tempDir(), 'signals.json');
    const live = await gate(root, ['--prometheus', url, '--at', String(at), '--write-signals', saved]);
    expect(live.code).toBe(1);
    expect(signalFindings(live)).toEqual([
      'signals/warning-alert warningFiring: Alert `AtlasQueryLatencyHigh` (`warning`) is firing: look at it before promotion',
      'signals/critical-alert criticalFiring: Critical alert `AtlasPodsNotReady` is firing: resolve it, or roll back, before promotion',
    ]);
    await running.stop();
    running = undefined;
    expectSameVerdict(live, await gate(root, ['--signals', saved]));
  });
});

describe('surveyor gate --prometheus, bad arguments', () => {
  it('exits 2 for a malformed URL, a bad --at or --window, and --signals with --prometheus', async () => {
    const root = exampleCopy();
    for (const args of [
      ['--prometheus', 'localhost:9090'],
      ['--prometheus', 'http://user:pw@127.0.0.1:9090'],
      ['--prometheus', 'http://127.0.0.1:9', '--at', 'yesterday'],
      ['--prometheus', 'http://127.0.0.1:9', '--window', '15 minutes'],
      ['--prometheus', 'http://127.0.0.1:9', '--signals', 'x.json'],
      ['--write-signals', 'x.json'],
    ]) {
      const run = await runCli(['gate', '--release', '1.4.0', '--root', root, ...args]);
      expect({ args, code: run.code }).toEqual({ args, code: 2 });
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
