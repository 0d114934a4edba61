import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { copyTree } from './atlas-tree.js';

/** A temporary git checkout for end-to-end tests: run git, edit files. */
export interface GitRepo {
  root: string;
  /** Runs git in the checkout; throws with git's message when it fails. */
  git(...args: string[]): string;
  /** Replaces the first `from` in a file of the working tree with `to` (throws when absent). */
  edit(file: string, from: string, to: string): void;
  /** Writes a file of the working tree. */
  write(file: string, text: string): void;
  /** Reads a file of the working tree. */
  read(file: string): string;
}

/**
 * Settings for the git commands of tests, passed in the environment: no automatic maintenance
 * or garbage collection after a commit (`git maintenance run --auto` is one more process per
 * commit, in checkouts that live for one test).
 */
export const NO_AUTO_MAINTENANCE = {
  GIT_CONFIG_COUNT: '2',
  GIT_CONFIG_KEY_0: 'maintenance.auto',
  GIT_CONFIG_VALUE_0: 'false',
  GIT_CONFIG_KEY_1: 'gc.auto',
  GIT_CONFIG_VALUE_1: '0',
};

const IDENTITY = {
  GIT_AUTHOR_NAME: 'surveyor tests',
  GIT_AUTHOR_EMAIL: 'tests@surveyor.invalid',
  GIT_COMMITTER_NAME: 'surveyor tests',
  GIT_COMMITTER_EMAIL: 'tests@surveyor.invalid',
};

/** A git checkout at `root` holding a copy of `template` (committed unless `commit` is false). */
export function gitRepo(root: string, template: string, options: { commit?: boolean } = {}): GitRepo {
  copyTree(template, root);
  const repo = checkoutAt(root);
  repo.git('init', '-q', '-b', 'main');
  repo.git('add', '-A');
  if (options.commit !== false) repo.git('commit', '-q', '-m', 'initial');
  return repo;
}

/**
 * A maker of git checkouts of `template`, each in a new folder of `tempDir`: the first
 * committed checkout is made with git, the later ones are copies of it, `.git` included,
 * which costs less than `git init`, `git add` and `git commit` for every test.
 */
export function gitRepos(template: string, tempDir: () => string): (options?: { commit?: boolean }) => GitRepo {
  let seed: string | undefined;
  return (options = {}) => {
    if (options.commit === false) return gitRepo(tempDir(), template, options);
    seed ??= gitRepo(tempDir(), template).root;
    const root = tempDir();
    cpSync(seed, root, { recursive: true });
    return checkoutAt(root);
  };
}

/** The git checkout at `root`. */
function checkoutAt(root: string): GitRepo {
  const git = (...args: string[]): string => {
    const result = spawnSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ...IDENTITY, ...NO_AUTO_MAINTENANCE, GIT_CONFIG_NOSYSTEM: '1', HOME: root },
    });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout;
  };
  const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
  const write = (file: string, text: string) => writeFileSync(path.join(root, file), text);
  return {
    root,
    git,
    read,
    write,
    edit(file, from, to) {
      const text = read(file);
      if (!text.includes(from)) throw new Error(`\`${from}\` is not in ${file}`);
      write(file, text.replace(from, to));
    },
  };
}
