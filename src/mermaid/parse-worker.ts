// A worker thread of the Mermaid parse pool: parses the diagrams it is sent with
// `parseMermaid` and answers `{ id, result }` (or `{ id, error }`) for each.
import { parentPort } from 'node:worker_threads';
import { parseMermaid } from './parse.js';

parentPort?.on('message', (message: { id: number; text: string }) => {
  parseMermaid(message.text).then(
    (result) => parentPort!.postMessage({ id: message.id, result }),
    (error: unknown) =>
      parentPort!.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
