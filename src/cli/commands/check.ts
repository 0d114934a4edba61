import path from 'node:path';
import picomatch from 'picomatch';
import { parseSemver } from '../../atlas/semver.js';
import { closest } from '../../closest.js';
import { UsageError } from '../../errors.js';
import { errorsOnly } from '../../reporters/errors-only.js';
import { type FormatName, formatNames, isFormatName, reporters } from '../../reporters/index.js';
import { argumentMatcher, rootRelativeArgument } from '../../workspace/file-arguments.js';
import { DiskSource } from '../../workspace/file-source.js';
import { OverlaySource } from '../../workspace/overlay-source.js';
import { discoverRoot } from '../../workspace/root.js';
import { type CliIo, parseNow, useColor, writeOutput } from '../cli-io.js';
import { CONFIG_OPTION, defineCommand, parseCount, reportOptions } from '../command.js';

/** One report a run writes: a format, to a file or (no file) standard output. */
interface ReportTarget {
  format: FormatName;
  file?: string;
}

/** `surveyor check`: every rule over the repository, one run, as many reports as asked for. */
export const checkCommand = defineCommand({
  name: 'check',
  summary: 'check the repository (--staged: what would be committed; FILES: only findings touching them)',
  usage: '[FILES...] [options]',
  description:
    'Runs the rules over the repository under --root and reports every finding with its file, line and column.\n' +
    'With FILES (files, folders, globs; `-` with --stdin-filename reads standard input), only findings\n' +
    "that touch them are reported. With --staged, git's index is judged against HEAD and only the\n" +
    "commit's findings fail (--changed-since REF: the working tree against REF). One run can write several reports\n" +
    '(--report FORMAT=FILE, repeatable) besides the one on standard output (--format, --output).',
  options: {
    root: {
      type: 'string',
      value: 'DIR',
      description: 'repository root (default: the nearest folder up with surveyor.config.json, else the git top)',
    },
    staged: {
      type: 'boolean',
      description: "judge what would be committed (git's index), blocked only by what the commit breaks",
    },
    'changed-since': {
      type: 'string',
      value: 'REF',
      description: 'judge the working tree, blocked only by what its changes since commit REF break',
    },
    'stdin-filename': { type: 'string', value: 'PATH', description: 'with FILES `-`: the path of the standard input' },
    cache: { type: 'boolean', description: 'reuse findings whose inputs did not change (the default)' },
    'no-cache': { type: 'boolean', description: 'run every rule, read and write no cache' },
    'cache-location': {
      type: 'string',
      value: 'DIR',
      description: 'where the cache is kept (default: ROOT/node_modules/.cache/surveyor)',
    },
    ...reportOptions(`${formatNames.join(', ')}; default stylish`),
    rule: {
      type: 'string',
      multiple: true,
      value: 'ID',
      description: 'run only this rule; globs like `docs/*` select several',
    },
    quiet: { type: 'boolean', short: 'q', description: 'report errors only (warnings still count for --max-warnings)' },
    'max-warnings': { type: 'string', value: 'N', description: 'fail when there are more than N warnings' },
    'max-annotations': {
      type: 'string',
      value: 'N',
      description: 'github format: annotate at most N findings, errors first (default 50)',
    },
    config: CONFIG_OPTION,
    now: { type: 'string', value: 'YYYY-MM-DD', description: 'the date date-based rules take as today' },
    'no-color': { type: 'boolean', description: 'no colours (also: NO_COLOR set, or stdout not a terminal)' },
    baseline: {
      type: 'string',
      value: 'FILE',
      description: 'report only findings FILE does not record, and list the ones fixed since',
    },
    'write-baseline': {
      type: 'string',
      value: 'FILE',
      description: 'record every current finding in FILE (by fingerprint, not line) and exit 0',
    },
    release: {
      type: 'string',
      value: 'X.Y.Z',
      description: "the release the release-aware rules evaluate (default: the chart's version)",
    },
  },
  examples: [
    ['surveyor check', 'every finding, grouped by file, with code frames and a summary by rule'],
    ['surveyor check --rule "docs/*" --quiet', 'only the docs rules, errors only'],
    [
      'surveyor check --format github --report sarif=reports/surveyor.sarif --report markdown=summary.md',
      'CI: annotations on stdout, SARIF and a job summary from the same run',
    ],
    ['surveyor check --staged', 'pre-commit: the staged content, blocked only by what the commit breaks'],
    ['surveyor check --changed-since origin/main', 'a pull request: only the findings its changes bring'],
    ["surveyor check ops/k8s 'docs/**/*.md'", 'only findings touching these files, folders and globs'],
    ['surveyor check --baseline surveyor-baseline.json', 'only findings the baseline does not record fail'],
  ],
  notes:
    'Exit codes: 0 no errors (and warnings within --max-warnings), 1 findings fail the run,\n' +
    '2 surveyor could not do its job (bad arguments, unreadable config, internal error).',
  async run({ values, positionals }, io: CliIo) {
    // The engine loads only when a check runs, so `--help` and argument errors answer at once.
    const { applyBaseline, baselineOf, check, listRules, readBaseline, writeBaseline } = await import('../../index.js');
    const targets = reportTargets(values.format, values.output, values.report ?? []);
    const maxWarnings =
      values['max-warnings'] === undefined ? undefined : parseCount('max-warnings', values['max-warnings']);
    const maxAnnotations =
      values['max-annotations'] === undefined ? undefined : parseCount('max-annotations', values['max-annotations']);
    const now = parseNow(values.now);
    const only =
      values.rule === undefined
        ? undefined
        : selectRuleIds(
            values.rule,
            listRules().map((rule) => rule.id),
          );
    const recordTo = values['write-baseline'];
    if (recordTo !== undefined) {
      for (const flag of ['baseline', 'output', 'format', 'report', 'max-warnings', 'rule', 'quiet'] as const) {
        if (values[flag] !== undefined)
          throw new UsageError(`\`--write-baseline\` records the findings and prints no report: drop \`--${flag}\``);
      }
      if (positionals.length)
        throw new UsageError('`--write-baseline` records the findings of the whole repository: drop the FILES');
    }
    const baseline =
      values.baseline === undefined ? undefined : { file: values.baseline, baseline: readBaseline(values.baseline) };
    const cwd = io.cwd ?? process.cwd();
    const root = values.root === undefined ? discoverRoot(cwd) : path.resolve(cwd, values.root);
    const changeMode = values.staged
      ? '--staged'
      : values['changed-since'] !== undefined
        ? '--changed-since'
        : undefined;
    if (values.staged && values['changed-since'] !== undefined)
      throw new UsageError('`--staged` and `--changed-since` exclude each other: pick the one to compare with');
    if (changeMode && positionals.length)
      throw new UsageError(`\`${changeMode}\` finds the changed files itself: drop the FILES`);
    if (changeMode && (recordTo !== undefined || baseline))
      throw new UsageError(`\`${changeMode}\` compares with git, not with a baseline: drop the baseline option`);
    const fromStdin = positionals.includes('-');
    if (fromStdin && positionals.length > 1)
      throw new UsageError('`-` reads one file from standard input: give no other FILES');
    if (fromStdin !== (values['stdin-filename'] !== undefined))
      throw new UsageError(
        fromStdin
          ? '`-` needs `--stdin-filename PATH`: the path the content would have in the repository'
          : '`--stdin-filename` names the content of `-`: add `-` as the only file',
      );
    const files = fromStdin
      ? [rootRelativePath(values['stdin-filename']!, cwd, root)]
      : positionals.map((file) => rootRelativeArgument(file, cwd, root, picomatch));
    if (values.cache && values['no-cache']) throw new UsageError('`--cache` and `--no-cache` exclude each other');
    const cacheLocation =
      values['no-cache'] || fromStdin
        ? undefined
        : path.resolve(cwd, values['cache-location'] ?? path.join(root, 'node_modules/.cache/surveyor'));
    // Paths as the user wrote them, so messages quote them; resolved only when the CLI runs elsewhere than the process.
    const asGiven = (file: string) => (io.cwd === undefined ? file : path.resolve(cwd, file));
    const rootArg = values.root === undefined ? root : asGiven(values.root);
    const common = {
      configPath: values.config === undefined ? undefined : asGiven(values.config),
      only,
      now,
      ...(values.release === undefined ? {} : { release: parseRelease(values.release) }),
      ...(cacheLocation === undefined ? {} : { cacheLocation }),
    };
    const checked = changeMode
      ? await check({
          ...common,
          root,
          ...(values.staged ? { staged: true } : { changedSince: values['changed-since']! }),
        })
      : fromStdin
        ? await check({
            ...common,
            source: new OverlaySource(new DiskSource(root, ['**/node_modules/**', '**/.git/**']), {
              [files[0]!]: await readStdin(io),
            }),
            files,
          })
        : await check({ ...common, root: rootArg, files: positionals.length ? files : undefined });
    // The library shows the root relative to the process's folder; the command line's is `cwd`.
    checked.report.root = (path.relative(cwd, root) || '.').split(path.sep).join('/');
    if (recordTo !== undefined) {
      const recorded = baselineOf(checked.report.diagnostics, checked.headingAnchors);
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
          positionals.length ? argumentMatcher(files, picomatch) : undefined,
        )
      : checked;
    const shown = values.quiet ? errorsOnly(result) : result;
    // A Markdown summary that must collapse points at the first complete report written to a file.
    const fullReport = targets.find(
      (t) => t.file !== undefined && t.format !== 'github' && t.format !== 'markdown',
    )?.file;
    for (const target of targets) {
      const text = reporters[target.format](shown, {
        color: useColor(values['no-color'], target.file !== undefined, io),
        ...(maxAnnotations === undefined ? {} : { maxAnnotations }),
        ...(fullReport === undefined ? {} : { fullReport }),
      });
      if (target.file === undefined) io.stdout(text);
      else writeOutput(target.file, text, root);
    }
    const { errors, warnings } = result.report.summary;
    const tooManyWarnings = maxWarnings !== undefined && warnings > maxWarnings;
    if (tooManyWarnings)
      io.stderr(
        `✖ ${warnings} ${warnings === 1 ? 'warning' : 'warnings'} exceed --max-warnings ${maxWarnings}: fix them or raise the limit\n`,
      );
    return errors > 0 || tooManyWarnings ? 1 : 0;
  },
});

