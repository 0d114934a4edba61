import { sloDirection } from '../atlas/observe-contracts.js';
import { compareText } from '../compare-text.js';
import type { Generator } from './generator.js';
import { codeCell, tableCell } from './markdown-text.js';

/** An objective as a reader says it: `99.9 %`, `0.5 s`, `200 records_per_second`. */
function objectiveText(objective: number | undefined, unit: string | undefined): string {
  if (objective === undefined) return '?';
  if (unit === 'percent') return `${objective} %`;
  if (unit === 'seconds') return `${objective} s`;
  return unit ? `${objective} ${unit}` : String(objective);
}

/** The SLOs with their objectives and measurements, and the alerts with their severities and rules. */
export const observability: Generator = {
  name: 'observability',
  reads: ['observe'],
  description:
    'The SLOs with their objectives, windows and recording rules, and the catalogued alerts with their severities and the rules that define them',
  attributes: {
    part: { description: 'Which table: the SLOs, the alerts, or both', values: ['slos', 'alerts', 'all'] },
  },
  render(model, attributes) {
    const observe = model.observe;
    const part = attributes.part ?? 'all';
    const blocks: string[] = [];
    if (part !== 'alerts') {
      const slos = observe.sloDefinitions?.slos ?? [];
      blocks.push(
        [
          '| SLO | Objective | Direction | Window | Recording rule | Description |',
          '| --- | --- | --- | --- | --- | --- |',
          ...slos.map((slo) => {
            const measurement = observe.measurementOf(slo.id);
            const direction = sloDirection(slo) === 'floor' ? 'at least' : 'at most';
            return `| ${codeCell(slo.id)} | ${tableCell(objectiveText(slo.objective, slo.unit))} | ${direction} | ${slo.window ? codeCell(slo.window) : '?'} | ${measurement?.recordingRule ? codeCell(measurement.recordingRule) : measurement ? 'none' : 'not measured'} | ${tableCell(slo.description ?? '')} |`;
          }),
          '',
        ].join('\n'),
      );
    }
    if (part !== 'slos') {
      const rules = new Map(
        observe.alertRuleFiles.flatMap((file) =>
          file.documents.flatMap((d) =>
            d.groups.flatMap((g) =>
              g.rules.flatMap((r) => (r.alert ? [[r.alert.value, { file: file.file, rule: r }]] : [])),
            ),
          ),
        ) as [string, { file: string; rule: { for?: { value: unknown }; severity?: string } }][],
      );
      const alerts = [...(observe.alertCatalog?.alerts ?? [])].sort((a, b) => compareText(a.id, b.id));
      blocks.push(
        [
          '| Alert | Severity | Label | For | Rule file |',
          '| --- | --- | --- | --- | --- |',
          ...alerts.map((alert) => {
            const defined = rules.get(alert.id);
            const waitFor = typeof defined?.rule.for?.value === 'string' ? codeCell(defined.rule.for.value) : 'at once';
            return `| ${codeCell(alert.id)} | ${alert.severity ?? '?'} | ${defined?.rule.severity ? codeCell(defined.rule.severity) : 'none'} | ${defined ? waitFor : '?'} | ${defined ? codeCell(defined.file) : 'not defined'} |`;
          }),
          '',
        ].join('\n'),
      );
    }
    return blocks.join('\n');
  },
};
