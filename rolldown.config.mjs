// The CLI as one bundle of surveyor's own modules (dist/cli/), built from tsc's output: Node
// starts it from a few files instead of resolving and loading some 250 (docs/performance.md).
// Dependencies stay in node_modules; modules loaded on demand stay chunks loaded on demand.
import { defineConfig } from 'rolldown';

export default defineConfig({
  input: {
    surveyor: 'dist/src/cli/bin.js',
    main: 'dist/src/cli/main.js',
    // Found by the parse pool beside the chunk that starts it: `new URL('./parse-worker.js', import.meta.url)`.
    'parse-worker': 'dist/src/mermaid/parse-worker.js',
  },
  platform: 'node',
  external: (id) => !id.startsWith('.') && !id.startsWith('/'),
  output: {
    dir: 'dist/cli',
    cleanDir: true,
    format: 'esm',
    entryFileNames: '[name].js',
    chunkFileNames: '[name]-[hash].js',
  },
});