/** A plain path (never a glob) relative to `cwd`, as a root-relative one; outside the root is a `UsageError`. */
function rootRelativePath(file: string, cwd: string, root: string): string {
  const relative = path.relative(root, path.resolve(cwd, file));
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative))
    throw new UsageError(`\`${file}\` is not a file path inside the root \`${path.relative(cwd, root) || '.'}\``);
  return relative.split(path.sep).join('/');
}

async function readStdin(io: CliIo): Promise<Buffer> {
  if (!io.readStdin) throw new UsageError('standard input cannot be read here');
  return io.readStdin();
}

/** The reports to write: `--format`/`--output` (stdout by default), then each `--report FORMAT=FILE`. */
function reportTargets(format: string | undefined, output: string | undefined, reports: string[]): ReportTarget[] {
  const primary = format ?? 'stylish';
  if (!isFormatName(primary)) throw unknownFormat(primary);
  const extra = reports.map((spec) => {
    const match = /^([^=]+)=(.+)$/.exec(spec);
    if (!match) throw new UsageError(`--report expects FORMAT=FILE, got \`${spec}\``);
    const [, name, file] = match as unknown as [string, string, string];
    if (!isFormatName(name)) throw unknownFormat(name);
    return { format: name, file };
  });
  // `--report` alone writes files only; stdout still gets the stylish report unless a format is named for it.
  const targets: ReportTarget[] = [{ format: primary, ...(output === undefined ? {} : { file: output }) }, ...extra];
  const seen = new Set<string>();
  for (const target of targets) {
    if (target.file === undefined) continue;
    const key = path.resolve(target.file);
    if (seen.has(key)) throw new UsageError(`two reports would be written to \`${target.file}\``);
    seen.add(key);
  }
  return targets;
}

