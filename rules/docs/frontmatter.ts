import type { DocsPage } from '../../src/docs/docs-page.js';
import { examplePage } from '../../src/docs/example-page.js';
import type { FrontMatterSchema } from '../../src/docs/frontmatter-schema.js';
import { defineRule, type Place } from '../../src/engine/rule.js';

export default defineRule({
  id: 'docs/frontmatter',
  description: 'Every docs page starts with YAML front matter that parses and matches the front-matter schema',
  severity: 'error',
  inputs: (config) => config.docs.pages,
  // The repository's schemas matter only when the front-matter schema is one of them.
  readsSchemas: (config) => config.docs.frontmatterSchema !== undefined,
  volatile: ['size'],
  messages: {
    missing:
      'Page has no front matter: start it with a `---` block holding `title`, `audience`, `type`, `status`, `owner` and `last_reviewed`',
    unterminated: 'Front matter opened on line 1 is never closed: add a `---` line after its last field',
    yaml: 'Front matter is not valid YAML: {{message}}',
    notMapping: 'Front matter is {{found}}, expected a mapping of fields such as `title: ...`',
    schema: '{{message}}, as `{{schema}}` requires',
    unreadable: 'Page cannot be read as Markdown: {{reason}}',
    tooNested: 'Page is nested too deeply to check ({{reason}}): flatten its lists, quotes or emphasis',
    tooLarge:
      'Page is {{size}} bytes, over the {{limit}}-byte limit of `docs.maxPageBytes`: it was not checked, split it or raise the limit',
    schemaMissing:
      'Front-matter schema `{{schema}}` does not exist: fix `docs.frontmatterSchema` or remove it to use the built-in schema',
    schemaBroken: 'Front-matter schema `{{schema}}` does not compile, so no front matter was validated: fix the schema',
  },
  rationale: `MkDocs, the navigation and the other docs rules read a page's front matter: its \`title\`, who it is
for (\`audience\`), what kind of page it is (\`type\`), its \`status\`, its \`owner\` and when it was last
checked against the repository (\`last_reviewed\`, a \`YYYY-MM-DD\` date). A page without it, with YAML that
does not parse, or with a missing or malformed field silently drops out of those checks. Findings point
inside the front matter, at the field that is wrong. The schema is surveyor's
\`schemas/docs-frontmatter.schema.json\` unless \`docs.frontmatterSchema\` names the repository's own.
A page that is not text, larger than \`docs.maxPageBytes\` (1 MiB by default), or nested so deeply that
the Markdown parser would crawl (a run of 1,000 \`*\`, \`[\` or \`>\`, a list 200 levels deep) is reported
here and skipped by every docs rule.`,
  examples: {
    valid: [
      {
        name: 'Every field present, `last_reviewed` a date',
        files: { 'docs/operations/install-matrix.md': examplePage({}, '# Install Matrix\n') },
      },
    ],
    invalid: [
      {
        name: 'A missing owner and a date that does not exist',
        files: {
          'docs/operations/install-matrix.md': examplePage(
            { owner: undefined, last_reviewed: '2026-11-31' },
            '# Install Matrix\n',
          ),
        },
        findings: [
          { file: 'docs/operations/install-matrix.md', line: 2, column: 1, messageId: 'schema' },
          { file: 'docs/operations/install-matrix.md', line: 6, column: 16, messageId: 'schema' },
        ],
      },
      {
        name: 'Front matter that is never closed',
        files: { 'docs/index.md': '---\ntitle: Atlas Operations\naudience: operators\n\n# Atlas Operations\n' },
        findings: [{ file: 'docs/index.md', line: 1, column: 1, messageId: 'unterminated' }],
      },
      {
        name: 'YAML that does not parse: a title with an unquoted colon',
        files: { 'docs/index.md': examplePage({ title: 'Atlas: Operations' }, '# Atlas: Operations\n') },
        findings: [{ file: 'docs/index.md', line: 2, column: 8, messageId: 'yaml' }],
      },
      {
        name: 'No front matter at all',
        files: { 'docs/index.md': '# Atlas Operations\n' },
        findings: [{ file: 'docs/index.md', line: 1, column: 1, messageId: 'missing' }],
      },
    ],
  },
  async check(context) {
    const { config } = context;
    const site = context.facts.docs;
    let schemaReported = false;
    for (const file of site.pageFiles) {
      if (!context.inScope(file)) continue;
      const result = await site.load(file);
      if (!result.ok) {
        const { problem } = result;
        if (problem.kind === 'too-large') {
          context.report({ file, messageId: 'tooLarge', data: { size: problem.size, limit: problem.limit } });
        } else if (problem.kind === 'too-nested') {
          context.report({ file, messageId: 'tooNested', data: { reason: problem.reason } });
        } else if (problem.kind === 'binary') {
          context.report({
            file,
            messageId: 'unreadable',
            data: { reason: 'it holds NUL bytes, so it is a binary file, not text' },
          });
        } else {
          const at =
            problem.line !== undefined
              ? { position: { start: { line: problem.line, column: problem.column ?? 1 } } }
              : {};
          context.report({ file, ...at, messageId: 'unreadable', data: { reason: lowerFirst(problem.message) } });
        }
        continue;
      }
      const page = result.page;
      const schema = () => site.frontMatterSchema;
      const recall = pageFindingsKind(page, schema);
      const state = page.frontMatter;
      // What a page's front matter gives is a function of its text (and line) and the schema: recalled while
      // both are unchanged, whatever else of the page changed; a page without one, by the page's content.
      const found = !recall
        ? frontMatterFindings(page, schema)
        : state.kind === 'present'
          ? context.workspace.derivedFromText(
              recall,
              `${state.frontMatter.firstLine}\0${state.frontMatter.source}`,
              () => frontMatterFindings(page, schema),
            )
          : context.workspace.derivedNow(recall, file, () => frontMatterFindings(page, schema));
      if (!Array.isArray(found)) {
        if (!schemaReported) reportSchema(context, found.reason, found.path, page);
        schemaReported = true;
        continue;
      }
      for (const finding of found) context.report({ file, ...finding });
    }

    function reportSchema(ctx: typeof context, reason: 'missing' | 'broken', schema: string, page: DocsPage): void {
      if (reason === 'broken') {
        ctx.report({ file: schema, messageId: 'schemaBroken', data: { schema } });
      } else if (config.configFile && config.explicit.has('docs.frontmatterSchema')) {
        ctx.report({
          file: config.configFile,
          pointer: '/docs/frontmatterSchema',
          messageId: 'schemaMissing',
          data: { schema },
        });
      } else {
        ctx.report({
          file: page.file,
          position: { start: { line: 1, column: 1 } },
          messageId: 'schemaMissing',
          data: { schema },
        });
      }
    }
  },
});

