import { closest } from '../../src/closest.js';
import type { DocsPage } from '../../src/docs/docs-page.js';
import { examplePage } from '../../src/docs/example-page.js';
import { readLinkTarget, relativeLink } from '../../src/docs/link-target.js';
import { defineRule, type RuleContext } from '../../src/engine/rule.js';

const matrixPage = examplePage(
  {},
  '# Install Matrix\n\n## install-gate\n\n### Scenarios\n\nOn every pull request.\n\n## k8s-suite\n\n### Scenarios\n\nOn every change to `ops/k8s/`.\n',
);

const mkdocs =
  'site_name: Atlas\nnav:\n  - operations/install-matrix.md\n  - operations/upgrades-and-rollback.md\nplugins:\n  - redirects:\n      redirect_maps:\n        operations/upgrades.md: operations/upgrades-and-rollback.md\n';

type Messages = 'missing' | 'moved' | 'anchor' | 'anchorHint' | 'machine' | 'machineUnknown' | 'outside';

export default defineRule({
  id: 'docs/link',
  description: 'Relative links in docs pages lead to files that exist, and their `#anchors` to headings of the target',
  severity: 'error',
  inputs: (config) => [...config.docs.pages, config.docs.mkdocs],
  messages: {
    missing: '`{{url}}` leads to `{{target}}`, which does not exist: fix the link',
    moved:
      '`{{url}}` leads to `{{target}}`, which `redirect_maps` moved to `{{moved}}`: link to `{{suggestion}}` instead',
    anchor: '`#{{anchor}}` is not a heading or anchor of `{{target}}`: fix the anchor',
    anchorHint: '`#{{anchor}}` is not a heading or anchor of `{{target}}`: did you mean `#{{suggestion}}`?',
    machine:
      '`{{url}}` is an absolute path on one machine and leads nowhere for anyone else: link to `{{suggestion}}` instead',
    machineUnknown:
      '`{{url}}` is an absolute path on one machine and leads nowhere for anyone else: link to the file relative to this page',
    outside: '`{{url}}` climbs out of the repository: link to a file inside it, or use a full URL',
  },
  rationale: `A broken link is the most visible sign that docs have drifted from the repository. Every relative
link, image and link definition must lead to a file or folder of the repository (percent-encoding, a
\`?query\` and \`<angle brackets>\` are read as MkDocs and GitHub read them). A \`#anchor\` must be a heading
of the target page under either renderer's slug rules, MkDocs (Python-Markdown \`toc\`: ASCII, punctuation
dropped, duplicates \`_1\`, \`_2\`) or GitHub (Unicode kept, duplicates \`-1\`, \`-2\`), or an explicit \`{#id}\` or
HTML \`id\`. A link written as an absolute path on someone's machine (\`/Users/...\`, \`/home/...\`, \`C:\\...\`)
only works there; the finding suggests the repo-relative link when the file is in the repository. A link to a
page that the redirects plugin's \`redirect_maps\` moved suggests the new page. Links to other sites are not
fetched.`,
  examples: {
    valid: [
      {
        name: 'Anchors to a duplicated heading, in both slug flavours',
        files: {
          'mkdocs.yml': mkdocs,
          'docs/operations/install-matrix.md': matrixPage,
          'docs/operations/upgrades-and-rollback.md': examplePage(
            { title: 'Upgrades and Rollback' },
            '# Upgrades and Rollback\n\nSee the [k8s-suite scenarios](install-matrix.md#scenarios_1), also\n[on GitHub](./install-matrix.md#scenarios-1), and [the top](#upgrades-and-rollback).\n',
          ),
        },
      },
    ],
    invalid: [
      {
        name: 'A moved page, a mistyped anchor, and a path on one laptop',
        files: {
          'mkdocs.yml': mkdocs,
          'docs/operations/install-matrix.md': matrixPage,
          'docs/operations/upgrades-and-rollback.md': examplePage(
            { title: 'Upgrades and Rollback' },
            '# Upgrades and Rollback\n',
          ),
          'docs/index.md': examplePage(
            { title: 'Atlas Operations' },
            '# Atlas Operations\n\n- [upgrades](operations/upgrades.md)\n- [scenarios](operations/install-matrix.md#scenario)\n- [matrix](/Users/ana/src/atlas/docs/operations/install-matrix.md)\n',
          ),
        },
        findings: [
          { file: 'docs/index.md', line: 12, column: 3, messageId: 'moved' },
          { file: 'docs/index.md', line: 13, column: 3, messageId: 'anchorHint' },
          { file: 'docs/index.md', line: 14, column: 3, messageId: 'machine' },
        ],
      },
      {
        name: 'A page that does not exist',
        files: {
          'docs/index.md': examplePage(
            { title: 'Atlas Operations' },
            '# Atlas Operations\n\nRead the [rollout contract](operations/rollout-safety.md).\n',
          ),
        },
        findings: [{ file: 'docs/index.md', line: 12, column: 10, messageId: 'missing' }],
      },
    ],
  },
  async check(context) {
    const site = context.facts.docs;
    for (const page of await site.pages(context.inScope)) {
      for (const link of page.links) await checkLink(context, page, link.url, link.range);
    }
  },
});

