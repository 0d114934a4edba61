import { examplePage } from '../../src/docs/example-page.js';
import { defineRule } from '../../src/engine/rule.js';
import { toRepoPath } from '../../src/workspace/repo-path.js';

const page = (title: string) => examplePage({ title }, `# ${title}\n`);

export default defineRule({
  id: 'docs/nav',
  description:
    'Every `nav` entry of `mkdocs.yml` is a page that exists, and every page is in `nav` unless `not_in_nav` covers it',
  severity: 'warning',
  inputs: (config) => [config.docs.mkdocs, ...config.docs.pages],
  messages: {
    missing: '`{{page}}` in `nav` does not exist in `{{docsDir}}`: fix the path or add the page',
    moved: '`{{page}}` in `nav` was moved to `{{moved}}` by `redirect_maps`: list `{{moved}}` instead',
    excluded:
      '`{{page}}` in `nav` is left out of the site by `exclude_docs`: remove it from `nav` or from `exclude_docs`',
    outside: '`{{page}}` in `nav` is outside the docs folder `{{docsDir}}`: list pages relative to it',
    notInNav: 'Page `{{page}}` is not in the `nav` of `{{config}}`: add it, or match it with a `not_in_nav` pattern',
    entry: 'Unexpected `nav` entry, expected `page.md`, `Title: page.md`, `Title: https://...` or `Section: [ ... ]`',
    yaml: '`{{config}}` is not valid YAML: {{message}}',
    unreadable: '`{{config}}` is not UTF-8 text: save it as UTF-8',
    notMapping: '`{{config}}` holds {{found}}, expected a mapping of MkDocs settings',
    inherit: '`INHERIT: {{value}}` {{reason}}: point it at a config file inside the repository',
    docsDir: '`docs_dir: {{value}}` leaves the repository: use a folder inside it',
  },
  rationale: `MkDocs builds its navigation from \`nav\`. An entry whose page was renamed or deleted produces a warning
at build time (an error with \`--strict\`) and a dead menu item, and a page missing from \`nav\` is built but
hard to find. Every \`nav\` entry must be a page under \`docs_dir\`; every page must be in \`nav\` unless a
\`not_in_nav\` pattern (drafts, for instance) or \`exclude_docs\` covers it. Patterns are gitignore-style and
relative to \`docs_dir\`, as MkDocs reads them. \`INHERIT\` is followed inside the repository and merged as
MkDocs merges it; custom tags such as \`!ENV\` and \`!!python/name:\` are read without failing. The rule warns,
as MkDocs does, rather than failing the run.`,
  examples: {
    valid: [
      {
        name: 'Every page in nav, a draft excluded by pattern, an inherited base config with custom tags',
        files: {
          'mkdocs.base.yml':
            "site_url: !ENV [SITE_URL, 'https://atlas.example.org/']\nnot_in_nav: |\n  drafts/*.md\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
          'mkdocs.yml':
            'INHERIT: mkdocs.base.yml\nsite_name: Atlas\nnav:\n  - Home: index.md\n  - Operations:\n      - Install matrix: operations/install-matrix.md\n',
          'docs/index.md': page('Atlas Operations'),
          'docs/operations/install-matrix.md': page('Install Matrix'),
          'docs/drafts/helm-values-layering.md': page('Helm Values Layering'),
        },
      },
    ],
    invalid: [
      {
        name: 'A nav entry whose page was renamed, and the renamed page left out of nav',
        files: {
          'mkdocs.yml':
            'site_name: Atlas\nnav:\n  - Home: index.md\n  - Operations:\n      - Rollout safety: operations/rollout.md\n',
          'docs/index.md': page('Atlas Operations'),
          'docs/operations/rollout-safety.md': page('Rollout Safety'),
        },
        findings: [
          { file: 'docs/operations/rollout-safety.md', line: 1, column: 1, messageId: 'notInNav' },
          { file: 'mkdocs.yml', line: 5, column: 25, messageId: 'missing' },
        ],
      },
    ],
  },
  check(context) {
    const { workspace } = context;
    const site = context.facts.docs;
    const mkdocs = site.mkdocs;
    if (!mkdocs) return;
    const config = mkdocs.file;
    for (const problem of mkdocs.problems) {
      switch (problem.kind) {
        case 'yaml':
          context.report({
            file: problem.file,
            span: problem.span,
            messageId: 'yaml',
            data: { config: problem.file, message: problem.message.charAt(0).toLowerCase() + problem.message.slice(1) },
          });
          break;
        case 'unreadable':
          context.report({ file: problem.file, messageId: 'unreadable', data: { config: problem.file } });
          break;
        case 'not-mapping':
          context.report({
            file: problem.file,
            pointer: '',
            messageId: 'notMapping',
            data: { config: problem.file, found: problem.found },
          });
          break;
        case 'inherit':
          context.report({
            file: problem.file,
            pointer: '/INHERIT',
            messageId: 'inherit',
            data: { value: problem.value, reason: problem.reason },
          });
          break;
        case 'docs-dir':
          context.report({
            file: problem.file,
            pointer: '/docs_dir',
            messageId: 'docsDir',
            data: { value: problem.value },
          });
          break;
      }
    }
    for (const entry of mkdocs.navShapeProblems)
      context.report({ file: entry.file, pointer: entry.pointer, messageId: 'entry' });
    if (!mkdocs.nav) return;

    const docsDir = mkdocs.docsDir === '' ? './' : `${mkdocs.docsDir}/`;
    const inNav = new Set<string>();
    for (const entry of mkdocs.nav) {
      const place = { file: entry.file, pointer: entry.pointer };
      const written = entry.page.split(/[?#]/)[0]!;
      const resolved = toRepoPath(written);
      if (!resolved.ok) {
        context.report({ ...place, messageId: 'outside', data: { page: entry.page, docsDir } });
        continue;
      }
      const docsPath = resolved.path;
      const file = mkdocs.repoPath(docsPath);
      inNav.add(docsPath);
      if (docsPath.endsWith('/') ? workspace.hasDirectory(file) : workspace.hasFile(file)) {
        if (mkdocs.isExcluded(docsPath))
          context.report({ ...place, messageId: 'excluded', data: { page: entry.page } });
        continue;
      }
      const moved = mkdocs.redirects.get(docsPath);
      if (moved !== undefined) context.report({ ...place, messageId: 'moved', data: { page: entry.page, moved } });
      else context.report({ ...place, messageId: 'missing', data: { page: entry.page, docsDir } });
    }

    for (const file of site.pageFiles) {
      const docsPath = mkdocs.docsPath(file);
      if (docsPath === undefined || !context.inScope(file)) continue;
      if (inNav.has(docsPath) || mkdocs.isExcluded(docsPath) || mkdocs.isNotInNav(docsPath)) continue;
      context.report({
        file,
        position: { start: { line: 1, column: 1 } },
        messageId: 'notInNav',
        data: { page: docsPath, config },
      });
    }
  },
});