/** A finding of one page's front matter, without its file. */
type PageFinding = {
  position: NonNullable<Place['position']>;
  messageId: 'missing' | 'unterminated' | 'yaml' | 'notMapping' | 'schema';
  data?: Record<string, string>;
};

/**
 * The memo kind of a page's front-matter findings under the run's schema, when the schema is
 * usable (what it depends on is then its digest); `undefined` while no page needs the schema.
 */
function pageFindingsKind(page: DocsPage, schema: () => FrontMatterSchema): string | undefined {
  const state = page.frontMatter;
  if (state.kind !== 'present') return 'docs-frontmatter-findings-1';
  const loaded = schema();
  return loaded.ok ? `docs-frontmatter-findings-2:${loaded.digest}` : undefined;
}

/** What is wrong with a page's front matter, or the schema when the page is to be validated but the schema cannot be used. */
function frontMatterFindings(
  page: DocsPage,
  schema: () => FrontMatterSchema,
): PageFinding[] | (FrontMatterSchema & { ok: false }) {
  const state = page.frontMatter;
  if (state.kind === 'missing') return [{ position: { start: { line: 1, column: 1 } }, messageId: 'missing' }];
  if (state.kind === 'unterminated') return [{ position: state.range, messageId: 'unterminated' }];
  const frontMatter = state.frontMatter;
  if (!frontMatter.yaml.ok) {
    // The first error is the one to fix; the rest are usually its echoes.
    const problem = frontMatter.yaml.problems[0]!;
    return [
      {
        position: frontMatter.rangeOf(problem.span),
        messageId: 'yaml',
        data: { message: lowerFirst(problem.message) },
      },
    ];
  }
  const value = frontMatter.value;
  if (value !== null && (typeof value !== 'object' || Array.isArray(value)))
    return [
      { position: frontMatter.rangeOfPointer(''), messageId: 'notMapping', data: { found: describeValue(value) } },
    ];
  const loaded = schema();
  if (!loaded.ok) return loaded;
  // An empty block is validated as `{}` so that each missing field is named.
  return loaded.validate(value ?? {}).map((error) => ({
    position: frontMatter.rangeOfPointer(error.pointer),
    messageId: 'schema',
    data: { message: error.message, schema: loaded.path },
  }));
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  return `the ${typeof value} \`${String(value).slice(0, 40)}\``;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
