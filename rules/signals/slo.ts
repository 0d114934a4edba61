import { defineRule } from '../../src/engine/rule.js';
import { findingReport } from '../../src/signals/evaluate.js';
import { signalsExample, vectorAnswer } from '../../src/signals/example-signals.js';

export default defineRule({
  id: 'signals/slo',
  description: 'Each SLO, measured live by its PromQL, meets its objective in its direction',
  severity: 'error',
  inputs: (config) => [config.observe.sloDefinitions, config.observe.sloMeasurement],
  appliesTo: { atlas: [], release: true, signals: true },
  gate: 'signals',
  volatile: ['value', 'series', 'reason'],
  messages: {
    unreadable: 'Cannot measure an SLO: {{reason}} (`{{query}}`)',
    sloNoData: 'SLO `{{id}}` cannot be measured: its PromQL returns no data (`{{query}}`)',
    sloNaN: 'SLO `{{id}}` measures NaN (`{{query}}`): there is no traffic to judge, or the PromQL divides by zero',
    sloBelow: 'SLO `{{id}}` measures {{value}}, below its objective {{objective}} (`{{query}}`): stop and roll back',
    sloAbove: 'SLO `{{id}}` measures {{value}}, above its objective {{objective}} (`{{query}}`): stop and roll back',
  },
  rationale: `An upgrade is safe only when the live signals agree with the release, and the SLOs say what
"agree" means. Each SLO of \`slo-definitions.json\` is measured by its PromQL in \`slo-measurement.json\`,
evaluated at \`--at\`, and compared with its \`objective\`: availability and throughput are floors (at least
the objective), latency and error ratios ceilings (at most). The direction comes from the unit (\`seconds\`
is a ceiling) and the name (\`latency\`, \`error\`, \`duration\`, \`reject\` are ceilings), or from
\`gate.signals.sloDirections\`. A \`percent\` objective (99.9) is compared with the PromQL's ratio times 100.
With several series, the worst one counts. No data, NaN, or an error answer never pass. The gate report
keeps a table of every SLO with its query, value and objective. Runs in \`surveyor gate\` with
\`--prometheus\` or \`--signals\`; it is the \`signals\` check.`,
  examples: {
    valid: [signalsExample('Availability 99.95 % over 99.9 %, p99 latency 0.21 s under 0.5 s')],
    invalid: [
      signalsExample(
        'Availability 99.5 % under its floor, latency with no data',
        {
          'atlas:query_availability:ratio_rate5m': vectorAnswer([{ value: 0.995 }]),
          'atlas:query_latency_seconds:p99_5m': vectorAnswer([]),
        },
        [
          { file: 'ops/observe/slo-definitions.json', line: 4, column: 48, messageId: 'sloBelow' },
          { file: 'ops/observe/slo-definitions.json', line: 5, column: 47, messageId: 'sloNoData' },
        ],
      ),
      signalsExample(
        'Latency 0.8 s over its ceiling, availability NaN',
        {
          'atlas:query_availability:ratio_rate5m': vectorAnswer([{ value: Number.NaN }]),
          'atlas:query_latency_seconds:p99_5m': vectorAnswer([{ value: 0.8 }]),
        },
        [
          { file: 'ops/observe/slo-definitions.json', line: 4, column: 48, messageId: 'sloNaN' },
          { file: 'ops/observe/slo-definitions.json', line: 5, column: 47, messageId: 'sloAbove' },
        ],
      ),
      signalsExample(
        'Prometheus answers a range vector for availability',
        { 'atlas:query_availability:ratio_rate5m': { status: 'success', data: { resultType: 'matrix', result: [] } } },
        [{ file: 'ops/observe/slo-definitions.json', line: 4, column: 48, messageId: 'unreadable' }],
      ),
    ],
  },
  check(context) {
    const { inputs, slos } = context.signals;
    const { findings, measured } = slos;
    for (const finding of findings) context.report(findingReport(finding));
    for (const slo of inputs.slos) {
      context.cite(slo.place.file, 'the SLO objectives');
      if (slo.measurement) context.cite(slo.measurement.place.file, 'the PromQL that measures each SLO');
    }
    if (findings.length === 0 && measured.length > 0)
      context.attest(
        `${measured.length} ${measured.length === 1 ? 'SLO meets its objective' : 'SLOs meet their objectives'}`,
      );
  },
});
