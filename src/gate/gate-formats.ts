import { formatGateJson } from './gate-json.js';
import { formatGateMarkdown } from './gate-markdown.js';
import type { GateResult } from './gate-report.js';
import { formatGateText } from './gate-text.js';

/** Name of a gate output format, as given to `surveyor gate --format`. */
export type GateFormatName = 'text' | 'markdown' | 'json';

/** The formatter of each gate output format: pure functions of the gate result. */
export const gateFormats: Readonly<
  Record<GateFormatName, (result: GateResult, options: { color: boolean; fullReport?: string }) => string>
> = {
  text: formatGateText,
  markdown: (result, options) => formatGateMarkdown(result, options),
  json: (result) => formatGateJson(result),
};

/** Whether a string names a gate output format. */
export function isGateFormatName(name: string): name is GateFormatName {
  return Object.hasOwn(gateFormats, name);
}
