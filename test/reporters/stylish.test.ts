import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/engine/diagnostic.js';
import { MAX_FRAME_WIDTH } from '../../src/reporters/code-frame.js';
import { formatStylish } from '../../src/reporters/stylish.js';
import { summaryLine } from '../../src/reporters/summary-line.js';
import { cleanRun, colourOptions, plainOptions, sampleDiagnostics, sampleRun } from './sample-run.js';

/** ANSI SGR sequences made visible, so colour snapshots stay readable. */
function showEscapes(text: string): string {
  return text.replace(/\u001b\[(\d+)m/g, '<$1>');
}

const finding = (overrides: Partial<Diagnostic>): Diagnostic => ({
  messageId: 'invalid',
  ruleId: 'schema/valid',
  severity: 'error',
  message: 'Value must be a string',
  file: 'data/huge.json',
  line: 1,
  column: 1,
  endLine: 1,
  endColumn: 2,
  url: 'docs/rules/schema/valid.md',
  ...overrides,
});

describe('formatStylish', () => {
  it('groups findings by file with aligned columns, code frames and related locations', () => {
    const out = formatStylish(sampleRun(), plainOptions);
    expect(out).not.toContain('\u001b');
    expect(out).toMatchInlineSnapshot(`
      "docs/install.md
        3:1   warning  Prose says profile \`perf\` runs suite \`perf\`, but the install matrix says \`perf-smoke\` → update the sentence  contracts/docs-match-matrix
            2 |
          > 3 | The \`perf\` profile runs the \`perf\` suite
              | ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~

        6:35  info     Example pins \`image.tag=latest\`; prefer \`image.digest\` so installs are reproducible                          docs/prefer-digest
            5 |
          > 6 | 	helm install atlas ./chart --set image.tag=latest
              | 	                                 ^~~~~~~~~~~~~~~~

      ops/k8s/install-matrix.json
        5:16  error  Profile \`perf\` names suite \`perf-smoke\`, which no upgrade scenario defines: add it to \`ops/k8s/upgrade-scenarios.yaml\` or pick \`smoke\`  contracts/profile-suite-exists
            4 |       "name": "perf",
          > 5 |       "suite": "perf-smoke",
              |                ^~~~~~~~~~~~
          ↳ ops/k8s/upgrade-scenarios.yaml:3:5  Suites are defined here: \`smoke\`, \`soak\`

        6:25  error  \`image.tag\` is \`latest\` but must match \`^v[0-9]+\`: pin a release tag                                                                    schema/valid
            5 |       "suite": "perf-smoke",
          > 6 |       "image": { "tag": "latest" }
              |                         ^~~~~~~~

      release/evidence.json
        12:17  error  Evidence says \`sbom.spdx.json\` hashes to \`sha256:4f1c…\` but the file hashes to \`sha256:9b2e…\` — regenerate the evidence  evidence/digest-matches

      Findings by rule:
        1  error    contracts/profile-suite-exists
        1  error    evidence/digest-matches
        1  error    schema/valid
        1  warning  contracts/docs-match-matrix
        1  info     docs/prefer-digest

      ✖ 5 problems (3 errors, 1 warning, 1 info), 14 files checked
      "
    `);
  });

  it('colours severities, rule ids, gutters, file names and the summary when asked', () => {
    expect(showEscapes(formatStylish(sampleRun(), colourOptions))).toMatchInlineSnapshot(`
      "<1>docs/install.md<22>
        3:1   <33>warning<39>  Prose says profile \`perf\` runs suite \`perf\`, but the install matrix says \`perf-smoke\` → update the sentence  <2>contracts/docs-match-matrix<22>
      <2>      2 |<22>
      <2>    > 3 |<22> The \`perf\` profile runs the \`perf\` suite
      <2>        |<22> <33>^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~<39>

        6:35  <34>info<39>     Example pins \`image.tag=latest\`; prefer \`image.digest\` so installs are reproducible                          <2>docs/prefer-digest<22>
      <2>      5 |<22>
      <2>    > 6 |<22> 	helm install atlas ./chart --set image.tag=latest
      <2>        |<22> 	                                 <34>^~~~~~~~~~~~~~~~<39>

      <1>ops/k8s/install-matrix.json<22>
        5:16  <31>error<39>  Profile \`perf\` names suite \`perf-smoke\`, which no upgrade scenario defines: add it to \`ops/k8s/upgrade-scenarios.yaml\` or pick \`smoke\`  <2>contracts/profile-suite-exists<22>
      <2>      4 |<22>       "name": "perf",
      <2>    > 5 |<22>       "suite": "perf-smoke",
      <2>        |<22>                <31>^~~~~~~~~~~~<39>
          <2>↳<22> ops/k8s/upgrade-scenarios.yaml:3:5  Suites are defined here: \`smoke\`, \`soak\`

        6:25  <31>error<39>  \`image.tag\` is \`latest\` but must match \`^v[0-9]+\`: pin a release tag                                                                    <2>schema/valid<22>
      <2>      5 |<22>       "suite": "perf-smoke",
      <2>    > 6 |<22>       "image": { "tag": "latest" }
      <2>        |<22>                         <31>^~~~~~~~<39>

      <1>release/evidence.json<22>
        12:17  <31>error<39>  Evidence says \`sbom.spdx.json\` hashes to \`sha256:4f1c…\` but the file hashes to \`sha256:9b2e…\` — regenerate the evidence  <2>evidence/digest-matches<22>

      <1>Findings by rule:<22>
        1  <31>error<39>    contracts/profile-suite-exists
        1  <31>error<39>    evidence/digest-matches
        1  <31>error<39>    schema/valid
        1  <33>warning<39>  contracts/docs-match-matrix
        1  <34>info<39>     docs/prefer-digest

      <1><31>✖ 5 problems (3 errors, 1 warning, 1 info), 14 files checked<39><22>
      "
    `);
  });

  it('keeps the tab of a tab-indented line in the marker so it lines up', () => {
    const lines = formatStylish(sampleRun(), plainOptions).split('\n');
    const source = lines.findIndex((line) => line.includes('> 6 | \thelm install'));
    const marker = lines[source + 1]!;
    expect(marker).toMatch(/^ {8}\| \t {33}\^~{15}$/);
  });

  it('says so when the run is clean', () => {
    expect(formatStylish(cleanRun(), plainOptions)).toBe('✔ No problems (14 files checked)\n');
    expect(showEscapes(formatStylish(cleanRun(), colourOptions))).toBe(
      '<1><32>✔ No problems (14 files checked)<39><22>\n',
    );
  });

  it('joins file paths onto a root other than `.`', () => {
    const out = formatStylish(sampleRun(sampleDiagnostics(), 'examples\\atlas'), plainOptions);
    expect(out).toContain('\nexamples/atlas/ops/k8s/install-matrix.json\n');
    expect(out).toContain('↳ examples/atlas/ops/k8s/upgrade-scenarios.yaml:3:5');
    expect(out.startsWith('examples/atlas/docs/install.md\n')).toBe(true);
  });

  it('cuts a 50 MB one-line file to a window around the column', () => {
    const text = `{"items":[${'1,'.repeat(25_000_000)}"x"]}`; // 50 MB on one line
    const column = text.indexOf('"x"') + 1;
    const run = sampleRun([finding({ column, endColumn: column + 3 })]);
    run.source = () => text;

    const started = performance.now();
    const out = formatStylish(run, plainOptions);
    expect(performance.now() - started).toBeLessThan(1000);

    const lines = out.split('\n');
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(MAX_FRAME_WIDTH);
    const source = lines.find((line) => line.includes('> 1 |'))!;
    const marker = lines[lines.indexOf(source) + 1]!;
    expect(source).toMatch(/ \| …[1,]+"x"\]\}$/);
    expect(source.slice(marker.indexOf('^'), marker.indexOf('^') + 3)).toBe('"x"');
    expect(marker.endsWith('^~~')).toBe(true);
  });

  it('cuts a long context line above a short offending line to the frame width', () => {
    const run = sampleRun([finding({ file: 'f.txt', line: 2, column: 3, endColumn: 6 })]);
    run.source = () => `${'x'.repeat(500)}\n  bad\n`;
    const lines = formatStylish(run, plainOptions).split('\n');
    const context = lines.find((line) => line.includes(' 1 | '))!;
    expect(context).toBe(`      1 | ${'x'.repeat(149)}…`);
    expect(context).toHaveLength(MAX_FRAME_WIDTH);
    expect(lines).toContain('    > 2 |   bad');
    expect(lines).toContain('        |   ^~~');
  });

  it('cuts only the end of a huge line when the column is near its start', () => {
    const text = `{"a":${'[0]'.repeat(100_000)}}`;
    const run = sampleRun([finding({ column: 2, endColumn: 5 })]);
    run.source = () => text;
    const lines = formatStylish(run, plainOptions).split('\n');
    const source = lines.find((line) => line.startsWith('    > 1 | '))!;
    expect(source).toBe(`    > 1 | ${text.slice(0, 148)}…`);
    expect(source).toHaveLength(MAX_FRAME_WIDTH - 1);
    expect(lines).toContain('        |  ^~~');
  });

  it('clips a range that runs past its line to that line', () => {
    const out = formatStylish(sampleRun(), plainOptions).split('\n');
    const source = out.findIndex((line) => line.includes('> 3 | The `perf` profile'));
    expect(out[source + 1]).toBe(`        | ^${'~'.repeat('The `perf` profile runs the `perf` suite'.length - 1)}`);
  });

  it('renders no frame, but no crash, when the position is outside the source', () => {
    const run = sampleRun([finding({ file: 'docs/install.md', line: 99, column: 4, endLine: 99, endColumn: 9 })]);
    expect(formatStylish(run, plainOptions)).toBe(
      'docs/install.md\n  99:4  error  Value must be a string  schema/valid\n\n' +
        'Findings by rule:\n  1  error  schema/valid\n\n' +
        '✖ 1 problem (1 error, 0 warnings, 0 infos), 14 files checked\n',
    );
  });

  it('marks a column just past the end of its line', () => {
    const run = sampleRun([finding({ file: 'f.json', line: 2, column: 4, endLine: 2, endColumn: 4 })]);
    run.source = () => '{\n  }\n';
    expect(formatStylish(run, plainOptions)).toMatchInlineSnapshot(`
      "f.json
        2:4  error  Value must be a string  schema/valid
            1 | {
          > 2 |   }
              |    ^

      Findings by rule:
        1  error  schema/valid

      ✖ 1 problem (1 error, 0 warnings, 0 infos), 14 files checked
      "
    `);
  });

  it('never lets control characters from messages or sources reach the terminal', () => {
    const run = sampleRun([
      finding({ file: 'evil.json', message: 'Key `\u001b[2J\u0007` is not allowed\nreally', column: 2, endColumn: 6 }),
    ]);
    run.source = () => '"\u001b[2J\u0007 \u202e"';
    const out = formatStylish(run, plainOptions);
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
    expect(out).toContain('Key `␛[2J␇` is not allowed␊really');
    expect(out).toContain('> 1 | "␛[2J␇ �"');
  });
});

