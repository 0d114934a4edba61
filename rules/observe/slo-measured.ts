import { defineRule } from '../../src/engine/rule.js';

const definitions = (...ids: string[]) =>
  `{\n  "schema_version": 1,\n  "slos": [\n${ids
    .map(
      (id) =>
        `    { "id": "${id}", "objective": 99.9, "window": "30d", "unit": "percent", "metric": "http_requests_total" }`,
    )
    .join(',\n')}\n  ]\n}\n`;
const measurement = (...ids: string[]) =>
  `{\n  "schema_version": 1,\n  "measurement_method": {\n${ids
    .map((id) => `    "${id}": { "promql": "sum(rate(http_requests_total[5m]))" }`)
    .join(',\n')}\n  }\n}\n`;

export default defineRule({
  id: 'observe/slo-measured',
  description: 'Every SLO has exactly one measurement, and every measurement measures an SLO',
  severity: 'error',
  inputs: (config) => [config.observe.sloDefinitions, config.observe.sloMeasurement],
  messages: {
    unmeasured: 'SLO `{{id}}` has no measurement: add its PromQL under `measurement_method` in `{{measurements}}`',
    orphan: 'Measurement `{{id}}` measures no SLO: define SLO `{{id}}` in `{{definitions}}` or remove the measurement',
    duplicate: 'SLO `{{id}}` is defined twice: give each SLO its own id',
  },
  rationale: `An SLO without the PromQL that measures it cannot be verified, by the release gate or by
anyone; a measurement whose SLO was renamed or removed measures a promise nobody made. The SLO ids of
\`slo-definitions.json\` and the keys of \`measurement_method\` in \`slo-measurement.json\` must be the
same set, each SLO defined once. The rule runs when both files exist.`,
  examples: {
    valid: [
      {
        name: 'Two SLOs, each measured',
        files: {
          'ops/observe/slo-definitions.json': definitions('availability', 'throughput'),
          'ops/observe/slo-measurement.json': measurement('availability', 'throughput'),
        },
      },
    ],
    invalid: [
      {
        name: 'An SLO renamed in the definitions but not in the measurements',
        files: {
          'ops/observe/slo-definitions.json': definitions('availability', 'ingest-throughput'),
          'ops/observe/slo-measurement.json': measurement('availability', 'throughput'),
        },
        findings: [
          { file: 'ops/observe/slo-definitions.json', line: 5, column: 5, messageId: 'unmeasured' },
          { file: 'ops/observe/slo-measurement.json', line: 5, column: 5, messageId: 'orphan' },
        ],
      },
    ],
  },
  async check(context) {
    const observe = await context.facts.observe();
    const definitions = observe.sloDefinitions;
    const measurements = observe.sloMeasurements;
    if (!definitions || !measurements) return;
    const data = (id: string) => ({ id, definitions: definitions.file, measurements: measurements.file });
    const seen = new Set<string>();
    for (const slo of definitions.slos) {
      if (seen.has(slo.id)) {
        context.report({ ...slo.idPlace, messageId: 'duplicate', data: data(slo.id) });
        continue;
      }
      seen.add(slo.id);
      if (!observe.measurementOf(slo.id)) context.report({ ...slo.place, messageId: 'unmeasured', data: data(slo.id) });
    }
    for (const measurement of measurements.measurements)
      if (!seen.has(measurement.sloId))
        context.report({ ...measurement.place, onKey: true, messageId: 'orphan', data: data(measurement.sloId) });
  },
});
