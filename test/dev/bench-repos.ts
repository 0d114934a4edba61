import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runGenerate } from '../../src/generate/run-generate.js';
import { generateAtlasRepo } from './generate-repo.js';

/** What a bench repository holds, counted as the issue counts a real one. */
export interface BenchRepo {
  root: string;
  files: number;
}

/**
 * A committed git checkout `scale` times the size of a real Atlas repository (about
 * 1,450 files at 1×: 750 JSON files under `ops/`, 200 docs pages): the example scaled
 * 20× per unit (contracts, schemas, pages, diagrams, sealed evidence, generated regions
 * current) plus, per unit, 380 plain JSON records and 370 YAML files, the bulk a real
 * repository carries beside its contracts. Everything in it grows linearly with `scale`.
 */
export async function benchRepo(exampleRoot: string, target: string, scale: number): Promise<BenchRepo> {
  const { root } = generateAtlasRepo(exampleRoot, target, 20 * scale);
  // The site's generated pages draw the whole repository, so they grow with it (flows.md is about
  // 140 KB per 1×): raise `docs.maxPageBytes` so that surveyor parses every page the floor parses,
  // rather than reporting the largest as too large.
  writeFileSync(
    path.join(root, 'surveyor.config.json'),
    `${JSON.stringify({ docs: { maxPageBytes: 64 * 2 ** 20 } })}\n`,
  );
  await runGenerate({ root });
  for (let i = 0; i < 380 * scale; i++) {
    const folder = path.join(root, 'ops/data', `set-${String(Math.floor(i / 100)).padStart(4, '0')}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(
      path.join(folder, `record-${i}.json`),
      `${JSON.stringify({ id: i, name: `record ${i}`, tags: ['bench', `set-${Math.floor(i / 100)}`], weight: i % 17 }, null, 2)}\n`,
    );
  }
  for (let i = 0; i < 370 * scale; i++) {
    const folder = path.join(root, 'ops/config', `group-${String(Math.floor(i / 100)).padStart(4, '0')}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, `setting-${i}.yaml`), `name: setting-${i}\nenabled: ${i % 2 === 0}\nlimit: ${i}\n`);
  }
  const git = (...args: string[]) => {
    const result = spawnSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 1 << 28,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'bench',
        GIT_AUTHOR_EMAIL: 'b@b',
        GIT_COMMITTER_NAME: 'bench',
        GIT_COMMITTER_EMAIL: 'b@b',
      },
    });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  };
  git('init', '-q', '-b', 'main');
  writeFileSync(path.join(root, '.gitignore'), 'node_modules/\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'bench repository');
  return { root, files: git('ls-files', '-z').split('\0').filter(Boolean).length };
}
