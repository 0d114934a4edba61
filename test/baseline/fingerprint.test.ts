import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/engine/diagnostic.js';
import { fingerprintFindings, fingerprints } from '../../src/engine/fingerprint.js';

const finding = (file: string, line: number, extra: Partial<Diagnostic> = {}): Diagnostic => ({
  messageId: 'missing',
  ruleId: 'docs/path-ref',
  severity: 'warning',
  message: '`ops/missing.json` does not exist in the repository: fix the path',
  file,
  line,
  column: 1,
  endLine: line,
  endColumn: 2,
  url: 'docs/rules/docs/path-ref.md',
  ...extra,
});

const PAGE = `---
title: Upgrades
# a YAML comment, not a heading
---

# Upgrades and Rollback

Intro.

\`\`\`markdown
# not a heading inside a fence
\`\`\`

Upgrade Path
------------

Step one.

## Required Signals ✅

Watch readiness.
`;

describe('fingerprintFindings', () => {
  it('masks absolute paths quoted in a message, which differ between machines', () => {
    const at = (root: string) =>
      finding('ops/a.json', 1, {
        message: `Cannot read the file: EACCES: permission denied, open '${root}/ops/a.json'`,
      });
    expect(fingerprints([at('/home/ci/work')])).toEqual(fingerprints([at('/tmp/checkout-42')]));
  });

  it('names a Markdown finding without a pointer by the slug of the heading it sits under', () => {
    const source = (file: string) => (file === 'docs/upgrades.md' ? PAGE : undefined);
    const anchors = fingerprintFindings(
      [
        finding('docs/upgrades.md', 3),
        finding('docs/upgrades.md', 8),
        finding('docs/upgrades.md', 11),
        finding('docs/upgrades.md', 17),
        finding('docs/upgrades.md', 21),
      ],
      source,
    ).map((f) => f.identity.anchor);
    expect(anchors).toEqual([
      '',
      'upgrades-and-rollback',
      'upgrades-and-rollback',
      'upgrade-path',
      'required-signals-',
    ]);
  });

  it('keeps the fingerprint when lines above the finding are added, and changes it when the finding moves to another section', () => {
    const moved = PAGE.replace('Intro.\n', 'Intro.\n\nAn unrelated paragraph.\n');
    const [before] = fingerprints([finding('docs/upgrades.md', 21)], () => PAGE);
    const [after] = fingerprints([finding('docs/upgrades.md', 23)], () => moved);
    expect(after).toBe(before);
    const [elsewhere] = fingerprints([finding('docs/upgrades.md', 17)], () => PAGE);
    expect(elsewhere).not.toBe(before);
  });

  it('keeps the fingerprint SARIF always gave a finding with a pointer: rule, file, pointer, message, occurrence', () => {
    const json = finding('ops/k8s/install-matrix.json', 4, {
      ruleId: 'schema/valid',
      pointer: '/profiles/0/suite',
      message: 'Unexpected `smoke`',
    });
    const legacy = createHash('sha256')
      .update(
        ['schema/valid', 'ops/k8s/install-matrix.json', '/profiles/0/suite', 'Unexpected `smoke`', '0'].join('\u0000'),
      )
      .digest('hex')
      .slice(0, 32);
    expect(fingerprints([json], () => '{}')).toEqual([legacy]);
    expect(fingerprintFindings([json])[0]!.identity).toEqual({
      ruleId: 'schema/valid',
      file: 'ops/k8s/install-matrix.json',
      pointer: '/profiles/0/suite',
      message: 'Unexpected `smoke`',
    });
  });

  it('tells identical findings apart by their order, without line numbers', () => {
    const ids = fingerprints([finding('docs/upgrades.md', 21), finding('docs/upgrades.md', 22)], () => PAGE);
    expect(new Set(ids).size).toBe(2);
    expect(fingerprints([finding('docs/upgrades.md', 30), finding('docs/upgrades.md', 40)], () => PAGE)).toEqual(ids);
  });
});
