import { examplePage } from '../../src/docs/example-page.js';
import { checkPathReference, readPathReference } from '../../src/docs/path-reference.js';
import { defineRule } from '../../src/engine/rule.js';

const contracts = {
  'ops/k8s/install-matrix.json': '{ "schema_version": 1 }\n',
  'ops/k8s/values/prod-ha.yaml': 'replicaCount: 3\n',
  'ops/e2e/scenarios/upgrade/upgrade-patch.json': '{ "schema_version": 1 }\n',
};

export default defineRule({
  id: 'docs/source-of-truth',
  description: 'Every backticked path in a page\'s "Source of Truth" section exists: files, folders and globs',
  severity: 'error',
  inputs: (config) => config.docs.pages,
  findingsPerFile: true,
  sharedInputs: (config) => [config.docs.mkdocs],
  messages: {
    missing: '`{{path}}` is listed as a source of truth but does not exist: fix the path or drop it from the list',
    noFolder:
      'Folder `{{path}}` is listed as a source of truth but does not exist: fix the path or drop it from the list',
    noMatch: '`{{path}}` is listed as a source of truth but matches no file: fix the glob or drop it from the list',
    outside:
      '`{{path}}` is listed as a source of truth but is not a repo-relative path ({{reason}}): write it relative to the repository root',
  },
  rationale: `A page's "Source of Truth" section lists the files it is based on: the contracts a reader should
open when the page and the repository disagree. A listed file that was renamed or deleted sends readers
nowhere, and is the first sign that the page itself is out of date. Every backticked span in the section
(the heading is \`docs.sourceOfTruthHeading\`, compared without regard to case) is a repo-relative path: a
file, a folder written with a trailing \`/\`, or a glob that must match at least one file; \`<name>\`
placeholders match any one segment. Paths under \`docs.buildOutputs\` (\`artifacts/\`) are build outputs and
need not exist.`,
  examples: {
    valid: [
      {
        name: 'A file, a folder and a glob that all exist',
        files: {
          ...contracts,
          'docs/operations/upgrades.md': examplePage(
            { title: 'Upgrades' },
            '# Upgrades\n\n## Source of Truth\n\n- `ops/k8s/install-matrix.json`\n- `ops/k8s/values/`\n- `ops/e2e/scenarios/upgrade/*.json`\n',
          ),
        },
      },
    ],
    invalid: [
      {
        name: 'A renamed contract and a glob that matches nothing',
        files: {
          ...contracts,
          'docs/operations/upgrades.md': examplePage(
            { title: 'Upgrades' },
            '# Upgrades\n\n## Source of Truth\n\n- `ops/k8s/install-matrix.yaml`\n- `ops/e2e/scenarios/rollback/*.json`\n',
          ),
        },
        findings: [
          { file: 'docs/operations/upgrades.md', line: 14, column: 3, messageId: 'missing' },
          { file: 'docs/operations/upgrades.md', line: 15, column: 3, messageId: 'noMatch' },
        ],
      },
    ],
  },
  async check(context) {
    const { workspace, config } = context;
    for (const page of await context.facts.docs.pages(context.inScope)) {
      for (const span of page.codeSpansUnder(config.docs.sourceOfTruthHeading)) {
        const reference = readPathReference(span.value);
        if (!reference) continue;
        const outcome = checkPathReference(workspace, reference, config.docs.buildOutputs);
        const place = { file: page.file, position: span.range };
        const path = span.value.trim();
        if (outcome === 'missing') context.report({ ...place, messageId: 'missing', data: { path } });
        else if (outcome === 'no-folder') context.report({ ...place, messageId: 'noFolder', data: { path } });
        else if (outcome === 'no-match') context.report({ ...place, messageId: 'noMatch', data: { path } });
        else if (outcome === 'outside' && reference.kind === 'outside') {
          const reason =
            reference.reason === 'absolute'
              ? 'it is absolute'
              : reference.reason === 'parent'
                ? 'it climbs out with `..`'
                : 'it is empty';
          context.report({ ...place, messageId: 'outside', data: { path, reason } });
        }
      }
    }
  },
});
