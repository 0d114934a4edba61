import { allRules } from '../../rules/index.js';
import type { UserConfig } from '../../src/config/config-schema.js';
import { examplePage } from '../../src/docs/example-page.js';
import { MAX_MARKUP_RUN } from '../../src/docs/markdown-nesting.js';
import type { MemoryFile } from '../../src/workspace/file-source.js';
import { exampleTree } from '../support/atlas-tree.js';
import { appendMembers, rawMember } from '../support/raw-tar.js';

/** A tree that makes one rule report one message id that none of the rule's examples shows. */
export interface MessageCase {
  rule: string;
  messageId: string;
  name: string;
  files: Record<string, MemoryFile>;
  config?: UserConfig;
  /** The release under evaluation, as `--release` gives it (default: the chart's version). */
  release?: string;
  /** Files of `files` that are listed but cannot be read, as files without read permission on disk. */
  unreadable?: readonly string[];
}

const MATRIX = 'ops/k8s/install-matrix.json';
const scenario = (from: string, to: string, kind: string) => `{
  "schema_version": 1,
  "id": "upgrade-next",
  "from_version": "${from}",
  "to_version": "${to}",
  "kind": "${kind}",
  "steps": ["versioned-install", "upgrade", "verify-readiness"]
}
`;

/** A rule's first valid example with one text of one file replaced; the text must be there. */
function exampleEdit(ruleId: string, file: string, from: string, to: string): Record<string, MemoryFile> {
  const example = allRules.find((rule) => rule.id === ruleId)?.examples.valid[0];
  if (!example) throw new Error(`\`${ruleId}\` has no valid example`);
  const files = { ...example.files };
  const text = files[file];
  if (typeof text !== 'string' || !text.includes(from)) throw new Error(`\`${from}\` is not in \`${file}\``);
  files[file] = text.replace(from, to);
  return files;
}

const conformEdit = (file: string, from: string, to: string) => exampleEdit('rollout/values-conform', file, from, to);

const PROD = 'ops/k8s/values/prod.yaml';
const CONTRACT = 'ops/k8s/rollout-safety-contract.json';

const CHART = 'ops/k8s/charts/atlas/Chart.yaml';
const IDENTITY = 'ops/release/evidence/identity.json';
const MKDOCS_PAGES = {
  'docs/index.md': examplePage({ title: 'Atlas Operations' }, '# Atlas Operations\n'),
  'docs/operations/install-matrix.md': examplePage({}, '# Install Matrix\n'),
};
const mkdocs = (rest: string) => ({ 'mkdocs.yml': `site_name: Atlas\n${rest}`, ...MKDOCS_PAGES });
const docsPage = (body: string) => ({ 'docs/index.md': examplePage({}, `# Install Matrix\n\n${body}`) });

