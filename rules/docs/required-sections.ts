import { normaliseTitle } from '../../src/docs/docs-page.js';
import { examplePage } from '../../src/docs/example-page.js';
import { defineRule } from '../../src/engine/rule.js';

const runbookConfig = `${JSON.stringify({ docs: { requiredSections: { runbook: ['Purpose', 'Source of Truth'] } } }, null, 2)}\n`;

export default defineRule({
  id: 'docs/required-sections',
  description: 'Pages of each configured `type` have the H2 sections `docs.requiredSections` lists for it',
  severity: 'error',
  inputs: (config) => (Object.keys(config.docs.requiredSections).length ? config.docs.pages : []),
  findingsPerFile: true,
  sharedInputs: (config) => [config.docs.mkdocs],
  messages: {
    missing: 'Page of type `{{type}}` has no `## {{section}}` section: add it, `docs.requiredSections` requires it',
  },
  rationale: `Pages of one kind are easier to trust when they answer the same questions in the same place: every
runbook says what it is for and which files it is based on, for example. \`docs.requiredSections\` maps a
front-matter \`type\` to the H2 headings its pages must have; headings are compared without regard to case
or spacing. Nothing is required unless configured. The finding points at the page's \`type\`.`,
  examples: {
    valid: [
      {
        name: 'A runbook with both required sections',
        files: {
          'surveyor.config.json': runbookConfig,
          'docs/operations/upgrades.md': examplePage(
            { title: 'Upgrades', type: 'runbook' },
            '# Upgrades\n\n## Purpose\n\nHow Atlas is upgraded.\n\n## Source of truth\n\n- `ops/k8s/install-matrix.json`\n',
          ),
          'ops/k8s/install-matrix.json': '{ "schema_version": 1 }\n',
        },
      },
    ],
    invalid: [
      {
        name: 'A runbook without its Source of Truth section',
        files: {
          'surveyor.config.json': runbookConfig,
          'docs/operations/upgrades.md': examplePage(
            { title: 'Upgrades', type: 'runbook' },
            '# Upgrades\n\n## Purpose\n\nHow Atlas is upgraded.\n',
          ),
        },
        findings: [{ file: 'docs/operations/upgrades.md', line: 4, column: 7, messageId: 'missing' }],
      },
    ],
  },
  async check(context) {
    const required = context.config.docs.requiredSections;
    if (Object.keys(required).length === 0) return;
    for (const page of await context.facts.docs.pages(context.inScope)) {
      if (page.frontMatter.kind !== 'present') continue;
      const frontMatter = page.frontMatter.frontMatter;
      const type = frontMatter.fields?.type;
      if (typeof type !== 'string' || !Object.hasOwn(required, type)) continue;
      const present = new Set(page.headings.filter((h) => h.depth === 2).map((h) => normaliseTitle(h.text)));
      for (const section of required[type]!) {
        if (present.has(normaliseTitle(section))) continue;
        context.report({
          file: page.file,
          position: frontMatter.rangeOfPointer('/type'),
          messageId: 'missing',
          data: { type, section },
        });
      }
    }
  },
});
