// `npm run bench:render`: in one run, on the example's diagrams and on 200 generated ones,
// renders with surveyor (one browser, Mermaid loaded once per page), with mermaid-cli's Node
// API (one browser, a page and a Mermaid load per diagram) and with one `mmdc` process per
// diagram (as docs jobs call it today), then re-renders with surveyor when nothing changed
// (the content-hash cache). Prints the times and the ratios. `BENCH_MMDC_LIMIT=N` times
// mmdc on the first N diagrams of each set only and scales its time to the whole set (said so).
// `BENCH_RENDER_ONLY=surveyor` times surveyor alone (cold, then unchanged), for before/after figures
// of a change to `render`: the mermaid-cli runs take minutes and do not change with it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSession } from '../../src/engine/run.js';
import { findChromium } from '../../src/render/chromium.js';
import type { Diagram } from '../../src/render/render.js';
import { diagramsOf, runRender } from '../../src/render/run-render.js';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const chromium = findChromium(process.env);
if (!chromium) {
  process.stderr.write('bench:render needs Chromium: apt-get install chromium, or set PUPPETEER_EXECUTABLE_PATH\n');
  process.exit(2);
}
const surveyorOnly = process.env.BENCH_RENDER_ONLY === 'surveyor';
const mmdcLimit = process.env.BENCH_MMDC_LIMIT ? Number(process.env.BENCH_MMDC_LIMIT) : Number.POSITIVE_INFINITY;
const work = mkdtempSync(path.join(tmpdir(), 'surveyor-bench-render-'));
const args = process.getuid?.() === 0 ? ['--no-sandbox'] : [];

/** 200 diagrams of the kinds an Atlas repository has, in 20 pages of 10. */
function generatedRepo(): string {
  const root = path.join(work, 'generated');
  mkdirSync(path.join(root, 'docs'), { recursive: true });
  for (let p = 0; p < 20; p++) {
    const blocks: string[] = [];
    for (let d = 0; d < 10; d++) {
      const n = p * 10 + d;
      const code =
        n % 3 === 0
          ? `sequenceDiagram\n  participant Op as Operator ${n}\n  participant Helm\n  Op->>Helm: upgrade to 1.${n}.0\n  Helm-->>Op: rollout ${n} ready\n  Op->>Helm: verify signals\n`
          : `flowchart ${n % 2 ? 'LR' : 'TD'}\n  v${n}a["1.${n}.0"] -->|"minor: upgrade-${n}"| v${n}b["1.${n + 1}.0"]\n  v${n}b -->|"patch"| v${n}c{"ready?"}\n  v${n}c -->|yes| v${n}d([promote])\n  v${n}c -->|no| v${n}e([rollback to 1.${n}.0])\n`;
      blocks.push(`\`\`\`mermaid\n${code}\`\`\``);
    }
    writeFileSync(
      path.join(root, `docs/page-${p}.md`),
      `---\ntitle: Page ${p}\naudience: operators\ntype: reference\nstatus: stable\nowner: ops\nlast_reviewed: 2026-11-20\n---\n\n# Page ${p}\n\n${blocks.join('\n\n')}\n`,
    );
  }
  return root;
}

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
}

/** mermaid-cli's Node API as its README shows it: one browser, `renderMermaid` per diagram. */
async function nodeApi(diagrams: readonly Diagram[]): Promise<number> {
  const [{ default: puppeteer }, { renderMermaid }] = await Promise.all([
    import('puppeteer-core'),
    import('@mermaid-js/mermaid-cli'),
  ]);
  const browser = await puppeteer.launch({ executablePath: chromium, headless: true, args });
  let failed = 0;
  try {
    for (const diagram of diagrams) {
      try {
        await renderMermaid(browser, diagram.code, 'svg', {});
      } catch {
        failed++;
      }
    }
  } finally {
    await browser.close();
  }
  return failed;
}

/** One `mmdc` process per diagram; returns the failures and how many ran. */
function mmdc(diagrams: readonly Diagram[], label: string): { failed: number; ran: number } {
  const config = path.join(work, 'puppeteer.json');
  writeFileSync(config, JSON.stringify({ executablePath: chromium, args }));
  const bin = path.join(packageRoot, 'node_modules/.bin/mmdc');
  let failed = 0;
  const sample = diagrams.slice(0, Math.min(diagrams.length, mmdcLimit));
  for (const [i, diagram] of sample.entries()) {
    const input = path.join(work, `${label}-${i}.mmd`);
    writeFileSync(input, diagram.code);
    const child = spawnSync(bin, ['-q', '-p', config, '-i', input, '-o', path.join(work, `${label}-${i}.svg`)]);
    if (child.status !== 0) failed++;
  }
  return { failed, ran: sample.length };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const lines = [`${process.version}, ${chromium}`];
try {
  for (const [label, root] of [
    ['examples/atlas', path.join(packageRoot, 'examples/atlas')],
    ['200 generated', generatedRepo()],
  ] as const) {
    const diagrams = await diagramsOf(await openSession({ root }));
    const out = path.join(work, `${label.replace(/\W+/g, '-')}-out`);
    const env = { ...process.env, PUPPETEER_EXECUTABLE_PATH: chromium };
    const cold = await timed(() => runRender({ root, out, format: 'svg', env }));
    const warm = await timed(() => runRender({ root, out, format: 'svg', env }));
    lines.push(
      '',
      `${label}: ${diagrams.length} diagrams`,
      `  surveyor render:               ${seconds(cold.ms)} (${cold.value.written.length} written, ${cold.value.failed.length} failed)`,
      `  surveyor render, unchanged:    ${seconds(warm.ms)} (${warm.value.unchanged.length} unchanged, ${warm.value.written.length} written)`,
    );
    if (surveyorOnly) continue;
    const api = await timed(() => nodeApi(diagrams));
    const perProcess = await timed(async () => mmdc(diagrams, label.replace(/\W+/g, '-')));
    const mmdcMs = (perProcess.ms / Math.max(1, perProcess.value.ran)) * diagrams.length;
    const sampled = perProcess.value.ran < diagrams.length ? ` (timed on ${perProcess.value.ran}, scaled)` : '';
    lines.push(
      `  mermaid-cli Node API:          ${seconds(api.ms)} (${api.value} failed)  → surveyor ${(api.ms / cold.ms).toFixed(1)}× faster`,
      `  one mmdc process per diagram:  ${seconds(mmdcMs)}${sampled} (${perProcess.value.failed} failed)  → surveyor ${(mmdcMs / cold.ms).toFixed(1)}× faster`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
