import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Test files that assert on a fresh module state, so they get modules of their own. */
const FRESH_MODULES = ['test/mermaid/lazy-load.test.ts'];

// The suite's cost was importing the module graph (rules, Ajv, remark, mermaid) and warming it up once per
// test file. Test files of the `shared` project run in the same workers without isolation, so each worker
// pays that once; the files that need a fresh module state are their own isolated project.
export default defineConfig({
  root: packageRoot,
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: FRESH_MODULES, isolate: false },
      },
      {
        extends: true,
        test: { name: 'fresh-modules', include: FRESH_MODULES, isolate: true },
      },
    ],
  },
});
