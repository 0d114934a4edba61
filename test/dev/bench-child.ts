// One measured surveyor run: `node bench-child.js <surveyor args...>` runs the CLI in this
// process with output discarded, then prints `{"exit":N,"maxRssKb":N,"wallMs":N}`.
import { performance } from 'node:perf_hooks';
import { limitHeapGrowth } from '../../src/cli/heap.js';
import type { main as Main } from '../../src/cli/main.js';

// As the CLI does (src/cli/bin.ts): measured without it, a run peaks far higher than users see.
limitHeapGrowth();

// The bundled CLI that `surveyor` runs (dist/cli/, rolldown.config.mjs), not tsc's module files: both
// start the same code, but Node loads the bundle from a few files, and users run that.
const { main } = (await import(new URL('../../cli/main.js', import.meta.url).href)) as { main: typeof Main };

const started = performance.now();
const exit = await main(process.argv.slice(2), {
  stdout: () => {},
  stderr: (t) => process.stderr.write(t),
  isTTY: false,
  env: {},
});
const wallMs = performance.now() - started;
process.stdout.write(`${JSON.stringify({ exit, maxRssKb: process.resourceUsage().maxRSS, wallMs })}\n`);
