import type * as zod from 'zod';
import { loadPackage } from '../load-package.js';

// Loaded as every zod user loads it (one copy of zod, and only when a config is validated: this
// module is imported when a config file's text is not recalled from the cache).
const z = loadPackage<typeof zod>('zod');

/** JSON Schema drafts surveyor validates with. */
export const DRAFTS = ['draft-04', 'draft-06', 'draft-07', '2019-09', '2020-12'] as const;
/** One of the supported JSON Schema drafts. */
export type Draft = (typeof DRAFTS)[number];

/**
 * A glob over repo paths. Repo paths are relative and never hold `..`, so a glob that is
 * absolute or climbs out of the root can never match: it is refused rather than
 * silently turning a check off.
 */
const glob = z
  .string()
  .min(1)
  .refine((pattern) => !/^([/\\]|[A-Za-z]:)/.test(pattern.replace(/^!/, '')), {
    error: (issue) =>
      `Unexpected absolute glob \`${String(issue.input)}\`, which matches nothing: globs are relative to the root, write it without the leading \`/\``,
  })
  .refine((pattern) => !pattern.split(/[/\\]/).includes('..'), {
    error: (issue) =>
      `Unexpected \`..\` in glob \`${String(issue.input)}\`, which matches nothing: surveyor reads only files under the root, write the glob from the root`,
  });

const globList = z.array(glob);

const level = z.enum(['error', 'warning', 'info', 'off']).describe('Severity of the rule, or `off` to disable it');

const schemaMapping = z
  .strictObject({
    instances: z.union([glob, globList]).describe('Glob(s) of instance files, relative to the root'),
    schema: z.string().min(1).describe('Repo-relative path of the schema file that validates them'),
  })
  .describe('Validates every file matching `instances` against `schema`');

const registry = z
  .strictObject({
    file: glob.describe(
      'Repo-relative path of the registry file, e.g. `ops/inventory/contracts-map.json`, or a glob of several, e.g. `configs/**/manifests-registry.json`',
    ),
    items: z.string().describe('JSON pointer to the array of items in the registry file, e.g. `/items`'),
    instance: z.string().min(1).describe('Item field holding the instance path (or glob)'),
    schema: z.string().min(1).describe('Item field holding the schema path'),
    schemaId: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Item field naming the schema by its `$id` instead, read when an item has no schema path, e.g. `schema_ref`',
      ),
  })
  .describe('A file in the repository (or a glob of files) that lists instance → schema pairs');

