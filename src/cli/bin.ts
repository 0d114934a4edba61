#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import { main } from './main.js';

/**
 * How far V8 lets the heap grow past what the last full collection kept, in percent. Left to
 * itself on a machine with memory to spare, V8 lets it grow up to 4x, so a check peaked at about
 * four times what it holds; 30 keeps the peak near 1.3x for a few percent more collection work
 * (docs/security.md, Memory). Set before the heap grows; worker threads share it.
 */
const HEAP_GROWING_PERCENT = 30;

setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);

// A reader that stops early (`surveyor check | head`) closes the pipe: what is left to print has
// nowhere to go, which is no reason to crash; the run goes on and its exit code is the verdict.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  });

const code = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: process.stdout.isTTY === true,
  stderrTTY: process.stderr.isTTY === true,
  env: process.env,
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  },
});
process.exitCode = code;
