import path from 'node:path';
import picomatch from 'picomatch';
import { parseSemver } from '../../atlas/semver.js';
import { closest } from '../../closest.js';
import { UsageError } from '../../errors.js';
import { applyBaseline, baselineOf, check, listRules, readBaseline, writeBaseline } from '../../index.js';
import { errorsOnly } from '../../reporters/errors-only.js';
import { type FormatName, formatNames, isFormatName, reporters } from '../../reporters/index.js';
import { type CliIo, parseNow, useColor, writeOutput } from '../cli-io.js';
import { defineCommand, parseCount } from '../command.js';

/** One report a run writes: a format, to a file or (no file) standard output. */
interface ReportTarget {
  format: FormatName;
  file?: string;
}

/** `surveyor check`: every rule over the repository, one run, as many reports as asked for. */
export const checkCommand = defineCommand({
  name: 'check',
  summary: 'check the repository (only findings touching FILES, if given)',
  usage: '[FILES...] [options]',
  description:
    'Runs the rules over the repository under --root and reports every finding with its file, line and column.\n' +
    'With FILES, only findings that touch them are reported. One run can write several reports\n' +
    '(--report FORMAT=FILE, repeatable) besides the one on standard output (--format, --output).',
  options: {
    root: { type: 'string', value: 'DIR', description: 'repository root (default: .)' },
    format: {
      type: 'string',
      value: 'F',
      description: `report on standard output (or --output): ${formatNames.join(', ')}; default stylish`,
    },
    output: {
      type: 'string',
      value: 'FILE',
      description: 'write that report to FILE (folders created) instead of stdout',
    },
    report: {
      type: 'string',
      multiple: true,
      value: 'FORMAT=FILE',
      description: 'also write a report in FORMAT to FILE, from the same run',
    },
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
    config: {
      type: 'string',
      value: 'FILE',
      description: 'config file (default: ROOT/surveyor.config.json when present)',
    },
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
    ['surveyor check ops/k8s/install-matrix.json', 'only findings touching that file'],
    ['surveyor check --baseline surveyor-baseline.json', 'only findings the baseline does not record fail'],
  ],
  notes:
    'Exit codes: 0 no errors (and warnings within --max-warnings), 1 findings fail the run,\n' +
    '2 surveyor could not do its job (bad arguments, unreadable config, internal error).',
  async run({ values, positionals }, io: CliIo) {
    const targets = reportTargets(values.format, values.output, values.report ?? []);
    const maxWarnings =
      values['max-warnings'] === undefined ? undefined : parseCount('max-warnings', values['max-warnings']);
    const maxAnnotations =
      values['max-annotations'] === undefined ? undefined : parseCount('max-annotations', values['max-annotations']);
    const now = parseNow(values.now);
    const only = values.rule === undefined ? undefined : selectRuleIds(values.rule);
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
      only,
      now,
      ...(values.release === undefined ? {} : { release: parseRelease(values.release) }),
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

/** The rule ids `--rule` selects: each an id or a glob over ids; one that selects nothing is a usage error. */
export function selectRuleIds(patterns: readonly string[]): string[] {
  const ids = listRules().map((rule) => rule.id);
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
