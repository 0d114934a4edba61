// `npm run bench`: `surveyor check` on generated Atlas repositories at 1×, 10× and 100× the
// size of a real one (`--scales 1,10,100`, default `1,10`), each row beside its floor
// measured in the same run, each run a separate process (start-up included), median of
// `--runs` (default 3). Writes the table to docs/performance.md (`--no-write`: print only).
// `--repos DIR` keeps the generated repositories there and reuses them on the next run.
//   cold full check    (fresh cache)      vs list, read, JSON.parse, remark, used schemas, Mermaid
//   warm full check    (nothing changed)  vs list, read and hash every file
//   --staged, one staged change, warm     vs list git's index and read one blob
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchRepo, benchRepo } from './bench-repos.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const packageRoot = path.resolve(here, '../../..');
const option = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const runs = Number(option('--runs') ?? 3);
const scales = (option('--scales') ?? '1,10').split(',').map(Number);
const write = !process.argv.includes('--no-write');
/** `--repos DIR`: keep the generated repositories in DIR (`atlas-<scale>x`) and reuse one found there. */
const reposDir = option('--repos');
/** `--skip-cold-floor`: the cold row without its floor (run `node bench-floor.js cold ROOT` apart, e.g. at the same time). */
const skipColdFloor = process.argv.includes('--skip-cold-floor');

interface Sample {
  wallMs: number;
  /** CPU time (user + system) of the process and every process it waited for (git); what load inflates least. */
  cpuMs: number;
  maxRssKb: number;
  exit?: number;
}

/** CPU time of the children this process has waited for, in ms (Linux `/proc/self/stat` cutime + cstime, 100 ticks/s). */
function childrenCpuMs(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command name: state is field 3, so cutime and cstime (fields 16 and 17) are at 13 and 14.
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return Number.NaN;
  }
}

