import { UsageError } from '../../errors.js';
import type { CliIo } from '../cli-io.js';
import { CONFIG_OPTION, defineCommand } from '../command.js';

/** `surveyor generate`: rewrite (or, with `--check`, diff) the generated docs regions. */
export const generateCommand = defineCommand({
  name: 'generate',
  summary: 'rewrite the generated docs regions (--check: show drift, write nothing)',
  usage: '[--check] [options]',
  description:
    'Regenerates every region between `<!-- surveyor:begin NAME -->` and `<!-- surveyor:end NAME -->` markers\n' +
    'in the Markdown files of the repository from the Atlas contracts, writing only pages that change.',
  options: {
    check: { type: 'boolean', description: 'write nothing: print each drifted region as a diff and exit 1' },
    root: { type: 'string', value: 'DIR', description: 'repository root (default: .)' },
    config: CONFIG_OPTION,
  },
  examples: [
    ['surveyor generate --check', 'CI: show drifted regions as a unified diff, exit 1 when any'],
    ['surveyor generate', 'heal them'],
  ],
  notes: 'Exit codes: 0 current (or written), 1 drift or a bad marker, 2 surveyor could not do its job.',
  async run({ values, positionals }, io: CliIo) {
    const { runGenerate } = await import('../../generate/run-generate.js');
    if (positionals.length)
      throw new UsageError('`generate` takes no files: it regenerates every marked region under the root');
    const result = await runGenerate({
      root: values.root ?? '.',
      configPath: values.config,
      check: values.check === true,
    });
    for (const problem of result.problems)
      io.stderr(`${problem.file}:${problem.line}:${problem.column}: ${problem.message}\n`);
    const regions = result.pages.reduce((n, page) => n + page.regions.length, 0);
    if (values.check) {
      for (const { diff } of result.diffs) io.stdout(diff);
      const drifted = new Set(result.diffs.map((d) => d.file)).size;
      io.stderr(
        result.diffs.length
          ? `✖ ${result.diffs.length} of ${regions} generated regions out of date in ${drifted} pages: run \`surveyor generate\`\n`
          : `✔ ${regions} generated regions in ${result.pages.length} pages are current\n`,
      );
      return result.diffs.length || result.problems.length ? 1 : 0;
    }
    for (const file of result.written) io.stdout(`updated ${file}\n`);
    io.stderr(`${result.written.length} of ${result.pages.length} pages updated (${regions} generated regions)\n`);
    return result.problems.length ? 1 : 0;
  },
});
