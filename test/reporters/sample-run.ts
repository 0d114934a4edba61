import type { Diagnostic, Report, RuleDescriptor, RunResult } from '../../src/engine/diagnostic.js';
import type { HeadingAnchor } from '../../src/engine/fingerprint.js';
import type { ReporterOptions } from '../../src/reporters/reporter.js';

/** Markdown page with a paragraph over two lines and a tab-indented code line. */
export const installDoc = [
  '# Install atlas',
  '',
  'The `perf` profile runs the `perf` suite',
  'against every release candidate.',
  '',
  '\thelm install atlas ./chart --set image.tag=latest',
  '',
].join('\n');

/** The install matrix, with CRLF line endings as a Windows checkout would have them. */
export const installMatrix = [
  '{',
  '  "profiles": [',
  '    {',
  '      "name": "perf",',
  '      "suite": "perf-smoke",',
  '      "image": { "tag": "latest" }',
  '    }',
  '  ]',
  '}',
  '',
].join('\r\n');

/** 1-based column of `needle` in line `line` of `text`, and the exclusive end column. */
export function columnsOf(text: string, line: number, needle: string): { column: number; endColumn: number } {
  const source = text.split('\n')[line - 1]!;
  const at = source.indexOf(needle);
  if (at < 0) throw new Error(`\`${needle}\` is not on line ${line}`);
  return { column: at + 1, endColumn: at + 1 + needle.length };
}

const rule = (id: string, severity: RuleDescriptor['severity'], description: string): RuleDescriptor => ({
  id,
  description,
  severity,
  url: `docs/rules/${id}.md`,
});

/** Rules of the sample run; `docs/no-dead-links` reports nothing. */
export const sampleRules: RuleDescriptor[] = [
  rule('contracts/docs-match-matrix', 'warning', 'Prose in docs agrees with the install matrix'),
  rule(
    'contracts/profile-suite-exists',
    'error',
    'Every install-matrix profile names a suite an upgrade scenario defines',
  ),
  rule('docs/no-dead-links', 'warning', 'Links in docs resolve'),
  rule('docs/prefer-digest', 'info', 'Examples pin images by digest'),
  rule('evidence/digest-matches', 'error', 'Evidence digests match the files they describe'),
  {
    ...rule('schema/valid', 'error', 'Contract files match their JSON Schema'),
    rationale:
      'Each contract file is validated against\nits mapped schema.\n\nFix the value the finding points at, or the schema.',
    durationMs: 12.5,
  },
];

/** Findings of the sample run, sorted as the engine sorts them (file, line, column, rule). */
export function sampleDiagnostics(): Diagnostic[] {
  const digest = columnsOf(installDoc, 6, 'image.tag=latest');
  const suite = columnsOf(installMatrix, 5, '"perf-smoke"');
  const tag = columnsOf(installMatrix, 6, '"latest"');
  return [
    {
      ruleId: 'contracts/docs-match-matrix',
      messageId: 'sample',
      severity: 'warning',
      message:
        'Prose says profile `perf` runs suite `perf`, but the install matrix says `perf-smoke` → update the sentence',
      file: 'docs/install.md',
      line: 3,
      column: 1,
      endLine: 4,
      endColumn: 33,
      url: 'docs/rules/contracts/docs-match-matrix.md',
    },
    {
      ruleId: 'docs/prefer-digest',
      messageId: 'sample',
      severity: 'info',
      message: 'Example pins `image.tag=latest`; prefer `image.digest` so installs are reproducible',
      file: 'docs/install.md',
      line: 6,
      column: digest.column,
      endLine: 6,
      endColumn: digest.endColumn,
      url: 'docs/rules/docs/prefer-digest.md',
    },
    {
      ruleId: 'contracts/profile-suite-exists',
      messageId: 'sample',
      severity: 'error',
      message:
        'Profile `perf` names suite `perf-smoke`, which no upgrade scenario defines: add it to `ops/k8s/upgrade-scenarios.yaml` or pick `smoke`',
      file: 'ops/k8s/install-matrix.json',
      line: 5,
      column: suite.column,
      endLine: 5,
      endColumn: suite.endColumn,
      pointer: '/profiles/0/suite',
      related: [
        {
          file: 'ops/k8s/upgrade-scenarios.yaml',
          line: 3,
          column: 5,
          endLine: 3,
          endColumn: 16,
          message: 'Suites are defined here: `smoke`, `soak`',
        },
      ],
      url: 'docs/rules/contracts/profile-suite-exists.md',
    },
    {
      ruleId: 'schema/valid',
      messageId: 'sample',
      severity: 'error',
      message: '`image.tag` is `latest` but must match `^v[0-9]+`: pin a release tag',
      file: 'ops/k8s/install-matrix.json',
      line: 6,
      column: tag.column,
      endLine: 6,
      endColumn: tag.endColumn,
      pointer: '/profiles/0/image/tag',
      url: 'docs/rules/schema/valid.md',
    },
    {
      ruleId: 'evidence/digest-matches',
      messageId: 'sample',
      severity: 'error',
      message:
        'Evidence says `sbom.spdx.json` hashes to `sha256:4f1c…` but the file hashes to `sha256:9b2e…` — regenerate the evidence',
      file: 'release/evidence.json',
      line: 12,
      column: 17,
      endLine: 12,
      endColumn: 88,
      pointer: '/artifacts/2/sha256',
      url: 'docs/rules/evidence/digest-matches.md',
    },
  ];
}

/** A report around the given findings, with totals counted from them. */
export function reportOf(diagnostics: Diagnostic[], root = '.'): Report {
  const count = (severity: Diagnostic['severity']): number => diagnostics.filter((d) => d.severity === severity).length;
  return {
    tool: 'surveyor',
    version: '0.1.0',
    root,
    summary: {
      files: 14,
      rules: sampleRules.length,
      errors: count('error'),
      warnings: count('warning'),
      infos: count('info'),
      durationMs: 42,
    },
    diagnostics,
  };
}

/** Sources the sample run can show; `release/evidence.json` is deliberately unavailable. */
export const sampleSources: Record<string, string> = {
  'docs/install.md': installDoc,
  'ops/k8s/install-matrix.json': installMatrix,
};

/** The headings of the sample's Markdown page, as a run reads them for fingerprints. */
export const sampleAnchors: Record<string, HeadingAnchor[]> = {
  'docs/install.md': [[1, 'install-atlas']],
};

/** A run result over the given findings (the sample ones by default). */
export function sampleRun(diagnostics: Diagnostic[] = sampleDiagnostics(), root = '.'): RunResult {
  return {
    report: reportOf(diagnostics, root),
    rules: sampleRules,
    docsBaseUrl: 'https://github.com/atlas-org/surveyor/blob/v0.1.0/',
    source: (file) => sampleSources[file],
    headingAnchors: (file) => sampleAnchors[file],
  };
}

/** The same run with nothing found. */
export function cleanRun(): RunResult {
  return sampleRun([]);
}

/** Options as the CI would pass them. */
export const plainOptions: ReporterOptions = { color: false };

/** Options as an interactive terminal would get them. */
export const colourOptions: ReporterOptions = { ...plainOptions, color: true };
