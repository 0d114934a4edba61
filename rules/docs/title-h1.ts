import { examplePage } from '../../src/docs/example-page.js';
import { defineRule } from '../../src/engine/rule.js';

export default defineRule({
  id: 'docs/title-h1',
  description: 'Every docs page has exactly one H1, equal to its front-matter title',
  severity: 'error',
  inputs: (config) => config.docs.pages,
  findingsPerFile: true,
  sharedInputs: (config) => [config.docs.mkdocs],
  messages: {
    missing: 'Page has no H1 heading: start the body with `# {{title}}`',
    missingUntitled: 'Page has no H1 heading: start the body with one naming the page',
    extra: 'Second H1 heading `{{text}}`: a page has one H1, make this one an H2',
    mismatch: 'H1 `{{text}}` differs from the front-matter title `{{title}}`: make them the same',
  },
  rationale: `MkDocs titles a page from its front matter, GitHub and search results from its first heading, and
the navigation from \`mkdocs.yml\`. When the H1 and the \`title\` drift apart, readers see two names for one
page. A second H1 is usually a heading typed one level too high, which also breaks the table of
contents. Headings are compared as rendered: inline code keeps its text, emphasis and links their words.`,
  examples: {
    valid: [
      {
        name: 'One H1, the title with inline code kept',
        files: {
          'docs/operations/pinning.md': examplePage(
            { title: 'Pinning image.digest' },
            '# Pinning `image.digest`\n\n## Why\n',
          ),
        },
      },
    ],
    invalid: [
      {
        name: 'An H1 that was renamed without the title',
        files: { 'docs/operations/install-matrix.md': examplePage({}, '# Supported Profiles\n\n## install-gate\n') },
        findings: [{ file: 'docs/operations/install-matrix.md', line: 10, column: 1, messageId: 'mismatch' }],
      },
      {
        name: 'A section typed as an H1',
        files: { 'docs/operations/install-matrix.md': examplePage({}, '# Install Matrix\n\n# Adding a profile\n') },
        findings: [{ file: 'docs/operations/install-matrix.md', line: 12, column: 1, messageId: 'extra' }],
      },
      {
        name: 'No H1',
        files: { 'docs/operations/install-matrix.md': examplePage({}, '## install-gate\n') },
        findings: [{ file: 'docs/operations/install-matrix.md', line: 9, column: 1, messageId: 'missing' }],
      },
    ],
  },
  async check(context) {
    for (const page of await context.facts.docs.pages(context.inScope)) {
      const frontMatter = page.frontMatter.kind === 'present' ? page.frontMatter.frontMatter : undefined;
      const rawTitle = frontMatter?.fields?.title;
      const title = typeof rawTitle === 'string' || typeof rawTitle === 'number' ? String(rawTitle) : undefined;
      const [first, ...extra] = page.titles;
      if (!first) {
        const position = { start: page.bodyStart };
        if (title !== undefined) context.report({ file: page.file, position, messageId: 'missing', data: { title } });
        else context.report({ file: page.file, position, messageId: 'missingUntitled' });
        continue;
      }
      for (const heading of extra) {
        context.report({
          file: page.file,
          position: heading.range,
          messageId: 'extra',
          data: { text: heading.text },
          related: [{ file: page.file, position: first.range, message: 'the first H1' }],
        });
      }
      if (title !== undefined && normalise(first.text) !== normalise(title)) {
        context.report({
          file: page.file,
          position: first.range,
          messageId: 'mismatch',
          data: { text: first.text, title },
          related: frontMatter
            ? [{ file: page.file, position: frontMatter.rangeOfPointer('/title'), message: 'the front-matter title' }]
            : [],
        });
      }
    }
  },
});

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
