import path from 'node:path';
import { runGenerate } from '../../src/generate/run-generate.js';
import { generateDocsTree } from './generate-docs-tree.js';
import { generateAtlasRepo } from './generate-repo.js';

/** A repository the bench measures: a name, and how to get its root on disk. */
export interface BenchRepository {
  name: string;
  /** Returns the root to check, creating it under the bench's temp folder if needed. */
  prepare(): string | Promise<string>;
  /** Extra `surveyor check` arguments. */
  args?: string[];
}

/** The repositories `npm run bench` measures, smallest first. */
export function benchRepositories(packageRoot: string, work: string): BenchRepository[] {
  return [
    { name: 'examples/atlas', prepare: () => path.join(packageRoot, 'examples/atlas') },
    // 200 pages and 200 Mermaid blocks, the size of the real Atlas docs; `--now` keeps `docs/stale-review` quiet.
    {
      name: 'docs-200',
      prepare: () => generateDocsTree(path.join(work, 'docs-200'), { pages: 200, mermaidBlocks: 200 }),
      args: ['--now', '2026-11-27'],
    },
    // examples/atlas ×20: profiles, values files, scenarios, contracts, schemas, docs and sealed evidence.
    // Its generated docs regions are regenerated from the scaled contracts, as `surveyor generate` would.
    {
      name: 'generated-20x',
      prepare: async () => {
        const { root } = generateAtlasRepo(
          path.join(packageRoot, 'examples/atlas'),
          path.join(work, 'generated-20x'),
          20,
        );
        await runGenerate({ root });
        return root;
      },
      args: ['--now', '2026-11-27'],
    },
  ];
}
