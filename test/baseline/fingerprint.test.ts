import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { baselineOf } from '../../src/baseline/baseline-file.js';
import { resolveConfig } from '../../src/config/config.js';
import { OUTLINE_KIND } from '../../src/docs/docs-page.js';
import { DocsSite } from '../../src/docs/docs-site.js';
import { examplePage } from '../../src/docs/example-page.js';
import { collectHeadingAnchors } from '../../src/docs/heading-anchors.js';
import type { Diagnostic } from '../../src/engine/diagnostic.js';
import { fingerprintFindings, fingerprints, type HeadingAnchors } from '../../src/engine/fingerprint.js';
import { runCheck } from '../../src/engine/run.js';
import { SchemaSet } from '../../src/schema/schema-set.js';
import { MemorySource } from '../../src/workspace/file-source.js';
import { type ContentMemo, Workspace } from '../../src/workspace/workspace.js';

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

/** The heading anchors of pages, as a run reads them: from each page's remark outline. */
function anchorsOf(pages: Record<string, string>): Promise<HeadingAnchors> {
  const workspace = new Workspace(new MemorySource(pages));
  return collectHeadingAnchors({ workspace, maxPageBytes: Number.POSITIVE_INFINITY }, Object.keys(pages));
}

/** The anchor each finding of `page` at these lines is named by. */
async function anchorsAt(page: string, lines: number[]): Promise<(string | undefined)[]> {
  const anchors = await anchorsOf({ 'docs/page.md': page });
  return fingerprintFindings(
    lines.map((line) => finding('docs/page.md', line)),
    anchors,
  ).map((f) => f.identity.anchor);
}

