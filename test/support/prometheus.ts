import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { diskTempDir } from './tmpfs-temp.js';

/** One series for a test Prometheus: a metric name, labels, and `[unixSeconds, value]` points. */
export interface Series {
  name: string;
  labels?: Record<string, string>;
  points: [number, number][];
}

/** A real Prometheus (Debian's `prometheus`) serving TSDB blocks made from test series. */
export interface TestPrometheus {
  url: string;
  /** Stops the server and removes its data; waits until the process has exited. */
  stop(): Promise<void>;
}

/** `points` every `stepSeconds` from `from` to `to` (inclusive), all with `value` or `value(t)`. */
export function pointsBetween(
  from: number,
  to: number,
  stepSeconds: number,
  value: number | ((t: number) => number),
): [number, number][] {
  const points: [number, number][] = [];
  for (let t = from; t <= to; t += stepSeconds) points.push([t, typeof value === 'number' ? value : value(t)]);
  return points;
}

/** OpenMetrics text for `series`, grouped by metric family as the format requires (all gauges). */
export function openMetrics(series: readonly Series[]): string {
  const families = new Map<string, Series[]>();
  for (const s of series) families.set(s.name, [...(families.get(s.name) ?? []), s]);
  const lines: string[] = [];
  for (const [name, members] of families) {
    lines.push(`# TYPE ${name} gauge`);
    for (const s of members) {
      const labels = Object.entries(s.labels ?? {})
        .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
        .join(',');
      for (const [t, v] of s.points) lines.push(`${name}${labels ? `{${labels}}` : ''} ${formatValue(v)} ${t}`);
    }
  }
  lines.push('# EOF', '');
  return lines.join('\n');
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(v);
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts Prometheus on a free loopback port over blocks made with `promtool tsdb create-blocks-from
 * openmetrics`, with `rules` (a Prometheus rule file's text) evaluated every 100 ms when given: Prometheus
 * stores no `ALERTS` series until its rules' second evaluation after start, which a 1 s interval puts seconds away.
 */
export async function startPrometheus(options: { series: readonly Series[]; rules?: string }): Promise<TestPrometheus> {
  // On a disk even when the tests' temporary folders are on a tmpfs (see `diskTempDir`).
  const dir = mkdtempSync(path.join(diskTempDir(), 'surveyor-prometheus-'));
  const data = path.join(dir, 'data.om');
  writeFileSync(data, openMetrics(options.series));
  const blocks = spawnSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', data, path.join(dir, 'tsdb')], {
    encoding: 'utf8',
  });
  if (blocks.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`promtool failed: ${blocks.error?.message ?? blocks.stderr}`);
  }
  const config = ['global:', '  evaluation_interval: 100ms'];
  if (options.rules !== undefined) {
    writeFileSync(path.join(dir, 'rules.yml'), options.rules);
    config.push('rule_files:', `  - ${JSON.stringify(path.join(dir, 'rules.yml'))}`);
  }
  writeFileSync(path.join(dir, 'prometheus.yml'), `${config.join('\n')}\n`);

  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const child = spawn(
      'prometheus',
      [
        `--config.file=${path.join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${path.join(dir, 'tsdb')}`,
        '--storage.tsdb.retention.time=100y',
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let log = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000);
    });
    const url = `http://127.0.0.1:${port}`;
    const stop = () => stopProcess(child).then(() => rmSync(dir, { recursive: true, force: true }));
    if (await ready(url, child)) return { url, stop };
    await stopProcess(child);
    if (attempt >= 2) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`prometheus did not become ready: ${log}`);
    }
  }
}

async function ready(url: string, child: ChildProcess): Promise<boolean> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      const response = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
