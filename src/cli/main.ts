import path from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { WriteRefusedError, writeAtomically } from '../atomic-write.js';
import { closest } from '../closest.js';
import { ConfigError, SetupError, UsageError } from '../errors.js';
import { runGenerate } from '../generate/run-generate.js';
import {
  applyBaseline,
  BaselineError,
  baselineOf,
  check,
  findRule,
  GateInputError,
  gate,
  gateFormats,
  isGateFormatName,
  listRules,
  readBaseline,
  writeBaseline,
} from '../index.js';
import { renderRuleDoc } from '../reference/rule-docs.js';
import { runRender } from '../render/run-render.js';
import { isFormatName, reporters } from '../reporters/index.js';
import { packageVersion } from '../version.js';

/** What the CLI talks to; tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stdout is a terminal (colour). */
  isTTY: boolean;
  /** Whether stderr is a terminal (progress lines). */
  stderrTTY?: boolean;
  env: Record<string, string | undefined>;
}

const HELP = `surveyor — keeps an Atlas-shaped repository honest

Usage:
  surveyor check [FILES...] [options]   check the repository (only findings touching FILES, if given)
  surveyor rules                        list every rule with its default severity
  surveyor explain RULE                 show a rule's documentation
  surveyor generate [--check]           rewrite the generated docs regions (--check: show drift, write nothing)
  surveyor gate --release X.Y.Z [options]
                                        the release readiness verdict: ready (exit 0) or blocked (exit 1)
  surveyor render [--out DIR] [--format svg|png]
                                        render every Mermaid block of the docs with one browser
  surveyor --help | --version

Options for check:
  --root DIR           repository root (default: .)
  --format F           stylish (default), json, sarif, junit, github
  --output FILE        write the report to FILE instead of stdout
  --max-warnings N     fail when there are more than N warnings
  --config FILE        config file (default: ROOT/surveyor.config.json when present)
  --now YYYY-MM-DD     the date date-based rules take as today (reproducible runs)
  --no-color           no colours (also: NO_COLOR set, or stdout not a terminal)
  --baseline FILE      report only findings FILE does not record, and list the ones fixed since
  --write-baseline FILE
                       record every current finding in FILE (by fingerprint, not line) and exit 0

Options for gate (also --root, --config, --output, --baseline, --now, --no-color):
  --release X.Y.Z      the release to promote (required)
  --profile P          a release profile (repeatable; default: the profiles of gate.releaseSuites)
  --format F           text (default), markdown, json

Exit codes: 0 no errors (and warnings within --max-warnings), 1 findings fail the run,
2 surveyor could not do its job (bad arguments, unreadable config, internal error).
For gate: 0 ready, 1 blocked, 2 the release could not be evaluated.
`;

const CHECK_OPTIONS = {
  root: { type: 'string' },
  format: { type: 'string' },
  output: { type: 'string' },
  'max-warnings': { type: 'string' },
  config: { type: 'string' },
  now: { type: 'string' },
  'no-color': { type: 'boolean' },
  baseline: { type: 'string' },
  'write-baseline': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

const GATE_OPTIONS = {
  release: { type: 'string' },
  root: { type: 'string' },
  profile: { type: 'string', multiple: true },
  format: { type: 'string' },
  output: { type: 'string' },
  baseline: { type: 'string' },
  config: { type: 'string' },
  now: { type: 'string' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

function parse<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^Unknown option '([^']+)'.*$/s, 'unknown option `$1`'));
  }
}