function measure(script: string, args: string[], cwd = packageRoot): Sample {
  const started = process.hrtime.bigint();
  const cpuBefore = childrenCpuMs();
  const child = spawnSync(process.execPath, [path.join(here, script), ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const cpuMs = childrenCpuMs() - cpuBefore;
  const last = child.stdout.trim().split('\n').at(-1) ?? '{}';
  const parsed = JSON.parse(last) as { maxRssKb: number; exit?: number };
  if (child.status !== 0) throw new Error(`${script} ${args.join(' ')} failed: ${child.stderr}`);
  return { wallMs, cpuMs, maxRssKb: parsed.maxRssKb, ...(parsed.exit === undefined ? {} : { exit: parsed.exit }) };
}

function median(samples: Sample[], pick: (s: Sample) => number): number {
  const sorted = samples.map(pick).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function git(root: string, ...args: string[]): void {
  const result = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
}

/** One staged change per kind; run `i` makes a change no earlier run made, so the cache has not seen it. */
const CHANGES: Record<string, { file: string; edit: (text: string, i: number) => string }> = {
  'a JSON contract': {
    file: 'ops/e2e/scenarios/upgrade/upgrade-minor.json',
    edit: (text, i) => text.replace('"schema_version": 1,', `"schema_version": 1,${' '.repeat(i + 1)}`),
  },
  'a schema': {
    file: 'ops/schema/e2e/upgrade-scenario.schema.json',
    edit: (text, i) => text.replace(/"title": "([^"]*)"/, `"title": "$1 (edit ${i})"`),
  },
  'a docs page': { file: 'docs/operations/rollout-safety.md', edit: (text, i) => `${text}\nEdited for run ${i}.\n` },
  'a values file': { file: 'ops/k8s/values/perf.yaml', edit: (text, i) => `${text}# edit ${i}\n` },
};

const ms = (value: number) => (value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`);
const mb = (kb: number) => `${Math.round(kb / 1024)} MB`;
const rows: string[] = [];
const row = (scale: number, files: number, scenario: string, check: Sample[], floor: Sample[]) => {
  const wall = median(check, (s) => s.wallMs);
  const cpu = median(check, (s) => s.cpuMs);
  const floorColumns =
    floor.length === 0
      ? 'not measured | | | '
      : `${ms(median(floor, (s) => s.wallMs))} | ${ms(median(floor, (s) => s.cpuMs))} | ${(wall / median(floor, (s) => s.wallMs)).toFixed(2)}× | ${(cpu / median(floor, (s) => s.cpuMs)).toFixed(2)}×`;
  const line = `| ${scale}× | ${files} | ${scenario} | ${ms(wall)} | ${ms(cpu)} | ${mb(median(check, (s) => s.maxRssKb))} | ${floorColumns} | ${check[0]!.exit} |`;
  rows.push(line);
  process.stderr.write(`${line}\n`);
};

/** The repository at `scale`: generated, or (with `--repos`) one generated earlier, reset to its commit. */
async function repository(scale: number): Promise<BenchRepo> {
  const root = path.resolve(reposDir ?? work, `atlas-${scale}x`);
  if (reposDir && existsSync(path.join(root, '.git'))) {
    process.stderr.write(`reusing ${root}\n`);
    // A run stopped in a staged row leaves a change behind.
    git(root, 'reset', '-q', '--hard', 'HEAD');
    const listed = spawnSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
    return { root, files: listed.stdout.split('\0').filter(Boolean).length };
  }
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} generating the ${scale}× repository…\n`);
  return benchRepo(path.join(packageRoot, 'examples/atlas'), root, scale);
}

const work = mkdtempSync(path.join(os.tmpdir(), 'surveyor-bench-'));
const loadBefore = os.loadavg()[0]!;
try {
  for (const scale of scales) {
    const repo = await repository(scale);
    const check = (args: string[], cache: string) =>
      measure('bench-child.js', [
        'check',
        '--root',
        repo.root,
        '--format',
        'json',
        '--now',
        '2026-11-27',
        '--cache-location',
        cache,
        ...args,
      ]);

    const cold: Sample[] = [];
    const step = (what: string) =>
      process.stderr.write(
        `${new Date().toISOString().slice(11, 19)} ${scale}×: ${what} (load ${os.loadavg()[0]!.toFixed(1)})\n`,
      );
    for (let i = 0; i < runs; i++) {
      step(`cold check ${i + 1}/${runs}`);
      cold.push(check([], path.join(work, `cold-${scale}-${i}`)));
    }
    if (!skipColdFloor) step('cold floor');
    row(
      scale,
      repo.files,
      'cold full check',
      cold,
      skipColdFloor ? [] : Array.from({ length: runs }, () => measure('bench-floor.js', ['cold', repo.root])),
    );

    // The first cold run left its cache: the warm runs start from it rather than from another cold run.
    const cache = path.join(work, `cold-${scale}-0`);
    step('warm checks');
    const warm = Array.from({ length: runs }, () => check([], cache));
    row(
      scale,
      repo.files,
      'warm full check, nothing changed',
      warm,
      Array.from({ length: runs }, () => measure('bench-floor.js', ['warm', repo.root])),
    );

    for (const [kind, change] of Object.entries(CHANGES)) {
      const file = path.join(repo.root, change.file);
      const original = readFileSync(file, 'utf8');
      step(`--staged, ${kind}`);
      const staged: Sample[] = [];
      const floors: Sample[] = [];
      for (let i = 0; i < runs; i++) {
        writeFileSync(file, change.edit(original, i));
        git(repo.root, 'add', change.file);
        staged.push(check(['--staged'], cache));
        floors.push(measure('bench-floor.js', ['staged', repo.root]));
      }
      writeFileSync(file, original);
      git(repo.root, 'add', change.file);
      row(scale, repo.files, `\`--staged\`, one change: ${kind}`, staged, floors);
    }
    if (!reposDir) rmSync(repo.root, { recursive: true, force: true });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const cpus = os.cpus();
const machine = `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB, ${os.platform()} ${os.release()}, Node ${process.version}; load average ${loadBefore.toFixed(1)} at the start, ${os.loadavg()[0]!.toFixed(1)} at the end`;
const table = [
  '| scale | files | scenario | check (median) | check CPU | check peak RSS | floor (median) | floor CPU | ratio | CPU ratio | exit |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ...rows,
].join('\n');
const section = `<!-- bench:begin -->\n\nMeasured ${new Date().toISOString().slice(0, 10)} on ${machine}; ${runs === 1 ? 'one run of each' : `median of ${runs} runs`}, each a separate process (\`npm run bench -- --scales ${scales.join(',')} --runs ${runs}\`).\n\n${table}\n\n<!-- bench:end -->`;
process.stdout.write(`${section}\n`);
if (write) {
  const docs = path.join(packageRoot, 'docs/performance.md');
  const text = readFileSync(docs, 'utf8');
  const replaced = text.replace(/<!-- bench:begin -->[\s\S]*<!-- bench:end -->/, section);
  if (replaced === text && !text.includes('<!-- bench:begin -->')) appendFileSync(docs, `\n${section}\n`);
  else writeFileSync(docs, replaced);
}
