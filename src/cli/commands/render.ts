import path from 'node:path';
import { UsageError } from '../../errors.js';
import type { CliIo } from '../cli-io.js';
import { CONFIG_OPTION, defineCommand } from '../command.js';

/** `surveyor render`: every Mermaid block of the docs to an image. */
export const renderCommand = defineCommand({
  name: 'render',
  summary: 'render every Mermaid block of the docs with one browser',
  usage: '[--out DIR] [--format svg|png] [options]',
  description:
    'Renders every Mermaid block of the docs pages, generated and hand-written, to OUT/<page>-<n>.svg|png\n' +
    'with one headless Chromium. Needs a Chromium on the machine and the optional package puppeteer-core.',
  options: {
    out: { type: 'string', value: 'DIR', description: 'where the images go (default: ROOT/build/diagrams)' },
    format: { type: 'string', value: 'F', description: 'svg (default) or png' },
    root: { type: 'string', value: 'DIR', description: 'repository root (default: .)' },
    config: CONFIG_OPTION,
  },
  examples: [
    ['surveyor render', 'every diagram to build/diagrams/*.svg'],
    [
      'PUPPETEER_EXECUTABLE_PATH=/usr/bin/chromium surveyor render --out site/img --format png',
      'PNGs, a given browser',
    ],
  ],
  notes:
    'Exit codes: 0 every diagram rendered, 1 some failed (each reported at its Markdown line),\n' +
    '2 no browser or no puppeteer-core (one line says what to install).',
  async run({ values, positionals }, io: CliIo) {
    const { runRender } = await import('../../render/run-render.js');
    if (positionals.length) throw new UsageError('`render` takes no files: it renders every Mermaid block of the docs');
    const format = values.format ?? 'svg';
    if (format !== 'svg' && format !== 'png') throw new UsageError(`unknown format \`${format}\`, expected svg or png`);
    const root = values.root ?? '.';
    const out = path.resolve(values.out ?? path.join(root, 'build/diagrams'));
    const progress = io.stderrTTY
      ? (done: number, total: number) => io.stderr(`\rrendering ${done}/${total}${done === total ? '\n' : ''}`)
      : undefined;
    const result = await runRender({ root, configPath: values.config, out, format, env: io.env, onProgress: progress });
    for (const failure of result.failed)
      io.stdout(
        `${failure.diagram.file}:${failure.line}:1  error  ${failure.message}  (diagram ${failure.diagram.index})\n`,
      );
    const shownOut = path.relative(process.cwd(), out) || '.';
    io.stdout(
      `${result.failed.length ? '✖' : '✔'} rendered ${result.diagrams - result.failed.length} of ${result.diagrams} diagrams into ${shownOut} (${result.written.length} written, ${result.unchanged.length} unchanged)\n`,
    );
    return result.failed.length ? 1 : 0;
  },
});