/** Runs the command line and returns the exit code; never throws. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (
      error instanceof UsageError ||
      error instanceof ConfigError ||
      error instanceof SetupError ||
      error instanceof GateInputError ||
      error instanceof BaselineError
    ) {
      io.stderr(`surveyor: ${error.message}${error instanceof UsageError ? ' (see `surveyor --help`)' : ''}\n`);
    } else {
      const detail = io.env.SURVEYOR_DEBUG && error instanceof Error ? `\n${error.stack}` : '';
      io.stderr(`surveyor: internal error: ${error instanceof Error ? error.message : String(error)}${detail}\n`);
    }
    return 2;
  }
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      io.stdout(HELP);
      return command === undefined ? 2 : 0;
    case '--version':
    case '-v':
      io.stdout(`${packageVersion()}\n`);
      return 0;
    case 'check':
      return runCheckCommand(rest, io);
    case 'rules':
      return runRulesCommand(rest, io);
    case 'explain':
      return runExplainCommand(rest, io);
    case 'generate':
      return runGenerateCommand(rest, io);
    case 'render':
      return runRenderCommand(rest, io);
    case 'gate':
      return runGateCommand(rest, io);
    default: {
      const hint = closest(command, ['check', 'rules', 'explain', 'generate', 'render', 'gate']);
      throw new UsageError(`unknown command \`${command}\`${hint ? `, did you mean \`${hint}\`?` : ''}`);
    }
  }
}

async function runCheckCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, CHECK_OPTIONS);
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const format = values.format ?? 'stylish';
  if (!isFormatName(format))
    throw new UsageError(`unknown format \`${format}\`, expected one of ${Object.keys(reporters).join(', ')}`);
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!/^\d+$/.test(values['max-warnings']))
      throw new UsageError(`--max-warnings expects a whole number, got \`${values['max-warnings']}\``);
  }
  const now = parseNow(values.now);
  const recordTo = values['write-baseline'];
  if (recordTo !== undefined) {
    for (const flag of ['baseline', 'output', 'format', 'max-warnings'] as const) {
      if (values[flag] !== undefined)
        throw new UsageError(`\`--write-baseline\` records the findings and prints no report: drop \`--${flag}\``);
    }
    if (positionals.length)
      throw new UsageError('`--write-baseline` records the findings of the whole repository: drop the FILES');
  }
  const baseline =
    values.baseline === undefined ? undefined : { file: values.baseline, baseline: readBaseline(values.baseline) };
  const root = path.resolve(values.root ?? '.');
  const files = positionals.map((file) => {
    const relative = path.relative(root, path.resolve(file));
    if (relative.startsWith('..') || path.isAbsolute(relative))
      throw new UsageError(`\`${file}\` is outside the root \`${values.root ?? '.'}\``);
    return relative.split(path.sep).join('/');
  });
  const checked = await check({
    root: values.root ?? '.',
    configPath: values.config,
    files: positionals.length ? files : undefined,
    now,
  });
  if (recordTo !== undefined) {
    const recorded = baselineOf(checked.report.diagnostics, checked.source);
    writeBaseline(recordTo, recorded, root);
    io.stdout(
      `✔ Baseline ${recordTo} records ${recorded.findings.length} ${recorded.findings.length === 1 ? 'finding' : 'findings'}\n`,
    );
    return 0;
  }
  const result = baseline
    ? applyBaseline(
        checked,
        baseline.baseline,
        baseline.file,
        positionals.length ? (file) => files.includes(file) : undefined,
      )
    : checked;
  const color = useColor(values['no-color'], values.output, io);
  const text = reporters[format](result, { color });
  if (values.output) writeOutput(values.output, text, root);
  else io.stdout(text);
  const { errors, warnings } = result.report.summary;
  return errors > 0 || (maxWarnings !== undefined && warnings > maxWarnings) ? 1 : 0;
}

async function runGenerateCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    root: { type: 'string' },
    config: { type: 'string' },
    check: { type: 'boolean' },
  });
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
}

async function runRenderCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    root: { type: 'string' },
    config: { type: 'string' },
    out: { type: 'string' },
    format: { type: 'string' },
  });
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
}

function runRulesCommand(args: string[], io: CliIo): number {
  const { positionals } = parse(args, {});
  if (positionals.length) throw new UsageError('`rules` takes no arguments');
  const rules = listRules();
  const width = Math.max(...rules.map((r) => r.id.length));
  io.stdout(`${rules.map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.description}`).join('\n')}\n`);
  return 0;
}

async function runExplainCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals } = parse(args, {});
  if (positionals.length !== 1)
    throw new UsageError('`explain` takes one rule id, e.g. `surveyor explain schema/valid`');
  const id = positionals[0]!;
  const rule = findRule(id);
  if (!rule) {
    const hint = closest(
      id,
      listRules().map((r) => r.id),
    );
    throw new UsageError(`unknown rule \`${id}\`${hint ? `, did you mean \`${hint}\`?` : ''}`);
  }
  io.stdout(await renderRuleDoc(rule, listRules()));
  return 0;
}

async function runGateCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, GATE_OPTIONS);
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (positionals.length) throw new UsageError('`gate` takes no files: it evaluates the whole repository');
  if (values.release === undefined)
    throw new UsageError('`gate` needs the release to evaluate: `surveyor gate --release X.Y.Z`');
  const format = values.format ?? 'text';
  if (!isGateFormatName(format))
    throw new UsageError(`unknown format \`${format}\`, expected one of ${Object.keys(gateFormats).join(', ')}`);
  const now = parseNow(values.now);
  const baseline =
    values.baseline === undefined ? undefined : { file: values.baseline, baseline: readBaseline(values.baseline) };
  const result = await gate({
    release: values.release,
    root: values.root ?? '.',
    ...(values.config === undefined ? {} : { configPath: values.config }),
    ...(values.profile === undefined ? {} : { profiles: values.profile }),
    ...(baseline ? { baseline } : {}),
    ...(now ? { now } : {}),
  });
  const text = gateFormats[format](result, { color: useColor(values['no-color'], values.output, io) });
  if (values.output) writeOutput(values.output, text, values.root ?? '.');
  else io.stdout(text);
  return result.report.verdict === 'ready' ? 0 : 1;
}

/** `--now YYYY-MM-DD` as a date (midnight UTC); `undefined` when not given. */
function parseNow(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const now = new Date(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(now.getTime()))
    throw new UsageError(`--now expects a date as YYYY-MM-DD, got \`${value}\``);
  return now;
}

/** Colours only on a terminal, without `--no-color`, `--output` or `NO_COLOR`. */
function useColor(noColor: boolean | undefined, output: string | undefined, io: CliIo): boolean {
  return !noColor && !output && io.isTTY && !('NO_COLOR' in io.env && io.env.NO_COLOR !== '');
}

/**
 * Writes a report to `--output` atomically, never through a link inside `root` that leaves it;
 * a folder that does not exist is one line, not a stack trace.
 */
function writeOutput(file: string, text: string, root: string): void {
  try {
    writeAtomically(file, text, { root });
  } catch (error) {
    if (error instanceof WriteRefusedError) throw new UsageError(`cannot write \`${file}\`: ${error.message}`);
    throw new UsageError(
      `cannot write \`${file}\` (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): check that its folder exists and is writable`,
    );
  }
}
