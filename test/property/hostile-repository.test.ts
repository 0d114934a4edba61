import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { runCheck } from '../../src/engine/run.js';
import { runGenerate } from '../../src/generate/run-generate.js';
import { formatJson } from '../../src/reporters/json.js';
import { MemorySource } from '../../src/workspace/file-source.js';
import { EXAMPLE_TODAY } from '../support/check-atlas.js';
import {
  hostileTree,
  mutationsArbitrary,
  outsideRegions,
  reportSchemaErrors,
  snapshot,
  writeHostileTree,
} from './hostile-repository.js';

// `npm test` runs 75 cases (each check of the example costs about 0.4 s of CPU);
// `npm run test:property` sets SURVEYOR_PROPERTY_RUNS for a long run.
const RUNS = Number(process.env.SURVEYOR_PROPERTY_RUNS ?? 0);
const CHECK_RUNS = RUNS || 60;
const GENERATE_RUNS = RUNS ? Math.ceil(RUNS / 4) : 15;
/** The whole property, however many runs: generous, as CI machines are shared. */
const PROPERTY_TIMEOUT_MS = 30 * 60_000;
/** A run that takes longer than this fails the property: surveyor hangs on nothing. */
const RUN_TIMEOUT_MS = 60_000;

const work = mkdtempSync(path.join(tmpdir(), 'surveyor-property-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('surveyor on a hostile repository', () => {
  beforeAll(async () => {
    // Load every module once, so the time bound of each run measures the run, not the imports.
    const clean = await runCheck({ source: new MemorySource(hostileTree([])), rules: allRules, now: EXAMPLE_TODAY });
    expect(clean.report.diagnostics).toEqual([]);
  }, RUN_TIMEOUT_MS);

  it(
    'checks any mutation of the example: exit 0 or 1, never an internal error, and a report that fits its schema',
    async () => {
      await fc.assert(
        fc.asyncProperty(mutationsArbitrary(4), async (mutations) => {
          const tree = hostileTree(mutations);
          // runCheck throwing is exit 2: the tool could not do its job because of what the repository holds.
          const result = await runCheck({ source: new MemorySource(tree), rules: allRules, now: EXAMPLE_TODAY });
          expect(reportSchemaErrors(JSON.parse(formatJson(result)))).toEqual([]);
          for (const d of result.report.diagnostics) {
            expect(d.file).not.toMatch(/^(\/|\.\.?\/|[A-Za-z]:)|(^|\/)\.\.(\/|$)/);
            expect(d.line).toBeGreaterThanOrEqual(1);
          }
        }),
        { numRuns: CHECK_RUNS, timeout: RUN_TIMEOUT_MS },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'generates into any mutation of the example writing nothing outside the repository and no byte outside markers',
    async () => {
      await fc.assert(
        fc.asyncProperty(mutationsArbitrary(3), async (mutations) => {
          const tree = hostileTree(mutations);
          const parent = mkdtempSync(path.join(work, 'run-'));
          const root = path.join(parent, 'repo');
          // Bait outside the repository: a page a symlink may point at, and a folder beside it.
          mkdirSync(path.join(parent, 'outside'));
          writeFileSync(path.join(parent, 'outside/page.md'), '<!-- surveyor:page version-graph -->\nbait\n');
          writeHostileTree(root, tree);
          const outsideBefore = snapshot(parent, root);
          const repoBefore = snapshot(root, undefined, false);
          const pagesBefore = new Map<string, string>();
          for (const [file, entry] of repoBefore)
            if (entry.startsWith('file ') && file.endsWith('.md'))
              pagesBefore.set(file, readFileSync(path.join(root, file), 'utf8'));
          try {
            await runGenerate({ root });
          } catch (error) {
            // A page the repository makes unwritable is a finding; only our own errors may escape, never a crash.
            throw new Error(`generate threw: ${(error as Error).stack}`);
          }
          expect(snapshot(parent, root)).toEqual(outsideBefore);
          const repoAfter = snapshot(root, undefined, false);
          expect([...repoAfter.keys()].sort()).toEqual([...repoBefore.keys()].sort());
          for (const [file, entry] of repoAfter) {
            if (entry === repoBefore.get(file)) continue;
            const before = pagesBefore.get(file);
            expect(before, `${file} changed but is not a page with markers`).toBeDefined();
            const after = readFileSync(path.join(root, file), 'utf8');
            expect(await outsideRegions(after)).toEqual(await outsideRegions(before!));
          }
          rmSync(parent, { recursive: true, force: true });
        }),
        { numRuns: GENERATE_RUNS, timeout: RUN_TIMEOUT_MS },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
