import path from 'node:path';
import { UsageError } from '../../errors.js';
import { writePreCommitHook } from '../../hooks/pre-commit-hook.js';
import { discoverRoot } from '../../workspace/root.js';
import type { CliIo } from '../cli-io.js';
import { defineCommand } from '../command.js';

/** `surveyor init --hook`: a plain git pre-commit hook running `surveyor check --staged`. */
export const initCommand = defineCommand({
  name: 'init',
  summary: 'set surveyor up in a repository (--hook: a git pre-commit hook)',
  usage: '--hook [--root DIR]',
  description:
    'With --hook, writes the pre-commit hook of the git checkout (where git looks for it: core.hooksPath\n' +
    'and worktrees honoured), executable, running `surveyor check --staged`. A pre-commit hook that is not\n' +
    "surveyor's is never overwritten.",
  options: {
    hook: { type: 'boolean', description: 'write the git pre-commit hook' },
    root: {
      type: 'string',
      value: 'DIR',
      description: 'repository root (default: found from the working directory, as for check)',
    },
  },
  examples: [['surveyor init --hook', 'each commit runs `surveyor check --staged`']],
  run({ values, positionals }, io: CliIo) {
    if (positionals.length) throw new UsageError('`init` takes no arguments');
    if (!values.hook) throw new UsageError('`init` writes a git hook: `surveyor init --hook`');
    const cwd = io.cwd ?? process.cwd();
    const root = values.root === undefined ? discoverRoot(cwd) : path.resolve(cwd, values.root);
    const { file, status } = writePreCommitHook(root);
    const shown = path.relative(cwd, file) || file;
    io.stdout(
      status === 'current'
        ? `✔ ${shown} already runs \`surveyor check --staged\`\n`
        : `✔ ${status === 'written' ? 'Wrote' : 'Updated'} ${shown}: each commit runs \`surveyor check --staged\`\n`,
    );
    return 0;
  },
});
