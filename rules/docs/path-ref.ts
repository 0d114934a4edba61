import { examplePage } from '../../src/docs/example-page.js';
import { checkPathReference, hasPathPrefix, readPathReference } from '../../src/docs/path-reference.js';
import { defineRule } from '../../src/engine/rule.js';

export default defineRule({
  id: 'docs/path-ref',
  description: 'Backticked repo paths in docs prose name files and folders that exist',
  severity: 'info',
  inputs: (config) => config.docs.pages,
  findingsPerFile: true,
  sharedInputs: (config) => [config.docs.mkdocs],
  messages: {
    missing: '`{{path}}` does not exist in the repository: fix the path, or drop the backticks if it is not one',
    noFolder:
      'Folder `{{path}}` does not exist in the repository: fix the path, or drop the backticks if it is not one',
    noMatch: '`{{path}}` matches no file of the repository: fix the pattern, or drop the backticks if it is not a path',
  },
  rationale: `Prose names files in backticks all the time ("the profiles live in \`ops/k8s/values/\`"). When a
file moves, those mentions rot quietly. A backticked span is taken for a repo path only when it has no
spaces and starts with one of \`docs.pathPrefixes\` (the repository's top-level folders: \`ops/\`, \`docs/\`,
\`configs/\`, ...), so dotted keys such as \`image.digest\`, toggles such as \`store.backend=postgres\` and
commands are left alone. \`<name>\` placeholders match any one segment, a \`:12\` line suffix or \`#fragment\`
is ignored, and paths under \`docs.buildOutputs\` (\`artifacts/\`) are build outputs that need not exist.
Spans in the "Source of Truth" section are \`docs/source-of-truth\`'s, which makes them errors. Spans inside
regions that \`surveyor generate\` writes are left to the rules of the contracts they come from.`,
  examples: {
    valid: [
      {
        name: 'Existing paths, a placeholder, a build output, and spans that are not paths',
        files: {
          'ops/k8s/install-matrix.json': '{ "schema_version": 1 }\n',
          'ops/k8s/values/prod-ha.yaml': 'replicaCount: 3\n',
          'docs/operations/install-matrix.md': examplePage(
            {},
            '# Install Matrix\n\n`ops/k8s/install-matrix.json` lists the profiles; each has a file\n`ops/k8s/values/<profile>.yaml`. The perf run writes `artifacts/reports/perf.json`.\nPin `image.digest` and set `store.backend=postgres`.\n',
          ),
        },
      },
    ],
    invalid: [
      {
        name: 'A contract mentioned under its old name',
        files: {
          'ops/k8s/install-matrix.json': '{ "schema_version": 1 }\n',
          'docs/operations/install-matrix.md': examplePage(
            {},
            '# Install Matrix\n\nThe profiles are listed in `ops/k8s/matrix.json`.\n',
          ),
        },
        findings: [{ file: 'docs/operations/install-matrix.md', line: 12, column: 28, messageId: 'missing' }],
      },
    ],
  },
  async check(context) {
    const { workspace, config } = context;
    for (const page of await context.facts.docs.pages(context.inScope)) {
      const sourceOfTruth = new Set(page.codeSpansUnder(config.docs.sourceOfTruthHeading));
      for (const span of page.codeSpans) {
        if (sourceOfTruth.has(span) || !hasPathPrefix(span.value, config.docs.pathPrefixes)) continue;
        // Generated regions restate the contracts; a path they name is the contract rules' to check.
        if (page.inGeneratedRegion(span.range.start.line)) continue;
        const reference = readPathReference(span.value);
        if (!reference) continue;
        const outcome = checkPathReference(workspace, reference, config.docs.buildOutputs);
        const place = { file: page.file, position: span.range };
        const path = span.value.trim();
        if (outcome === 'missing' || outcome === 'outside')
          context.report({ ...place, messageId: 'missing', data: { path } });
        else if (outcome === 'no-folder') context.report({ ...place, messageId: 'noFolder', data: { path } });
        else if (outcome === 'no-match') context.report({ ...place, messageId: 'noMatch', data: { path } });
      }
    }
  },
});
