import { UsageError } from '../../errors.js';
import { type GateFormatName, gateFormats, isGateFormatName } from '../../gate/gate-formats.js';
import { type CliIo, parseNow, useColor, writeOutput } from '../cli-io.js';
import { CONFIG_OPTION, defineCommand, reportOptions } from '../command.js';

const FORMATS = Object.keys(gateFormats).join(', ');

/** `surveyor gate`: the release readiness verdict. */
export const gateCommand = defineCommand({
  name: 'gate',
  summary: 'the release readiness verdict: ready (exit 0) or blocked (exit 1)',
  usage: '--release X.Y.Z [options]',
  description:
    'Runs the rules once with release X.Y.Z in their context, groups their findings into the checks\n' +
    'their metadata names (check, identity, evidence, scenarios, matrix, readiness, signals, docs) and says whether\n' +
    'the release is ready, each check listing the files it relied on with their sha256. A baseline never\n' +
    'hides findings of identity, evidence, scenarios, matrix, readiness or signals; --waivers accepts others until a date.',
  options: {
    release: {
      type: 'string',
      value: 'X.Y.Z',
      description: 'the release to promote (required; a leading `v` is fine)',
    },
    root: { type: 'string', value: 'DIR', description: 'repository root (default: .)' },
    profile: {
      type: 'string',
      multiple: true,
      value: 'P',
      description: 'a release profile (default: the profiles of gate.releaseSuites)',
    },
    ...reportOptions(`${FORMATS}; default text`),
    baseline: {
      type: 'string',
      value: 'FILE',
      description: 'findings this check baseline records do not block (never of the checks that decide readiness)',
    },
    waivers: {
      type: 'string',
      value: 'FILE',
      description: 'accept findings of check and docs rules until a date (schemas/waivers.schema.json)',
    },
    config: CONFIG_OPTION,
    now: { type: 'string', value: 'YYYY-MM-DD', description: 'the date date-based rules take as today' },
    prometheus: {
      type: 'string',
      value: 'URL',
      description: 'ask this Prometheus for the live signals (the `signals` check); credentials from the environment',
    },
    at: {
      type: 'string',
      value: 'TIME',
      description: 'evaluate the live signals at TIME: RFC 3339 or Unix seconds (default now)',
    },
    window: {
      type: 'string',
      value: 'DURATION',
      description: 'window of the live signals, a Prometheus duration (default 15m)',
    },
    'write-signals': {
      type: 'string',
      value: 'FILE',
      description: 'save every query and answer of the live signals to FILE',
    },
    signals: {
      type: 'string',
      value: 'FILE',
      description: 'replay live signals saved by --write-signals, with no network',
    },
    'no-color': { type: 'boolean', description: 'no colours (also: NO_COLOR set, or stdout not a terminal)' },
  },
  examples: [
    ['surveyor gate --release 1.4.0', 'the verdict, each check and its evidence'],
    [
      'surveyor gate --release v1.4.0 --format markdown --report json=reports/gate.json >> "$GITHUB_STEP_SUMMARY"',
      'a job summary, and the JSON report for machines',
    ],
    [
      'surveyor gate --release 1.4.0 --profile prod-ha --prometheus http://127.0.0.1:9090 --write-signals signals.json',
      'also ask Prometheus whether what serves agrees, and save its answers',
    ],
    ['surveyor gate --release 1.4.0 --signals signals.json', 'the same verdict later, from the saved answers'],
  ],
  notes: 'Exit codes: 0 ready, 1 blocked, 2 the release could not be evaluated.',
  async run({ values, positionals }, io: CliIo) {
    // The engine loads only when a gate runs, so `--help` answers at once.
    const { gate, readBaseline, readWaivers, signalSpec } = await import('../../index.js');
    if (positionals.length) throw new UsageError('`gate` takes no files: it evaluates the whole repository');
    if (values.release === undefined)
      throw new UsageError('`gate` needs the release to evaluate: `surveyor gate --release X.Y.Z`');
    const targets = gateTargets(values.format, values.output, values.report ?? []);
    const now = parseNow(values.now);
    const signals = signalSpec({
      prometheus: values.prometheus,
      signals: values.signals,
      at: values.at,
      window: values.window,
      env: io.env,
    });
    if (values['write-signals'] !== undefined && !signals)
      throw new UsageError('--write-signals goes with --prometheus or --signals');
    const baseline =
      values.baseline === undefined ? undefined : { file: values.baseline, baseline: readBaseline(values.baseline) };
    const waivers = values.waivers === undefined ? undefined : readWaivers(values.waivers);
    const result = await gate({
      release: values.release,
      root: values.root ?? '.',
      ...(values.config === undefined ? {} : { configPath: values.config }),
      ...(values.profile === undefined ? {} : { profiles: values.profile }),
      ...(baseline ? { baseline } : {}),
      ...(waivers ? { waivers } : {}),
      ...(now ? { now } : {}),
      ...(signals ? { signals } : {}),
    });
    if (values['write-signals'] !== undefined) {
      if (!result.signalSnapshot) throw new UsageError('--write-signals goes with --prometheus or --signals');
      writeOutput(values['write-signals'], `${JSON.stringify(result.signalSnapshot, null, 2)}\n`, values.root ?? '.');
    }
    const fullReport = targets.find((t) => t.file !== undefined && t.format !== 'markdown')?.file;
    for (const target of targets) {
      const text = gateFormats[target.format](result, {
        color: useColor(values['no-color'], target.file !== undefined, io),
        ...(fullReport === undefined ? {} : { fullReport }),
      });
      if (target.file === undefined) io.stdout(text);
      else writeOutput(target.file, text, values.root ?? '.');
    }
    return result.report.verdict === 'ready' ? 0 : 1;
  },
});

function gateTargets(
  format: string | undefined,
  output: string | undefined,
  reports: string[],
): { format: GateFormatName; file?: string }[] {
  const check = (name: string): GateFormatName => {
    if (!isGateFormatName(name)) throw new UsageError(`unknown format \`${name}\`, expected one of ${FORMATS}`);
    return name;
  };
  return [
    { format: check(format ?? 'text'), ...(output === undefined ? {} : { file: output }) },
    ...reports.map((spec) => {
      const match = /^([^=]+)=(.+)$/.exec(spec);
      if (!match) throw new UsageError(`--report expects FORMAT=FILE, got \`${spec}\``);
      return { format: check(match[1]!), file: match[2]! };
    }),
  ];
}