/** The shape of `surveyor.config.json`; every field is optional and falls back to the preset. */
export const UserConfigSchema = z
  .strictObject({
    $schema: z.string().optional().describe("Path or URL of this file's JSON Schema, for editors"),
    preset: z
      .enum(['atlas', 'none'])
      .optional()
      .describe('Defaults to start from; `atlas` applies automatically when `ops/k8s/install-matrix.json` exists'),
    ignore: globList.optional().describe('Globs of files surveyor never reads'),
    docsBaseUrl: z.url().optional().describe('Absolute URL the rule docs are published under (SARIF help links)'),
    rules: z.record(z.string(), level).optional().describe('Severity per rule id, e.g. `{ "schema/unmapped": "off" }`'),
    json: z
      .strictObject({
        files: globList.optional().describe('Globs of JSON files checked by the `json/*` rules'),
        exclude: globList.optional().describe('Globs of JSON files left out (JSON-with-comments files, for example)'),
      })
      .optional(),
    schemas: z
      .strictObject({
        files: globList
          .optional()
          .describe('Globs of JSON Schema files (files whose `$schema` names a draft count too)'),
        defaultDraft: z.enum(DRAFTS).optional().describe('Draft of schemas that declare no `$schema`'),
        strict: z
          .union([z.boolean(), z.literal('log')])
          .optional()
          .describe('Ajv strict mode; off by default since many real schemas need it off'),
        map: z.array(schemaMapping).optional().describe('Instance globs → schema'),
        registries: z.array(registry).optional().describe('Registry files listing instance → schema pairs'),
        localSchemaKeyword: z
          .boolean()
          .optional()
          .describe('Map an instance through its own `$schema` when it names a repository schema'),
        contractFolders: globList
          .optional()
          .describe('Folders whose JSON files must all be covered by a schema (`schema/unmapped`)'),
      })
      .optional(),
    docs: z
      .strictObject({
        mkdocs: z
          .string()
          .min(1)
          .optional()
          .describe('Repo path of the MkDocs config; its `INHERIT` is followed inside the repository'),
        pages: globList.optional().describe('Globs of the Markdown pages the `docs/*` rules check'),
        exclude: globList.optional().describe('Globs of pages the `docs/*` rules leave alone'),
        frontmatterSchema: z
          .string()
          .min(1)
          .optional()
          .describe(
            "Repo path of the JSON Schema for page front matter; default: surveyor's `schemas/docs-frontmatter.schema.json`",
          ),
        staleDays: z
          .number()
          .int()
          .min(1)
          .optional()
          .describe('Age in days of `last_reviewed` past which a page is stale (`docs/stale-review`)'),
        requiredSections: z
          .record(z.string(), z.array(z.string().min(1)))
          .optional()
          .describe('H2 sections required per page `type`, e.g. `{ "runbook": ["Purpose", "Rollback"] }`'),
        sourceOfTruthHeading: z
          .string()
          .min(1)
          .optional()
          .describe('Heading of the section whose backticked paths must exist (`docs/source-of-truth`)'),
        pathPrefixes: globList
          .optional()
          .describe('Top-level folders that mark a backticked span as a repo path (`docs/path-ref`), e.g. `ops/`'),
        buildOutputs: globList
          .optional()
          .describe('Folders of build outputs: backticked paths under them need not exist'),
        maxPageBytes: z
          .number()
          .int()
          .min(1)
          .optional()
          .describe('Pages larger than this are reported instead of parsed'),
        mermaidMaxLines: z
          .number()
          .int()
          .min(1)
          .optional()
          .describe('Mermaid blocks longer than this are reported instead of parsed'),
        mermaidMaxTextSize: z
          .number()
          .int()
          .min(1)
          .optional()
          .describe("Mermaid's `maxTextSize`: a longer diagram renders as an error"),
      })
      .optional()
      .describe('The docs site and what the `docs/*` rules require of its pages'),
    atlas: z
      .strictObject({
        installMatrix: z.string().min(1).optional().describe('Repo path of the install matrix'),
        rolloutContract: z.string().min(1).optional().describe('Repo path of the rollout safety contract'),
        chart: z
          .string()
          .min(1)
          .optional()
          .describe('Repo path of the Helm chart folder holding `Chart.yaml` and `values.yaml`'),
        scenarios: globList
          .optional()
          .describe(
            'Globs of upgrade scenario candidates; a scenario is a JSON file with `from_version`, `to_version` and `steps`',
          ),
        versionCompatibility: z.string().min(1).optional().describe('Repo path of the version compatibility table'),
        evidenceManifest: z.string().min(1).optional().describe('Repo path of the release evidence manifest'),
        evidenceTarball: z
          .string()
          .min(1)
          .optional()
          .describe("Repo path of the evidence tarball; default: the manifest's `evidence_tarball.path`"),
        identity: z.string().min(1).optional().describe('Repo path of the evidence identity'),
        policy: z.string().min(1).optional().describe('Repo path of the evidence policy'),
        readinessScore: z.string().min(1).optional().describe('Repo path of the readiness score'),
        readinessThreshold: z
          .number()
          .min(0)
          .max(100)
          .optional()
          .describe('Score at or above which `status: ready` is allowed (`readiness/consistent`)'),
      })
      .optional()
      .describe('Where the Atlas contracts are; setting this section turns the Atlas rules on without the preset'),
    observe: z
      .strictObject({
        sloDefinitions: z.string().min(1).optional().describe('Repo path of the SLO definitions'),
        sloMeasurement: z.string().min(1).optional().describe('Repo path of the PromQL that measures each SLO'),
        sloMetricMap: z.string().min(1).optional().describe('Repo path of the SLO → metrics map'),
        alertCatalog: z
          .string()
          .min(1)
          .optional()
          .describe('Repo path of the catalog of alerts operators are promised'),
        alertRules: globList
          .optional()
          .describe('Globs of Prometheus alerting rule files (plain rule files or `PrometheusRule` resources)'),
      })
      .optional()
      .describe('Where the observability contracts are; the `observe/*` rules run on the files that exist'),
    render: z
      .strictObject({
        chromium: z
          .string()
          .min(1)
          .optional()
          .describe('Chrome or Chromium binary for `surveyor render` (`PUPPETEER_EXECUTABLE_PATH` wins over it)'),
      })
      .optional()
      .describe('How `surveyor render` renders the Mermaid diagrams'),
    gate: z
      .strictObject({
        releaseSuites: z
          .array(z.string().min(1))
          .min(1)
          .optional()
          .describe(
            'Install-matrix suites whose profiles `surveyor gate` checks when no `--profile` is given; default `["install-gate"]`',
          ),
        signals: z
          .strictObject({
            buildInfoMetric: z
              .string()
              .regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/)
              .optional()
              .describe(
                'Metric that reports what serves, with a version and a commit label; default `atlas_build_info`',
              ),
            versionLabel: z.string().min(1).optional().describe('Its label holding the version; default `version`'),
            commitLabel: z.string().min(1).optional().describe('Its label holding the commit; default `git_sha`'),
            selector: z
              .string()
              .optional()
              .describe(
                'PromQL label matchers (no braces) selecting the app\'s pods in kube-state-metrics; default `namespace="atlas"`',
              ),
            timeoutSeconds: z
              .number()
              .positive()
              .max(600)
              .optional()
              .describe('How long one query may take before it counts as unanswered; default 10'),
            sloDirections: z
              .record(z.string(), z.enum(['floor', 'ceiling']))
              .optional()
              .describe(
                'Per SLO id: `floor` (at least the objective) or `ceiling` (at most); default from its unit and name',
              ),
          })
          .optional()
          .describe('What `gate --prometheus` asks and how it reads the answers'),
      })
      .optional()
      .describe('What `surveyor gate` takes as the release'),
  })
  .describe('surveyor configuration');