describe('fingerprintFindings', () => {
  it('masks absolute paths quoted in a message, which differ between machines', () => {
    const at = (root: string) =>
      finding('ops/a.json', 1, {
        message: `Cannot read the file: EACCES: permission denied, open '${root}/ops/a.json'`,
      });
    expect(fingerprints([at('/home/ci/work')])).toEqual(fingerprints([at('/tmp/checkout-42')]));
  });

  it('names a Markdown finding without a pointer by the slug of the heading it sits under', async () => {
    const source = await anchorsOf({ 'docs/upgrades.md': PAGE });
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

  it('keeps the fingerprint when lines above the finding are added, and changes it when the finding moves to another section', async () => {
    const moved = PAGE.replace('Intro.\n', 'Intro.\n\nAn unrelated paragraph.\n');
    const page = await anchorsOf({ 'docs/upgrades.md': PAGE });
    const [before] = fingerprints([finding('docs/upgrades.md', 21)], page);
    const [after] = fingerprints([finding('docs/upgrades.md', 23)], await anchorsOf({ 'docs/upgrades.md': moved }));
    expect(after).toBe(before);
    const [elsewhere] = fingerprints([finding('docs/upgrades.md', 17)], page);
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
    expect(fingerprints([json], () => [[1, 'ignored']])).toEqual([legacy]);
    expect(fingerprintFindings([json])[0]!.identity).toEqual({
      ruleId: 'schema/valid',
      file: 'ops/k8s/install-matrix.json',
      pointer: '/profiles/0/suite',
      message: 'Unexpected `smoke`',
    });
  });

  it('tells identical findings apart by their order, without line numbers', async () => {
    const page = await anchorsOf({ 'docs/upgrades.md': PAGE });
    const ids = fingerprints([finding('docs/upgrades.md', 21), finding('docs/upgrades.md', 22)], page);
    expect(new Set(ids).size).toBe(2);
    expect(fingerprints([finding('docs/upgrades.md', 30), finding('docs/upgrades.md', 40)], page)).toEqual(ids);
  });
});

describe('the heading a Markdown finding is named by', () => {
  it("is GitHub's anchor of a heading with a link, inline code, emphasis or an explicit `{#id}`", async () => {
    const page = [
      '# See [the guide](guide.md)', // 1
      'a',
      '## The `max_surge` option', // 3
      'b',
      '## *Emphasised* and **strong**', // 5
      'c',
      '## Rollback {#rollback-steps}', // 7
      'd',
      '## Closed ##', // 9
      'e',
    ].join('\n');
    // The old line scan gave `see-the-guideguidemd`, `the-max_surge-option`, `emphasised-and-strong`, `rollback-rollback-steps`, `closed`.
    expect(await anchorsAt(page, [2, 4, 6, 8, 10])).toEqual([
      'see-the-guide',
      'the-max_surge-option',
      'emphasised-and-strong',
      // GitHub knows no attribute lists: it slugs the heading as written, and the fingerprint with it.
      'rollback-rollback-steps',
      'closed',
    ]);
  });

  it('reads no heading in fenced or indented code, nor in an HTML block', async () => {
    const page = [
      '# Top', // 1
      '',
      '```sh',
      '# a shell comment',
      '```',
      '',
      '~~~~',
      '# in a tilde fence',
      '~~~~',
      '', // 10
      '    # indented code',
      '',
      '<div>',
      '# inside an HTML block',
      '</div>',
      '',
      'Last.', // 17
    ].join('\n');
    expect(await anchorsAt(page, [4, 8, 11, 14, 17])).toEqual(['top', 'top', 'top', 'top', 'top']);
  });

  it('reads setext headings as CommonMark does: over two lines, never after a list item or a quote', async () => {
    const page = [
      'Release', // 1
      'notes',
      '-----',
      '',
      '- an item', // 5
      '---',
      '',
      '> quoted',
      '===',
      '', // 10
      'Rollback',
      '=',
      'Last.',
    ].join('\n');
    // Lines 6 and 9 are a thematic break and a paragraph's lazy continuation, not headings.
    expect(await anchorsAt(page, [2, 3, 7, 9, 13])).toEqual([
      'releasenotes',
      'releasenotes',
      'releasenotes',
      'releasenotes',
      'rollback',
    ]);
  });

  it('skips front matter, with a BOM or CRLF line ends too, and reads an unclosed one as the page does', async () => {
    const front = (open: string, eol: string) =>
      [`${open}---`, 'title: Upgrades', '# a YAML comment', '---', '', '# Upgrades', 'Text.'].join(eol);
    expect(await anchorsAt(front('', '\n'), [3, 7])).toEqual(['', 'upgrades']);
    expect(await anchorsAt(front('\uFEFF', '\n'), [3, 7])).toEqual(['', 'upgrades']);
    expect(await anchorsAt(front('', '\r\n'), [3, 7])).toEqual(['', 'upgrades']);
    // Never closed, it is no front matter: a thematic break, a paragraph and a heading.
    const unclosed = ['---', 'title: Upgrades', '# a YAML comment', '', 'Text.'].join('\n');
    expect(await anchorsAt(unclosed, [2, 5])).toEqual(['', 'a-yaml-comment']);
  });

  it('stays the same when an equal heading is added above: no duplicate counter', async () => {
    const page = '# Steps\n\nText.\n';
    const [before] = fingerprints([finding('docs/page.md', 3)], await anchorsOf({ 'docs/page.md': page }));
    const doubled = `# Steps\n\nOther.\n\n${page}`;
    const [after] = fingerprints([finding('docs/page.md', 7)], await anchorsOf({ 'docs/page.md': doubled }));
    expect(after).toBe(before);
  });

  it('is taken from the page the docs site parsed in the run, not parsed again', async () => {
    const source = new MemorySource({ 'docs/page.md': '# Real\n\nText.\n' });
    // The site reads the page from an outline its memo holds, one whose heading no parse would give.
    const sited = new Workspace(source);
    const remembered: ContentMemo = {
      recall: (kind) =>
        kind === OUTLINE_KIND
          ? {
              frontMatter: { kind: 'missing' },
              headings: [
                {
                  depth: 1,
                  text: 'Remembered',
                  githubText: 'Remembered',
                  range: { start: { line: 1, column: 1 }, end: { line: 1, column: 13 } },
                },
              ],
              links: [],
              codeSpans: [],
              mermaidBlocks: [],
              htmlAnchors: [],
              explicitIds: [],
              generatedLines: [],
            }
          : undefined,
      remember: () => undefined,
    };
    sited.memo = remembered;
    const config = resolveConfig({}, 'none');
    const docs = new DocsSite(sited, config, () => new SchemaSet(sited, config, []));
    // Each time a workspace of its own, which has derived nothing from the page yet.
    const anchorsWith = async (site: DocsSite) =>
      (
        await collectHeadingAnchors({ workspace: new Workspace(source), docs: site, maxPageBytes: 1024 }, [
          'docs/page.md',
        ])
      )('docs/page.md');
    // A page the site was never asked for is parsed; one it loaded is taken as it loaded it.
    expect(await anchorsWith(docs)).toEqual([[1, 'real']]);
    expect((await docs.load('docs/page.md')).ok).toBe(true);
    expect(await anchorsWith(docs)).toEqual([[1, 'remembered']]);
  });

  it("is what a run gives its findings: GitHub's anchor of a heading with a link", async () => {
    const body = '# Atlas\n\n## See [the guide](guide.md)\n\nCopy `ops/missing.json` first.\n';
    const result = await runCheck({
      source: new MemorySource({ 'docs/index.md': examplePage({ title: 'Atlas' }, body) }),
      rules: allRules,
    });
    const recorded = baselineOf(result.report.diagnostics, result.headingAnchors).findings;
    const underLink = recorded.filter((f) => f.file === 'docs/index.md');
    expect(underLink.map((f) => f.ruleId).sort()).toEqual(['docs/link', 'docs/path-ref']);
    expect(underLink.map((f) => f.anchor)).toEqual(['see-the-guide', 'see-the-guide']);
  });
});
