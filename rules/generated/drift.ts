import { defineRule } from '../../src/engine/rule.js';
import { MODEL_PARTS } from '../../src/generate/generator.js';
import { plannedPages, plannedPagesOf } from '../../src/generate/planned-pages.js';
import { modelPartGlobs } from '../../src/generate/region-memo.js';

const matrix = (suite: string) => `{
  "schema_version": 1,
  "profiles": [{ "name": "kind", "values_file": "ops/k8s/values/kind.yaml", "suite": "${suite}" }],
  "scenarios": []
}
`;
const page = (body: string) =>
  `# Install matrix\n\n<!-- surveyor:begin install-matrix -->${body}<!-- surveyor:end install-matrix -->\n`;
const current =
  '\n\n```mermaid\nflowchart LR\n  subgraph suite_nightly["nightly"]\n    profile_kind["kind"]\n  end\n```\n\n| Profile | Values file | Suite | Rollout mode | Warmup | Readiness path |\n| --- | --- | --- | --- | --- | --- |\n| `kind` | `ops/k8s/values/kind.yaml` | nightly | no contract | — | none |\n\n';

export default defineRule({
  id: 'generated/drift',
  description: 'Every generated docs region holds what `surveyor generate` would write from the contracts',
  severity: 'error',
  inputs: ['**/*.md'],
  // Each page's findings depend on the page and the contracts the generators read: every part of the
  // model (what its regions show) and the values files, which the matrix names wherever they are.
  findingsPerFile: true,
  sharedInputs: (config) => [
    ...new Set(MODEL_PARTS.flatMap((part) => modelPartGlobs(config.atlas, config.observe, part)).filter(Boolean)),
    '**/*.yaml',
    '**/*.yml',
  ],
  volatile: ['line'],
  gate: 'docs',
  messages: {
    drift:
      'Generated region `{{name}}` is out of date with the contracts (first difference at line {{line}}): run `surveyor generate`',
    region: '{{message}}',
    marker: '{{message}}',
  },
  rationale: `Diagrams and tables that restate the contracts drift the moment a contract changes and nobody
redraws them. \`surveyor generate\` derives them from the Atlas model and writes them between markers:

\`\`\`markdown
<!-- surveyor:begin upgrade-flow profile=prod-ha -->
(generated content: never edit by hand)
<!-- surveyor:end upgrade-flow -->
\`\`\`

or, for a page that is generated from a marker to its end, \`<!-- surveyor:page NAME -->\`. This rule
reports, at the begin marker, every region whose content differs from what \`surveyor generate\` would
write now, and, as errors of their own, unknown generator names, attributes a generator does not take
(or values it does not accept, such as a profile that is not in the install matrix), and markers
that are unbalanced, nested or misnamed. Markers inside fenced code blocks are examples and are ignored.
\`surveyor generate --check\` prints the same drift as a unified diff; \`surveyor generate\` heals it.`,
  examples: {
    valid: [
      {
        name: 'A region that matches the install matrix',
        files: { 'ops/k8s/install-matrix.json': matrix('nightly'), 'docs/matrix.md': page(current) },
      },
      {
        name: 'A marker shown inside a code block is not a marker',
        files: {
          'ops/k8s/install-matrix.json': matrix('nightly'),
          'docs/how.md': '# How\n\n```markdown\n<!-- surveyor:begin upgrade-flow -->\n```\n',
        },
      },
    ],
    invalid: [
      {
        name: 'The profile moved to another suite after the region was generated',
        files: { 'ops/k8s/install-matrix.json': matrix('k8s-suite'), 'docs/matrix.md': page(current) },
        findings: [{ file: 'docs/matrix.md', line: 3, column: 1, messageId: 'drift' }],
      },
      {
        name: 'An unknown generator, and a begin marker that is never closed',
        files: {
          'ops/k8s/install-matrix.json': matrix('nightly'),
          'docs/flows.md':
            '# Flows\n\n<!-- surveyor:begin upgrade-flows -->\n<!-- surveyor:end upgrade-flows -->\n\n<!-- surveyor:begin rollback-flow -->\n',
        },
        findings: [
          { file: 'docs/flows.md', line: 3, column: 1, messageId: 'region' },
          { file: 'docs/flows.md', line: 6, column: 1, messageId: 'marker' },
        ],
      },
      {
        name: 'A profile attribute naming no install-matrix profile',
        files: {
          'ops/k8s/install-matrix.json': matrix('nightly'),
          'docs/flows.md':
            '# Flows\n\n<!-- surveyor:begin upgrade-flow profile=knd -->\n<!-- surveyor:end upgrade-flow -->\n',
        },
        findings: [{ file: 'docs/flows.md', line: 3, column: 1, messageId: 'region' }],
      },
    ],
  },
  async check(context) {
    // A run for a few pages (the cache's, after an edit) plans those; a whole run shares the plan with the gate.
    const plans = context.scoped
      ? await plannedPagesOf(context.facts, context.inScope)
      : await plannedPages(context.facts);
    let regionCount = 0;
    for (const plan of plans) {
      const drifted = plan.regions
        .filter((region) => region.expected !== undefined && region.expected !== region.current)
        .map((region) => `\`${region.region.name}\``);
      regionCount += plan.regions.length;
      const count = `${plan.regions.length} generated ${plan.regions.length === 1 ? 'region' : 'regions'}`;
      context.cite(plan.file, drifted.length ? `${count}, out of date: ${drifted.join(', ')}` : `${count}, current`);
      for (const problem of plan.markerProblems)
        context.report({
          file: plan.file,
          span: problem.span,
          messageId: 'marker',
          data: { message: problem.message },
        });
      for (const region of plan.regions) {
        const span = region.region.begin;
        for (const message of region.problems)
          context.report({ file: plan.file, span, messageId: 'region', data: { message } });
        if (region.expected === undefined || region.expected === region.current) continue;
        const before = plan.text.slice(0, region.region.content.start);
        const currentLines = region.current.split('\n');
        const expectedLines = region.expected.split('\n');
        let first = 0;
        while (first < currentLines.length && currentLines[first] === expectedLines[first]) first++;
        const line = before.split('\n').length + first;
        context.report({ file: plan.file, span, messageId: 'drift', data: { name: region.region.name, line } });
      }
    }
    const pages = plans.length;
    context.attest(
      `${regionCount} generated ${regionCount === 1 ? 'region' : 'regions'} in ${pages} ${pages === 1 ? 'page' : 'pages'} ${regionCount === 1 ? 'is' : 'are'} current`,
    );
  },
});