/** Cases for ids that were shown by no example and no case before issue 15. */
const moreCases: MessageCase[] = [
  {
    rule: 'identity/release',
    messageId: 'noReleaseId',
    name: 'Evidence whose identity names no release',
    files: exampleEdit('identity/release', IDENTITY, '  "release_id": "atlas-1.4.0",\n', ''),
  },
  {
    rule: 'identity/release',
    messageId: 'chartVersion',
    name: 'A chart still at the previous version, gated as the next release',
    files: {
      ...exampleEdit('identity/release', IDENTITY, 'atlas-1.4.0', 'atlas-1.5.0'),
      [CHART]: 'apiVersion: v2\nname: atlas\nversion: 1.4.0\n',
    },
    release: '1.5.0',
  },
  {
    rule: 'matrix/release-coverage',
    messageId: 'noProfiles',
    name: 'An install matrix with no profile in the release suites',
    files: exampleEdit('matrix/release-coverage', MATRIX, '"suite": "install-gate" }\n', '"suite": "nightly" }\n'),
  },
  {
    rule: 'rollout/profile-in-matrix',
    messageId: 'suite',
    name: 'A contract entry whose suite differs from the matrix',
    files: exampleEdit('rollout/profile-in-matrix', CONTRACT, '"suite": "nightly"', '"suite": "install-gate"'),
  },
  {
    rule: 'scenario/transition-supported',
    messageId: 'unlisted',
    name: 'A scenario of a transition the table does not list',
    files: exampleEdit(
      'scenario/transition-supported',
      'ops/e2e/scenarios/upgrade/upgrade-minor.json',
      '"from_version": "1.2.4"',
      '"from_version": "1.3.0"',
    ),
  },
  {
    rule: 'schema/valid',
    messageId: 'tooDeep',
    name: 'A value nested deeper than the validator of a recursive schema can follow',
    files: {
      'surveyor.config.json':
        '{ "schemas": { "map": [{ "instances": "ops/tree.json", "schema": "ops/tree.schema.json" }] } }\n',
      'ops/tree.schema.json':
        '{ "$schema": "https://json-schema.org/draft/2020-12/schema", "type": "array", "items": { "$ref": "#" } }\n',
      'ops/tree.json': `${'['.repeat(50_000)}${']'.repeat(50_000)}\n`,
    },
  },
  {
    rule: 'registry/path-exists',
    messageId: 'shape',
    name: 'A registry item that is a string, not an object',
    files: exampleEdit(
      'registry/path-exists',
      'ops/inventory/contracts-map.json',
      '"items": [',
      '"items": [\n    "ops/k8s/install-matrix.json",',
    ),
  },
  {
    rule: 'atlas/contract-file',
    messageId: 'empty',
    name: 'A blank chart file',
    files: { ...exampleTree(), [CHART]: '\n' },
  },
  {
    rule: 'atlas/contract-file',
    messageId: 'tarballMember',
    name: 'An evidence tarball with a member named `../x`',
    files: (() => {
      const tree = exampleTree();
      const tarball = 'ops/release/evidence/bundle.tar';
      return { ...tree, [tarball]: appendMembers(tree[tarball] as Uint8Array, rawMember('../x', 'x')) };
    })(),
  },
  {
    rule: 'json/syntax',
    messageId: 'unreadable',
    name: 'A JSON file without read permission',
    files: { [MATRIX]: '{ "schema_version": 1, "profiles": [] }\n' },
    unreadable: [MATRIX],
  },
  {
    rule: 'atlas/contract-file',
    messageId: 'unreadable',
    name: 'A chart file without read permission',
    files: exampleTree(),
    unreadable: [CHART],
  },
  {
    rule: 'docs/frontmatter',
    messageId: 'unreadable',
    name: 'A page that holds a NUL byte',
    files: docsPage('A\u0000B\n'),
  },
  {
    rule: 'docs/frontmatter',
    messageId: 'tooNested',
    name: 'A page of quotes nested deeper than the parser can follow',
    files: docsPage(`${'>'.repeat(MAX_MARKUP_RUN + 1)} deep\n`),
  },
  {
    rule: 'docs/frontmatter',
    messageId: 'tooLarge',
    name: 'A page over `docs.maxPageBytes`',
    files: docsPage('Some text.\n'),
    config: { docs: { maxPageBytes: 64 } },
  },
  {
    rule: 'docs/source-of-truth',
    messageId: 'outside',
    name: 'A source of truth that climbs out of the repository',
    files: exampleEdit(
      'docs/source-of-truth',
      'docs/operations/upgrades.md',
      '- `ops/k8s/values/`',
      '- `../ops/k8s/values/`',
    ),
  },
  {
    rule: 'docs/path-ref',
    messageId: 'noMatch',
    name: 'A glob that matches no file',
    files: exampleEdit(
      'docs/path-ref',
      'docs/operations/install-matrix.md',
      'lists the profiles',
      'lists the profiles of `ops/k8s/values/*.yml`',
    ),
  },
  {
    rule: 'docs/link',
    messageId: 'anchor',
    name: 'An anchor like no heading of the page',
    files: docsPage('See [the end](#zzzzzzzzzzzz).\n'),
  },
  {
    rule: 'docs/link',
    messageId: 'machineUnknown',
    name: 'A path on one laptop to a file the repository does not have',
    files: docsPage('See [the notes](/Users/ana/notes/todo.md).\n'),
  },
  {
    rule: 'docs/link',
    messageId: 'outside',
    name: 'A link that climbs out of the repository',
    files: docsPage('See [the notes](../../notes.md).\n'),
  },
  {
    rule: 'docs/nav',
    messageId: 'moved',
    name: 'A nav entry that `redirect_maps` moved',
    files: mkdocs(
      'plugins:\n  - redirects:\n      redirect_maps:\n        operations/matrix.md: operations/install-matrix.md\nnav:\n  - index.md\n  - operations/matrix.md\n  - operations/install-matrix.md\n',
    ),
  },
  {
    rule: 'docs/nav',
    messageId: 'excluded',
    name: 'A nav entry that `exclude_docs` leaves out',
    files: mkdocs('exclude_docs: |\n  operations/*.md\nnav:\n  - index.md\n  - operations/install-matrix.md\n'),
  },
  {
    rule: 'docs/nav',
    messageId: 'outside',
    name: 'A nav entry outside the docs folder',
    files: mkdocs('nav:\n  - index.md\n  - operations/install-matrix.md\n  - ../README.md\n'),
  },
  {
    rule: 'docs/nav',
    messageId: 'entry',
    name: 'A nav entry that is a number',
    files: mkdocs('nav:\n  - index.md\n  - operations/install-matrix.md\n  - 12\n'),
  },
  {
    rule: 'docs/nav',
    messageId: 'yaml',
    name: '`mkdocs.yml` that is not YAML',
    files: mkdocs('nav: [index.md\n'),
  },
  {
    rule: 'docs/nav',
    messageId: 'unreadable',
    name: '`mkdocs.yml` saved as Latin-1',
    files: { ...MKDOCS_PAGES, 'mkdocs.yml': Uint8Array.from(Buffer.from('site_name: Caf\u00e9\n', 'latin1')) },
  },
  {
    rule: 'docs/nav',
    messageId: 'inherit',
    name: '`INHERIT` of a file that does not exist',
    files: mkdocs('INHERIT: mkdocs.base.yml\nnav:\n  - index.md\n  - operations/install-matrix.md\n'),
  },
  {
    rule: 'docs/mermaid-syntax',
    messageId: 'limit',
    name: "A flowchart with more edges than mermaid's `maxEdges`",
    files: docsPage(
      `\`\`\`mermaid\nflowchart TD\n${Array.from({ length: 501 }, (_, i) => `    A --> N${i}`).join('\n')}\n\`\`\`\n`,
    ),
  },
  {
    rule: 'docs/mermaid-syntax',
    messageId: 'tooBig',
    name: "A diagram longer than mermaid's `maxTextSize`",
    files: docsPage('```mermaid\nflowchart TD\n    A --> B\n```\n'),
    config: { docs: { mermaidMaxTextSize: 10 } },
  },
  {
    rule: 'docs/mermaid-syntax',
    messageId: 'tooLong',
    name: 'A diagram over `docs.mermaidMaxLines`',
    files: docsPage('```mermaid\nflowchart TD\n    A --> B\n    B --> C\n```\n'),
    config: { docs: { mermaidMaxLines: 2 } },
  },
];

