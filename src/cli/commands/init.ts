import { lstatSync } from 'node:fs';
import path from 'node:path';
import { WriteRefusedError, writeAtomically } from '../../atomic-write.js';
import { ConfigError, UsageError } from '../../errors.js';
import { writePreCommitHook } from '../../hooks/pre-commit-hook.js';
import { toRepoPath } from '../../workspace/repo-path.js';
import { discoverRoot } from '../../workspace/root.js';
import type { CliIo } from '../cli-io.js';
import { defineCommand } from '../command.js';

/** `surveyor init`: a `surveyor.config.json` recording what was detected; with `--hook`, a git pre-commit hook. */
export const initCommand = defineCommand({
  name: 'init',
  summary: 'set surveyor up in a repository: write surveyor.config.json (--hook: a git pre-commit hook)',
  usage: '[--chart DIR] [--force] [--root DIR] | --hook [--root DIR]',
  description:
    'Writes surveyor.config.json at the root, recording what surveyor detects there with no config: the\n' +
    'preset, the chart folder, the Atlas contracts, the registries, the docs site and the observability\n' +
    'contracts found (docs/configuration.md explains each key). An existing config is never replaced\n' +
    'without --force. When the standard layout holds several charts, --chart says which one the config names.\n' +
    '\n' +
    'With --hook, writes the pre-commit hook of the git checkout instead (where git looks for it:\n' +
    'core.hooksPath and worktrees honoured), executable, running `surveyor check --staged`. A pre-commit\n' +
    "hook that is not surveyor's is never overwritten.",
  options: {
    hook: { type: 'boolean', description: 'write the git pre-commit hook instead of the config' },
    chart: {
      type: 'string',
      value: 'DIR',
      description: 'the chart folder the config names (relative to the root), when ops/k8s/charts/ holds several',
    },
    force: { type: 'boolean', description: 'replace an existing surveyor.config.json' },
    root: {
      type: 'string',
      value: 'DIR',
      description: 'repository root (default: found from the working directory, as for check)',
    },
  },
  examples: [
    ['surveyor init', 'write surveyor.config.json with what was detected'],
    ['surveyor init --chart ops/k8s/charts/atlas-server', 'the same, naming one of several charts'],
    ['surveyor init --hook', 'each commit runs `surveyor check --staged`'],
  ],
  notes:
    'Exit codes: 0 written, 2 a config already exists (without --force), several charts and no --chart, or bad usage.',
  async run({ values, positionals }, io: CliIo) {
    if (positionals.length) throw new UsageError('`init` takes no arguments');
    const cwd = io.cwd ?? process.cwd();
    const root = values.root === undefined ? discoverRoot(cwd) : path.resolve(cwd, values.root);
    if (values.hook) {
      if (values.chart !== undefined || values.force)
        throw new UsageError('`--chart` and `--force` are for the config, not `--hook`: run them separately');
      const { file, status } = writePreCommitHook(root);
      const shown = path.relative(cwd, file) || file;
      io.stdout(
        status === 'current'
          ? `✔ ${shown} already runs \`surveyor check --staged\`\n`
          : `✔ ${status === 'written' ? 'Wrote' : 'Updated'} ${shown}: each commit runs \`surveyor check --staged\`\n`,
      );
      return 0;
    }
    // The engine loads only when a config is detected, so `--hook` and `--help` answer at once.
    const [{ CONFIG_FILE }, { detectConfig }, { openSession }] = await Promise.all([
      import('../../config/config.js'),
      import('../../config/detected-config.js'),
      import('../../engine/run.js'),
    ]);
    const target = path.join(root, CONFIG_FILE);
    const shown = path.relative(cwd, target) || target;
    if (lstatSync(target, { throwIfNoEntry: false }) && !values.force)
      throw new ConfigError(`\`${shown}\` already exists: edit it, or run \`surveyor init --force\` to replace it`);
    // Detection reads the repository as if it had no config: the file is about to say what was found.
    const { workspace, config } = await openSession({ root, config: {} });
    let chart: string | undefined;
    if (values.chart !== undefined) {
      const chosen = toRepoPath(values.chart);
      if (!chosen.ok || !workspace.hasFile(`${chosen.path.replace(/\/$/, '')}/Chart.yaml`))
        throw new UsageError(
          `\`--chart ${values.chart}\` is not a chart folder of the repository (no \`Chart.yaml\` in it)`,
        );
      chart = chosen.path.replace(/\/$/, '');
    }
    const detected = detectConfig(workspace, config, chart);
    if ('charts' in detected)
      throw new UsageError(
        `the repository has ${detected.charts.length} charts (${detected.charts.map((c) => `\`${c}\``).join(', ')}) and the config must name one: run \`surveyor init --chart DIR\` with one of them`,
      );
    try {
      writeAtomically(target, `${JSON.stringify(detected.config, null, 2)}\n`, { root });
    } catch (error) {
      if (error instanceof WriteRefusedError) throw new ConfigError(`cannot write \`${shown}\`: ${error.message}`);
      throw error;
    }
    io.stdout(`✔ Wrote ${shown}: ${detected.recorded.join(', ')}\n`);
    return 0;
  },
});
