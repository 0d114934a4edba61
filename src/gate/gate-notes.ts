import type { GateBaseline } from './gate-report.js';
import type { WaiverOutcome } from './waivers.js';

/** How each waiver outcome is marked in the text and Markdown reports. */
export const WAIVER_MARK: Readonly<Record<WaiverOutcome['status'], string>> = {
  active: '✔',
  unused: '○',
  expired: '✖',
};

/** The sentence saying that the baseline was ignored for the checks that decide readiness. */
export function baselineIgnoredSentence(baseline: GateBaseline): string {
  const checks = baseline.ignoredFor.map((id) => `\`${id}\``).join(', ');
  const counted = baseline.ignored
    ? `: ${baseline.ignored} ${baseline.ignored === 1 ? 'finding it records counts' : 'findings it records count'} all the same`
    : '';
  return `The baseline was ignored for ${checks}, which decide readiness and are never waived by a baseline${counted}.`;
}