/** Cases that `messages.test.ts` runs; each must report its message id. */
export const messageCases: MessageCase[] = [
  ...moreCases,
  {
    rule: 'scenario/kind-semver',
    messageId: 'noChange',
    name: 'An upgrade from a version to itself',
    files: {
      [MATRIX]: '{ "schema_version": 1, "profiles": [] }\n',
      'ops/e2e/scenarios/upgrade/upgrade-next.json': scenario('1.4.0', '1.4.0', 'patch'),
    },
  },
  {
    rule: 'matrix/scenario-refs',
    messageId: 'noUpgrade',
    name: 'A rollback of a profile that has no upgrade',
    files: {
      [MATRIX]: `{
  "schema_version": 1,
  "profiles": [{ "name": "perf", "values_file": "ops/k8s/values/perf.yaml", "suite": "nightly" }],
  "scenarios": [
    { "name": "perf-rollback", "kind": "rollback", "profile": "perf", "baseline_ref": "workspace-head", "target_ref": "chart-previous" }
  ]
}
`,
    },
  },
  {
    rule: 'readiness/consistent',
    messageId: 'generatedFromOutside',
    name: '`generated_from` that leaves the repository',
    files: {
      [MATRIX]: '{ "schema_version": 1, "profiles": [] }\n',
      'ops/report/generated/readiness-score.json': `{
  "schema_version": 1,
  "score": 100,
  "status": "ready",
  "inputs": { "install_matrix": "pass" },
  "generated_by": "atlas-readiness 2.3.1",
  "generated_from": "../manifest.json"
}
`,
    },
  },
  {
    rule: 'registry/path-exists',
    messageId: 'noRegistry',
    name: 'A configured registry file that does not exist',
    files: {
      'surveyor.config.json':
        '{ "schemas": { "registries": [{ "file": "ops/inventory/contracts-map.json", "items": "/items", "instance": "path", "schema": "schema" }] } }\n',
    },
  },
  {
    rule: 'docs/title-h1',
    messageId: 'missingUntitled',
    name: 'A page with neither a title nor an H1',
    files: { 'docs/index.md': examplePage({ title: undefined }, 'Text without a heading.\n') },
  },
  {
    rule: 'docs/frontmatter',
    messageId: 'notMapping',
    name: 'Front matter that is a list',
    files: { 'docs/index.md': '---\n- title\n- owner\n---\n\n# Atlas\n' },
  },
  {
    rule: 'docs/frontmatter',
    messageId: 'schemaMissing',
    name: 'A configured front-matter schema that does not exist',
    files: { 'docs/index.md': examplePage({}, '# Install Matrix\n') },
    config: { docs: { frontmatterSchema: 'schemas/front-matter.schema.json' } },
  },
  {
    rule: 'docs/nav',
    messageId: 'notMapping',
    name: '`mkdocs.yml` that is a list',
    files: { 'mkdocs.yml': '- site_name\n', 'docs/index.md': examplePage({}, '# Install Matrix\n') },
  },
  {
    rule: 'docs/nav',
    messageId: 'docsDir',
    name: '`docs_dir` outside the repository',
    files: {
      'mkdocs.yml': 'site_name: Atlas\ndocs_dir: ../elsewhere\n',
      'docs/index.md': examplePage({}, '# Install Matrix\n'),
    },
  },
  {
    rule: 'docs/mermaid-syntax',
    messageId: 'unclosed',
    name: 'A Mermaid fence never closed',
    files: { 'docs/index.md': examplePage({}, '# Install Matrix\n\n```mermaid\nflowchart TD\n    A --> B\n') },
  },
  {
    rule: 'rollout/values-conform',
    messageId: 'rolloutForbidden',
    name: 'A deployment-mode profile whose values turn the rollout on',
    files: conformEdit(CONTRACT, '"rollout_mode": "rollout"', '"rollout_mode": "deployment"'),
  },
  {
    rule: 'rollout/values-conform',
    messageId: 'readinessPath',
    name: 'A profile that removes the readiness path its contract requires',
    files: conformEdit(PROD, 'hpa:\n', 'server:\n  readinessProbePath: null\nhpa:\n'),
  },
  {
    rule: 'rollout/values-conform',
    messageId: 'networkDisabled',
    name: 'A profile that must run without network policy but turns it on',
    files: conformEdit(CONTRACT, '"networkPolicyModeRequired": "namespace"', '"networkPolicyModeRequired": "disabled"'),
  },
  {
    rule: 'rollout/values-conform',
    messageId: 'networkEnabled',
    name: 'A profile that needs a network policy mode but turns the policy off',
    files: conformEdit(PROD, 'networkPolicy:\n  enabled: true', 'networkPolicy:\n  enabled: false'),
  },
  {
    rule: 'rollout/values-conform',
    messageId: 'rolloutRequired',
    name: 'A rollout-mode profile whose values turn the rollout off',
    files: conformEdit(PROD, 'rollout:\n  enabled: true', 'rollout:\n  enabled: false'),
  },
  {
    rule: 'rollout/values-conform',
    messageId: 'hpa',
    name: 'A profile that must scale with an HPA but turns it off',
    files: conformEdit(PROD, 'hpa:\n  enabled: true', 'hpa:\n  enabled: false'),
  },
  {
    rule: 'registry/path-exists',
    messageId: 'field',
    name: 'A registry item without its schema path',
    files: exampleEdit(
      'registry/path-exists',
      'ops/inventory/contracts-map.json',
      ', "schema": "ops/schema/k8s/install-matrix.schema.json"',
      '',
    ),
  },
  {
    rule: 'docs/path-ref',
    messageId: 'noFolder',
    name: 'A folder that does not exist',
    files: exampleEdit(
      'docs/path-ref',
      'docs/operations/install-matrix.md',
      'lists the profiles',
      'lists the profiles of `ops/k8s/profiles/`',
    ),
  },
  {
    rule: 'docs/source-of-truth',
    messageId: 'noFolder',
    name: 'A source-of-truth folder that does not exist',
    files: exampleEdit(
      'docs/source-of-truth',
      'docs/operations/upgrades.md',
      '- `ops/k8s/values/`',
      '- `ops/k8s/profiles/`',
    ),
  },
  {
    rule: 'scenario/rollback-steps',
    messageId: 'noRollback',
    name: 'A rollback scenario that never rolls back',
    files: exampleEdit(
      'scenario/rollback-steps',
      'ops/e2e/scenarios/upgrade/rollback-patch.json',
      '    "rollback",\n',
      '',
    ),
  },
  {
    rule: 'evidence/digest-placeholder',
    messageId: 'format',
    name: 'A digest that is not `sha256:<hex>`',
    files: exampleEdit('evidence/digest-placeholder', 'ops/release/evidence/manifest.json', 'sha256:', 'md5:'),
  },
  {
    rule: 'docs/mermaid-syntax',
    messageId: 'empty',
    name: 'An empty Mermaid fence',
    files: { 'docs/index.md': examplePage({}, '# Install Matrix\n\n```mermaid\n```\n') },
  },
  {
    rule: 'docs/frontmatter',
    messageId: 'schemaBroken',
    name: 'A configured front-matter schema that does not compile',
    files: {
      'docs/index.md': examplePage({}, '# Install Matrix\n'),
      'schemas/front-matter.schema.json': '{ "type": "object", "properties": { "title": { "type": 12 } } }\n',
    },
    config: { docs: { frontmatterSchema: 'schemas/front-matter.schema.json' } },
  },
  {
    rule: 'readiness/consistent',
    messageId: 'generatedFrom',
    name: '`generated_from` naming a file that does not exist',
    files: exampleEdit(
      'readiness/consistent',
      'ops/report/generated/readiness-score.json',
      '"generated_from": "ops/release/evidence/manifest.json"',
      '"generated_from": "ops/release/evidence/gone.json"',
    ),
  },
  {
    rule: 'evidence/required-paths',
    messageId: 'outside',
    name: 'A required path that leaves the repository',
    files: exampleEdit(
      'evidence/required-paths',
      'ops/release/evidence/policy.json',
      '"ops/release/evidence/identity.json"',
      '"../identity.json"',
    ),
  },
  {
    rule: 'schema/mapping-unused',
    messageId: 'schema',
    name: 'A config mapping whose instance is itself a schema',
    files: {
      'surveyor.config.json':
        '{ "schemas": { "map": [{ "instances": "a.schema.json", "schema": "b.schema.json" }] } }\n',
      'a.schema.json': '{ "$schema": "https://json-schema.org/draft/2020-12/schema" }\n',
      'b.schema.json': '{ "$schema": "https://json-schema.org/draft/2020-12/schema" }\n',
    },
  },
  {
    rule: 'schema/mapping-unused',
    messageId: 'excluded',
    name: 'A config mapping whose instance `json.exclude` leaves out',
    files: {
      'surveyor.config.json':
        '{ "json": { "exclude": ["tsconfig.json"] }, "schemas": { "map": [{ "instances": "tsconfig.json", "schema": "b.schema.json" }] } }\n',
      'tsconfig.json': '{}\n',
      'b.schema.json': '{ "$schema": "https://json-schema.org/draft/2020-12/schema" }\n',
    },
  },
  {
    rule: 'observe/rule-file',
    messageId: 'noGroups',
    name: 'A rule file whose `groups` is not a list',
    files: { 'ops/observe/alerts/a.yaml': 'groups: none\n' },
  },
  {
    rule: 'observe/rule-file',
    messageId: 'notRules',
    name: 'A Kubernetes ConfigMap among the rule files',
    files: { 'ops/observe/alerts/a.yaml': 'kind: ConfigMap\ndata: {}\n' },
  },
  {
    rule: 'observe/promql-syntax',
    messageId: 'empty',
    name: 'An alert with an empty `expr`',
    files: { 'ops/observe/alerts/a.yaml': 'groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: " "\n' },
  },
  {
    rule: 'observe/promql-syntax',
    messageId: 'tooLong',
    name: 'A 100 KB expression',
    files: {
      'ops/observe/alerts/a.yaml': `groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: ${'a + '.repeat(25_000)}a\n`,
    },
  },
  {
    rule: 'observe/slo-measured',
    messageId: 'duplicate',
    name: 'An SLO defined twice',
    files: {
      'ops/observe/slo-definitions.json': '{ "slos": [{ "id": "a" }, { "id": "a" }] }\n',
      'ops/observe/slo-measurement.json': '{ "measurement_method": { "a": { "promql": "up" } } }\n',
    },
  },
  {
    rule: 'observe/alert-defined',
    messageId: 'duplicate',
    name: 'An alert catalogued twice',
    files: {
      'ops/observe/alert-catalog.json':
        '{ "alerts": [{ "id": "A", "severity": "critical" }, { "id": "A", "severity": "critical" }] }\n',
      'ops/observe/alerts/a.yaml': 'groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up == 0\n',
    },
  },
  {
    rule: 'workspace/symlink-escape',
    messageId: 'dangling',
    name: 'A link to a file that is not there',
    files: { 'ops/a.json': { symlink: 'missing.json' } },
  },
  {
    rule: 'workspace/unreadable',
    messageId: 'device',
    name: 'A device node among the files',
    files: { 'ops/a.json': '{}\n', 'ops/tty': { special: 'device' } },
  },
  {
    rule: 'workspace/unreadable',
    messageId: 'socket',
    name: 'A socket among the files',
    files: { 'ops/a.json': '{}\n', 'ops/agent.sock': { special: 'socket' } },
  },
];