describe('summaryLine', () => {
  it('uses the singular for one and the plural otherwise', () => {
    const base = { files: 1, rules: 1, durationMs: 0 };
    expect(summaryLine({ ...base, errors: 1, warnings: 0, infos: 0 })).toBe(
      '✖ 1 problem (1 error, 0 warnings, 0 infos), 1 file checked',
    );
    expect(summaryLine({ ...base, files: 3, errors: 2, warnings: 1, infos: 1 })).toBe(
      '✖ 4 problems (2 errors, 1 warning, 1 info), 3 files checked',
    );
    expect(summaryLine({ ...base, files: 0, errors: 0, warnings: 0, infos: 0 })).toBe(
      '✔ No problems (0 files checked)',
    );
  });

  it('ends with findings counted by rule, errors first and most first, then the totals', () => {
    const many = [
      ...Array.from({ length: 12 }, (_, i) =>
        finding({ file: `w${i}.json`, severity: 'warning', ruleId: 'docs/stale-review' }),
      ),
      ...Array.from({ length: 3 }, (_, i) => finding({ file: `e${i}.json`, ruleId: 'schema/valid' })),
      finding({ file: 'x.json', ruleId: 'json/parse' }),
    ];
    const out = formatStylish(sampleRun(many), plainOptions);
    expect(out.slice(out.indexOf('Findings by rule:'))).toBe(
      'Findings by rule:\n' +
        '   3  error    schema/valid\n' +
        '   1  error    json/parse\n' +
        '  12  warning  docs/stale-review\n\n' +
        '✖ 16 problems (4 errors, 12 warnings, 0 infos), 14 files checked\n',
    );
    expect(formatStylish(cleanRun(), plainOptions)).not.toContain('Findings by rule');
  });
});
