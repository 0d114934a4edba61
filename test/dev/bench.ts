// `npm run bench`: wall time and peak memory of `surveyor check` per scenario, each a
// separate process (start-up included), median of --runs (default 5), beside the floor
// of listing, reading and parsing the same files.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchRepositories } from './bench-repos.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const packageRoot = path.resolve(here, '../../..');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;

interface Sample {
  wallMs: number;
  maxRssKb: number;
  exit?: number;
}

function measure(script: string, args: string[]): Sample {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [path.join(here, script), ...args], {
    cwd: packageRoot,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const last = child.stdout.trim().split('\n').at(-1) ?? '{}';
  const parsed = JSON.parse(last) as { maxRssKb: number; exit?: number };
  return { wallMs, maxRssKb: parsed.maxRssKb, exit: parsed.exit };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const work = mkdtempSync(path.join(tmpdir(), 'surveyor-bench-'));
try {
  const rows: string[] = [
    '| scenario | files | check wall (median) | check peak RSS | floor wall | floor peak RSS | exit |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const repo of benchRepositories(packageRoot, work)) {
    if (only && repo.name !== only) continue;
    const root = await repo.prepare();
    const checks: Sample[] = [];
    const floors: Sample[] = [];
    for (let i = 0; i < runs; i++) {
      checks.push(measure('bench-child.js', ['check', '--root', root, '--format', 'json', ...(repo.args ?? [])]));
      floors.push(measure('bench-floor.js', [root]));
    }
    const files = JSON.parse(
      spawnSync(process.execPath, [path.join(here, 'bench-floor.js'), root], { encoding: 'utf8' }).stdout,
    ).files as number;
    rows.push(
      `| ${repo.name} | ${files} | ${median(checks.map((s) => s.wallMs)).toFixed(0)} ms | ${(median(checks.map((s) => s.maxRssKb)) / 1024).toFixed(0)} MB | ${median(floors.map((s) => s.wallMs)).toFixed(0)} ms | ${(median(floors.map((s) => s.maxRssKb)) / 1024).toFixed(0)} MB | ${checks[0]!.exit} |`,
    );
    process.stderr.write(`${repo.name}: done\n`);
  }
  process.stdout.write(
    `${rows.join('\n')}\n\n${runs} runs each on ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
