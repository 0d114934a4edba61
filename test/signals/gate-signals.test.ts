import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSnapshot } from '../../src/signals/snapshot.js';
import { EXAMPLE_ROOT } from '../support/atlas-tree.js';
import { runCli, tempDirs } from '../support/cli-run.js';
import { startPrometheus, type TestPrometheus } from '../support/prometheus.js';
import { atlasSeries, type SignalVariant } from '../support/signals-data.js';

// The live-signals check end to end: `surveyor gate --prometheus` against a real Prometheus
// (Debian's) serving TSDB blocks made from OpenMetrics text, then the same verdict replayed
// from `--write-signals` with that Prometheus stopped.

const AT = 1_795_000_000;
const tempDir = tempDirs('surveyor-signals-');
let running: TestPrometheus | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

function exampleCopy(): string {
  const root = path.join(tempDir(), 'atlas');
  cpSync(EXAMPLE_ROOT, root, { recursive: true });
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

/** Asks a fresh Prometheus holding `variant`, saves the answers, stops it, and replays them. */
async function liveAndReplayed(variant: SignalVariant, rules?: string): Promise<{ live: Verdict; replayed: Verdict }> {
  const root = exampleCopy();
  running = await startPrometheus({ series: atlasSeries(AT, variant), ...(rules ? { rules } : {}) });
  const saved = path.join(tempDir(), 'signals.json');
  const live = await gate(root, ['--prometheus', running.url, '--at', String(AT), '--write-signals', saved]);
  await running.stop();
  running = undefined;
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
    const { live, replayed } = await liveAndReplayed({});
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
    const { live, replayed } = await liveAndReplayed({ servingVersion: '1.3.2' });
    expect(live.code).toBe(1);
    expect(signalFindings(live)).toEqual([
      'signals/identity wrongVersion: 2 of 2 `atlas_build_info` series report version `1.3.2`, not the release `1.4.0`: the rollout has not finished, or something else serves',
    ]);
    expectSameVerdict(live, replayed);
  });

  it("is blocked when one pod's image digest differs from the evidence", async () => {
    const { live, replayed } = await liveAndReplayed({ podOneDigest: `sha256:${'e'.repeat(64)}` });
    expect(live.code).toBe(1);
    expect(signalFindings(live)).toEqual([
      `signals/identity wrongImage: Container \`{namespace="atlas",pod="atlas-1",container="atlas-server"}\` runs \`sha256:${'e'.repeat(64)}\`, not \`sha256:9c96014f6e08fb1517326ec891e389a013ec7e78ef87f2d0d035ac1d47cb5bfb\` that the evidence records for \`prod-ha\``,
    ]);
    expectSameVerdict(live, replayed);
  });

  it('is blocked when the error ratio is above its SLO, showing the value', async () => {
    const { live, replayed } = await liveAndReplayed({ rejectedPerSecond: 5 });
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
    const root = exampleCopy();
    running = await startPrometheus({ series: atlasSeries(AT, { rejectedPerSecond: 5 }) });
    const saved = path.join(tempDir(), 'signals.json');
    await gate(root, ['--prometheus', running.url, '--at', String(AT), '--write-signals', saved]);
    await running.stop();
    running = undefined;
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
    const { live, replayed } = await liveAndReplayed({ flapping: true });
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
    running = await startPrometheus({ series: atlasSeries(AT) });
    const url = running.url;
    await running.stop();
    running = undefined;
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
    // Wait until the rule evaluation has stored both alerts as firing.
    let at = now;
    for (let i = 0; i < 100; i++) {
      at = Math.floor(Date.now() / 1000);
      const answer = await fetch(
        `${url}/api/v1/query?query=${encodeURIComponent('count(ALERTS{alertstate="firing"})')}&time=${at}`,
      );
      const body = (await answer.json()) as { data: { result: { value: [number, string] }[] } };
      if (body.data.result[0]?.value[1] === '2') break;
      await new Promise((r) => setTimeout(r, 200));
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
