import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/engine/diagnostic.js';
import { escapeCommandData, escapeCommandProperty, formatGithub } from '../../src/reporters/github.js';
import { cleanRun, plainOptions, sampleDiagnostics, sampleRun } from './sample-run.js';

describe('formatGithub', () => {
  it('writes one workflow command per finding and a plain summary line', () => {
    expect(formatGithub(sampleRun(), plainOptions)).toMatchInlineSnapshot(`
      "::error file=ops/k8s/install-matrix.json,line=5,col=16,endLine=5,endColumn=28,title=contracts/profile-suite-exists::Profile \`perf\` names suite \`perf-smoke\`, which no upgrade scenario defines: add it to \`ops/k8s/upgrade-scenarios.yaml\` or pick \`smoke\`%0A↳ ops/k8s/upgrade-scenarios.yaml:3:5  Suites are defined here: \`smoke\`, \`soak\`
      ::error file=ops/k8s/install-matrix.json,line=6,col=25,endLine=6,endColumn=33,title=schema/valid::\`image.tag\` is \`latest\` but must match \`^v[0-9]+\`: pin a release tag
      ::error file=release/evidence.json,line=12,col=17,endLine=12,endColumn=88,title=evidence/digest-matches::Evidence says \`sbom.spdx.json\` hashes to \`sha256:4f1c…\` but the file hashes to \`sha256:9b2e…\` — regenerate the evidence
      ::warning file=docs/install.md,line=3,col=1,endLine=4,endColumn=33,title=contracts/docs-match-matrix::Prose says profile \`perf\` runs suite \`perf\`, but the install matrix says \`perf-smoke\` → update the sentence
      ::notice file=docs/install.md,line=6,col=35,endLine=6,endColumn=51,title=docs/prefer-digest::Example pins \`image.tag=latest\`; prefer \`image.digest\` so installs are reproducible
      ✖ 5 problems (3 errors, 1 warning, 1 info), 14 files checked
      "
    `);
  });

  it('joins paths onto the root so annotations land on the right file', () => {
    const out = formatGithub(sampleRun(sampleDiagnostics(), 'examples/atlas'), plainOptions);
    expect(out).toContain('::error file=examples/atlas/ops/k8s/install-matrix.json,line=5,');
    expect(out).toContain('%0A↳ examples/atlas/ops/k8s/upgrade-scenarios.yaml:3:5  Suites');
  });

  it('prints only the summary on a clean run', () => {
    expect(formatGithub(cleanRun(), plainOptions)).toBe('✔ No problems (14 files checked)\n');
  });

  it('cannot be made to start a new command by what it reports', () => {
    const hostile: Diagnostic = {
      ...sampleDiagnostics()[0]!,
      file: 'docs/a,b:c%d.md',
      message: 'Bad value `x`\r\n::error file=x.md::injected at 100%',
    };
    const out = formatGithub(sampleRun([hostile]), plainOptions);
    expect(out.split('\n')).toHaveLength(3);
    expect(out).toContain('file=docs/a%2Cb%3Ac%25d.md,');
    expect(out).toContain('::Bad value `x`%0D%0A::error file=x.md::injected at 100%25\n');
  });
});

describe('workflow command escaping', () => {
  it('escapes data and, further, property values', () => {
    expect(escapeCommandData('50% a:b,c\r\n')).toBe('50%25 a:b,c%0D%0A');
    expect(escapeCommandProperty('50% a:b,c\r\n')).toBe('50%25 a%3Ab%2Cc%0D%0A');
  });

  it('shows ESC, BEL and OSC-8 links from what it reports as visible characters, never as terminal controls', () => {
    const hostile: Diagnostic = {
      ...sampleDiagnostics()[0]!,
      file: 'docs/\u001b[31mred.md',
      message:
        'Bad value `\u001b]8;;https://evil.example/\u0007click\u001b]8;;\u0007` and `\u001b[2J\u0007` and `\u009b31m`',
      related: [{ file: 'docs/\u001b]0;title\u0007.md', line: 1, column: 1, message: 'there \u001b[1mbold' }],
    };
    const out = formatGithub(sampleRun([hostile]), plainOptions);
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(out).toContain('file=docs/␛[31mred.md,');
    expect(out).toContain('Bad value `␛]8;;https://evil.example/␇click␛]8;;␇` and `␛[2J␇` and `\ufffd31m`');
    expect(out).toContain('%0A↳ docs/␛]0;title␇.md:1:1  there ␛[1mbold');
  });

  it('annotates at most 50 findings by default, errors first, and counts the rest in one notice', () => {
    const base = sampleDiagnostics()[0]!;
    const many: Diagnostic[] = [
      ...Array.from({ length: 70 }, (_, i) => ({
        ...base,
        file: `w${String(i).padStart(2, '0')}.md`,
        severity: 'warning' as const,
      })),
      ...Array.from({ length: 30 }, (_, i) => ({ ...base, file: `z${i}.json`, severity: 'error' as const })),
    ];
    const lines = formatGithub(sampleRun(many), plainOptions).trimEnd().split('\n');
    const commands = lines.filter((line) => /^::(error|warning) /.test(line));
    expect(commands).toHaveLength(50);
    expect(commands.slice(0, 30).every((line) => line.startsWith('::error '))).toBe(true);
    expect(commands[30]).toMatch(/^::warning file=w00\.md,/);
    expect(lines.at(-2)).toBe(
      '::notice title=surveyor::50 more findings not annotated (50 of 100 shown, errors first): run `surveyor check` for every finding',
    );
    expect(lines.at(-1)).toBe('✖ 100 problems (30 errors, 70 warnings, 0 infos), 14 files checked');

    const capped = formatGithub(sampleRun(many), { ...plainOptions, maxAnnotations: 10, fullReport: 'out/s.sarif' });
    expect(capped.split('\n').filter((line) => line.startsWith('::error '))).toHaveLength(10);
    expect(capped).toContain(
      '::notice title=surveyor::90 more findings not annotated (10 of 100 shown, errors first): see `out/s.sarif` for every finding',
    );
    expect(formatGithub(sampleRun(), plainOptions)).not.toContain('not annotated');
  });
});
