// One measured surveyor run: `node bench-child.js <surveyor args...>` runs the CLI in this
// process with output discarded, then prints `{"exit":N,"maxRssKb":N,"wallMs":N}`.
import { performance } from 'node:perf_hooks';
import { limitHeapGrowth } from '../../src/cli/heap.js';
import { main } from '../../src/cli/main.js';

// As the CLI does (src/cli/bin.ts): measured without it, a run peaks far higher than users see.
limitHeapGrowth();

const started = performance.now();
const exit = await main(process.argv.slice(2), {
  stdout: () => {},
  stderr: (t) => process.stderr.write(t),
  isTTY: false,
  env: {},
});
const wallMs = performance.now() - started;
process.stdout.write(`${JSON.stringify({ exit, maxRssKb: process.resourceUsage().maxRSS, wallMs })}\n`);
