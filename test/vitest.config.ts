import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Test files that assert on a fresh module state, so they get modules of their own. */
const FRESH_MODULES = ['test/mermaid/lazy-load.test.ts'];

/**
 * The longest test files, longest first. Vitest orders files by the durations of the last
 * run when it has them, else by size, which would start these last (they are short files
 * that run long); a worker left with one of them at the end keeps the others waiting.
 */
const LONGEST_FIRST = [
  'test/cache/differential.test.ts',
  'test/cache/differential-next-seed.test.ts',
  'test/cache/change-differential.test.ts',
  'test/safety/reads.test.ts',
  'test/package.test.ts',
  'test/cli/staged.test.ts',
  'test/render/render.test.ts',
  'test/signals/gate-signals.test.ts',
  'test/cli/hooks.test.ts',
  'test/cache/result-store.test.ts',
  'test/cli/cli.test.ts',
  'test/property/hostile-repository.test.ts',
  'test/workspace/workspace.test.ts',
  'test/baseline/baseline.test.ts',
  'test/action/action.test.ts',
  'test/gate/release-gate-e2e.test.ts',
];

/**
 * Starts the files that need fresh modules, then the longest files, then the rest in Vitest's
 * own order. A worker of the `shared` project is kept for the next file only while the next
 * file in the queue is a shared one too: a fresh-modules file met halfway through the queue
 * ends a shared worker, and the one started after it loads and warms the module graph again.
 */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (spec: TestSpecification) => {
      const file = path.relative(packageRoot, spec.moduleId).split(path.sep).join('/');
      if (FRESH_MODULES.includes(file)) return -1;
      const index = LONGEST_FIRST.indexOf(file);
      return index === -1 ? LONGEST_FIRST.length : index;
    };
    const sorted = await super.sort(files);
    return sorted
      .map((spec, order) => ({ spec, order }))
      .sort((a, b) => rank(a.spec) - rank(b.spec) || a.order - b.order)
      .map((e) => e.spec);
  }
}

/**
 * Dependencies as users run them: Vite resolves them with the `development` condition outside
 * production, which loads the debug builds of micromark and its kin (with runtime assertions).
 */
const productionBuilds: Plugin = {
  name: 'surveyor:production-builds',
  enforce: 'post',
  configEnvironment(_name, config) {
    const conditions = config.resolve?.conditions;
    if (conditions) config.resolve!.conditions = conditions.filter((c) => c !== 'development|production');
  },
};

// The suite's cost was importing the module graph (rules, Ajv, remark, mermaid) and warming it up once per
// test file. Test files of the `shared` project run in the same workers without isolation, so each worker
// pays that once, and keep the values derived from content (page outlines) for each other; the files that
// need a fresh module state are their own isolated project.
export default defineConfig({
  root: packageRoot,
  plugins: [productionBuilds],
  test: {
    globalSetup: ['test/support/tmpfs-temp.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Transformed modules are kept on disk (node_modules/.experimental-vitest-cache, keyed by each
    // file's content and the config) so a run transforms only what changed since the last one.
    experimental: { fsModuleCache: true },
    // Vitest's default keeps one core for itself, which on 2 cores runs the files one at a time;
    // its own process mostly waits, so every core runs test files.
    maxWorkers: availableParallelism(),
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['test/**/*.test.ts'],
          exclude: FRESH_MODULES,
          isolate: false,
          setupFiles: ['test/support/shared-derived.ts'],
        },
      },
      {
        extends: true,
        test: { name: 'fresh-modules', include: FRESH_MODULES, isolate: true },
      },
    ],
  },
});
