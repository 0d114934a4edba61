import { chmodSync, mkdirSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GitSource } from '../../src/workspace/git-source.js';
import { tempDirs } from '../support/cli-run.js';
import { type GitRepo, gitRepo } from '../support/git-repo.js';

const tempDir = tempDirs('surveyor-git-source-');

/** A committed checkout with a folder, a link, an executable and names git would quote. */
function committed(): GitRepo {
  const template = tempDir();
  mkdirSync(path.join(template, 'ops/values'), { recursive: true });
  const files: Record<string, string> = {
    'README.md': '# top\n',
    'ops/a.json': '{"a": 1}\n',
    'ops/b.json': '{"b": 2}\n',
    'ops/values/perf.yaml': 'replicas: 2\n',
    'ops/values/old name.yaml': 'replicas: 3\n',
    'ops/run.sh': 'echo run\n',
    'ops/ünïcode.md': 'text\n',
  };
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(template, file), text);
  symlinkSync('a.json', path.join(template, 'ops/link.json'));
  return gitRepo(tempDir(), template);
}

/** Every file of a source with its object id and bytes. */
function snapshotOf(source: GitSource) {
  return source.list().map((entry) => ({
    ...entry,
    ...(entry.escapes ? {} : { id: source.contentId(entry.path), text: source.read(entry.path).toString('utf8') }),
  }));
}

const head = (repo: GitRepo) => repo.git('rev-parse', 'HEAD').trim();

describe('a commit listed beside the index (the base of a staged check)', () => {
  it('lists what the commit tree lists, after edits, additions, deletions, renames, mode and link changes', () => {
    const repo = committed();
    const at = (file: string) => path.join(repo.root, file);
    repo.write('ops/a.json', '{"a": 2}\n');
    rmSync(at('ops/b.json'));
    repo.write('ops/new.json', '{"new": true}\n');
    renameSync(at('ops/values/old name.yaml'), at('ops/values/new name.yaml'));
    chmodSync(at('ops/run.sh'), 0o755);
    unlinkSync(at('ops/link.json'));
    symlinkSync('new.json', at('ops/link.json'));
    unlinkSync(at('README.md'));
    symlinkSync('ops/a.json', at('README.md'));
    repo.write('ops/ünïcode.md', 'changed\n');
    repo.git('add', '-A');
    // And a change left unstaged: the index is what counts.
    repo.write('ops/values/perf.yaml', 'replicas: 9\n');
    const commit = head(repo);
    for (const root of [repo.root, at('ops')]) {
      const index = new GitSource(root, { kind: 'index' });
      const beside = GitSource.commitBesideIndex(index, commit);
      expect(beside).toBeDefined();
      const tree = new GitSource(root, { kind: 'commit', commit });
      expect(snapshotOf(beside!)).toEqual(snapshotOf(tree));
      expect(snapshotOf(beside!)).not.toEqual(snapshotOf(index));
    }
  });

  it('is the index itself when nothing is staged', () => {
    const repo = committed();
    const index = new GitSource(repo.root, { kind: 'index' });
    expect(snapshotOf(GitSource.commitBesideIndex(index, head(repo))!)).toEqual(snapshotOf(index));
  });

  it('leaves a conflicted index to the listing of the tree', () => {
    const repo = committed();
    repo.git('checkout', '-q', '-b', 'other');
    repo.write('ops/a.json', '{"a": "other"}\n');
    repo.git('commit', '-q', '-am', 'other');
    repo.git('checkout', '-q', 'main');
    repo.write('ops/a.json', '{"a": "main"}\n');
    repo.git('commit', '-q', '-am', 'main');
    expect(() => repo.git('merge', '-q', 'other')).toThrow();
    const index = new GitSource(repo.root, { kind: 'index' });
    expect(GitSource.commitBesideIndex(index, head(repo))).toBeUndefined();
  });
});