/** `surveyor.config.json` as written by a user. */
export type UserConfig = zod.infer<typeof UserConfigSchema>;

/** The JSON Schema of `surveyor.config.json`, generated from the zod schema. */
export function configJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(UserConfigSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: 'https://surveyor.dev/schemas/surveyor.config.schema.json',
    title: 'surveyor.config.json',
    ...rest,
  };
}

/** Turns zod issues into one line per problem: the field and what was expected. */
export function describeIssues(issues: readonly zod.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const field = issue.path.length ? issue.path.map(String).join('.') : '(top level)';
    switch (issue.code) {
      case 'unrecognized_keys':
        return `unknown key ${issue.keys.map((k) => `\`${[...issue.path.map(String), k].join('.')}\``).join(', ')}`;
      case 'invalid_type':
        return `\`${field}\` must be ${issue.expected}, found ${received(issue.input)}`;
      case 'invalid_value':
        return `\`${field}\` must be one of ${issue.values.map((v) => `\`${String(v)}\``).join(', ')}, found ${received(issue.input)}`;
      case 'invalid_union': {
        const expected = issue.errors
          .flat()
          .map((e) =>
            e.code === 'invalid_type'
              ? e.expected
              : e.code === 'invalid_value'
                ? e.values.map((v) => JSON.stringify(v)).join(' or ')
                : e.message,
          )
          .join(' or ');
        return `\`${field}\` must be ${expected}, found ${received(issue.input)}`;
      }
      default:
        return `\`${field}\`: ${issue.message}`;
    }
  });
}

function received(input: unknown): string {
  if (input === undefined) return 'nothing';
  if (input === null) return '`null`';
  if (Array.isArray(input)) return 'an array';
  if (typeof input === 'object') return 'an object';
  return `${typeof input} \`${String(input).slice(0, 40)}\``;
}