async function checkLink(
  context: RuleContext<Messages>,
  page: DocsPage,
  url: string,
  range: DocsPage['links'][number]['range'],
): Promise<void> {
  const { workspace } = context;
  const site = context.facts.docs;
  const place = { file: page.file, position: range };
  const target = readLinkTarget(url, page.file);
  switch (target.kind) {
    case 'external':
      return;
    case 'outside':
      context.report({ ...place, messageId: 'outside', data: { url } });
      return;
    case 'same-page':
      if (target.fragment) reportAnchor(context, place, page, target.fragment, page.file);
      return;
    case 'machine': {
      const found = repoSuffix(target.segments, (p) => workspace.hasFile(p) || workspace.hasDirectory(p));
      if (found)
        context.report({
          ...place,
          messageId: 'machine',
          data: { url, suggestion: relativeLink(page.file, found, target.fragment) },
        });
      else context.report({ ...place, messageId: 'machineUnknown', data: { url } });
      return;
    }
    case 'relative': {
      if (workspace.hasFile(target.path)) {
        if (target.fragment && /\.(md|markdown)$/i.test(target.path)) {
          const loaded = await site.load(target.path);
          if (loaded.ok) reportAnchor(context, place, loaded.page, target.fragment, target.path);
        }
        return;
      }
      if (target.path === '' || workspace.hasDirectory(target.path)) return;
      const mkdocs = site.mkdocs;
      const docsPath = mkdocs?.docsPath(target.path);
      const moved = docsPath === undefined ? undefined : mkdocs!.redirects.get(docsPath);
      if (moved !== undefined) {
        const external = /^[A-Za-z][A-Za-z0-9+.-]*:/.test(moved);
        const suggestion = external ? moved : relativeLink(page.file, mkdocs!.repoPath(moved), target.fragment);
        context.report({ ...place, messageId: 'moved', data: { url, target: target.path, moved, suggestion } });
        return;
      }
      context.report({ ...place, messageId: 'missing', data: { url, target: target.path } });
      return;
    }
  }
}

function reportAnchor(
  context: RuleContext<Messages>,
  place: { file: string; position: DocsPage['links'][number]['range'] },
  target: DocsPage,
  anchor: string,
  targetFile: string,
): void {
  if (target.anchors.has(anchor)) return;
  const suggestion = closest(anchor, target.headingAnchors);
  if (suggestion)
    context.report({ ...place, messageId: 'anchorHint', data: { anchor, target: targetFile, suggestion } });
  else context.report({ ...place, messageId: 'anchor', data: { anchor, target: targetFile } });
}

/** The longest tail of a machine path that names a file or folder of the repository. */
function repoSuffix(segments: readonly string[], exists: (path: string) => boolean): string | undefined {
  for (let i = 0; i < segments.length; i++) {
    const candidate = segments.slice(i).join('/');
    if (exists(candidate)) return candidate;
  }
  return undefined;
}
