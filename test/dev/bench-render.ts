// `npm run bench:render`: renders every Mermaid block of examples/atlas twice in one
// run — with surveyor's one browser for all diagrams, and with one `mmdc` process per
// diagram (mermaid-cli's own CLI, as a docs job would call it) — and prints both times.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSession } from '../../src/engine/run.js';
import { findChromium } from '../../src/render/chromium.js';
import { renderDiagrams } from '../../src/render/render.js';
import { diagramsOf } from '../../src/render/run-render.js';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const root = path.join(packageRoot, 'examples/atlas');
const chromium = findChromium(process.env);
if (!chromium) {
  process.stderr.write('bench:render needs Chromium: apt-get install chromium, or set PUPPETEER_EXECUTABLE_PATH\n');
  process.exit(2);
}
const work = mkdtempSync(path.join(tmpdir(), 'surveyor-bench-render-'));
try {
  const diagrams = await diagramsOf(await openSession({ root }));
  const oneBrowserStart = performance.now();
  const { rendered, failed } = await renderDiagrams(diagrams, { executablePath: chromium, format: 'svg' });
  const oneBrowserMs = performance.now() - oneBrowserStart;

  const config = path.join(work, 'puppeteer.json');
  writeFileSync(
    config,
    JSON.stringify({ executablePath: chromium, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] }),
  );
  const mmdc = path.join(packageRoot, 'node_modules/.bin/mmdc');
  let mmdcFailures = 0;
  const perProcessStart = performance.now();
  for (const [i, diagram] of diagrams.entries()) {
    const input = path.join(work, `d${i}.mmd`);
    writeFileSync(input, diagram.code);
    const child = spawnSync(mmdc, ['-q', '-p', config, '-i', input, '-o', path.join(work, `d${i}.svg`)], {
      encoding: 'utf8',
    });
    if (child.status !== 0) mmdcFailures++;
  }
  const perProcessMs = performance.now() - perProcessStart;
  process.stdout.write(
    [
      `${diagrams.length} diagrams of examples/atlas, ${process.version}, ${chromium}`,
      `one browser (surveyor render):  ${(oneBrowserMs / 1000).toFixed(1)} s (${rendered.length} rendered, ${failed.length} failed)`,
      `one mmdc process per diagram:   ${(perProcessMs / 1000).toFixed(1)} s (${diagrams.length - mmdcFailures} rendered, ${mmdcFailures} failed)`,
      '',
    ].join('\n'),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
