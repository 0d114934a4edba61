import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

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

const IDENTITY = {
  GIT_AUTHOR_NAME: 'surveyor tests',
  GIT_AUTHOR_EMAIL: 'tests@surveyor.invalid',
  GIT_COMMITTER_NAME: 'surveyor tests',
  GIT_COMMITTER_EMAIL: 'tests@surveyor.invalid',
};

/** A git checkout at `root` holding a copy of `template` (committed unless `commit` is false). */
export function gitRepo(root: string, template: string, options: { commit?: boolean } = {}): GitRepo {
  cpSync(template, root, { recursive: true });
  const git = (...args: string[]): string => {
    const result = spawnSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ...IDENTITY, GIT_CONFIG_NOSYSTEM: '1', HOME: root },
    });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout;
  };
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  if (options.commit !== false) git('commit', '-q', '-m', 'initial');
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