function unknownFormat(name: string): UsageError {
  const hint = closest(name, formatNames);
  return new UsageError(
    `unknown format \`${name}\`, expected one of ${formatNames.join(', ')}${hint ? ` (did you mean \`${hint}\`?)` : ''}`,
  );
}

/** The rule ids `--rule` selects among `ids`: each an id or a glob over ids; one that selects nothing is a usage error. */
export function selectRuleIds(patterns: readonly string[], ids: readonly string[]): string[] {
  const selected = new Set<string>();
  for (const pattern of patterns) {
    const isMatch = picomatch(pattern);
    const matches = ids.filter((id) => isMatch(id));
    if (!matches.length) {
      const hint = closest(pattern, ids);
      throw new UsageError(`--rule \`${pattern}\` matches no rule${hint ? `, did you mean \`${hint}\`?` : ''}`);
    }
    for (const id of matches) selected.add(id);
  }
  return ids.filter((id) => selected.has(id));
}

/** `--release X.Y.Z` (a leading `v` is fine, as in `gate`), or a usage error. */
function parseRelease(value: string): string {
  const release = value.replace(/^v(?=\d)/, '');
  if (!parseSemver(release)) throw new UsageError(`--release expects a version as X.Y.Z, got \`${value}\``);
  return release;
}
