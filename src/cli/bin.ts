#!/usr/bin/env node
import { packageVersion } from '../version.js';
import { limitHeapGrowth } from './heap.js';

const argv = process.argv.slice(2);

if (argv[0] === '--version' || argv[0] === '-v') {
  // Answered before the commands load (as `main` would answer it): a script that asks pays Node's start-up alone.
  process.stdout.write(`${packageVersion()}\n`);
} else {
  limitHeapGrowth();

  // A reader that stops early (`surveyor check | head`) closes the pipe: what is left to print has
  // nowhere to go, which is no reason to crash; the run goes on and its exit code is the verdict.
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    });

  const { main } = await import('./main.js');
  process.exitCode = await main(argv, {
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
}
