// A worker thread of the Mermaid parse pool: imports mermaid as it starts (the pool may start it
// before there is work), parses the diagrams it is sent with `parseMermaid` and answers
// `{ id, result }` (or `{ id, error }`) for each.
import { parentPort } from 'node:worker_threads';
import { parseMermaid, preloadMermaid } from './parse.js';

preloadMermaid();

parentPort?.on('message', (message: { id: number; text: string }) => {
  parseMermaid(message.text).then(
    (result) => parentPort!.postMessage({ id: message.id, result }),
    (error: unknown) =>
      parentPort!.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
