import { readFileSync } from 'node:fs';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { allRules } from '../../rules/index.js';
import { BUILTIN_SCHEMA_NAMES, builtinSchemas, builtinSchemaUrl } from '../../src/atlas/builtin-schemas.js';
import { resolveConfig } from '../../src/config/config.js';
import type { UserConfig } from '../../src/config/config-schema.js';
import { BUILTIN_FRONTMATTER_SCHEMA } from '../../src/docs/frontmatter-schema.js';
import { Facts } from '../../src/engine/facts.js';
import { openSession, runCheck } from '../../src/engine/run.js';
import { SchemaCompiler } from '../../src/schema/schema-compiler.js';
import { MemorySource } from '../../src/workspace/file-source.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { exampleTree, type Tree } from '../support/atlas-tree.js';
import { beaconTree } from '../support/beacon-repo.js';
import { checkAll, EXAMPLE_TODAY } from '../support/check-atlas.js';
import { keepNoDerivedValues } from '../support/shared-derived.js';

function factsOf(tree: Tree, preset: 'atlas' | 'none' = 'atlas', user: UserConfig = {}) {
  const workspace = new Workspace(new MemorySource(tree));
  return new Facts(workspace, resolveConfig(user, preset));
}

describe('the built-in Atlas schemas', () => {
  it('each carry their absolute `$id` and compile', () => {
    const facts = factsOf({ 'ops/k8s/install-matrix.json': '{}' });
    for (const schema of builtinSchemas()) {
      expect(schema.schema.$id).toBe(builtinSchemaUrl(schema.name));
      expect(typeof facts.schemas.validator(schema.url)).toBe('function');
    }
    expect(facts.schemas.problems()).toEqual([]);
  });

  it('accept every contract of the example, where the repository maps its own schemas', () => {
    const tree = exampleTree();
    const facts = factsOf(tree);
    const targets = new Map([
      ['ops/k8s/install-matrix.json', 'install-matrix'],
      ['ops/k8s/rollout-safety-contract.json', 'rollout-safety-contract'],
      ['ops/e2e/scenarios/upgrade/version-compatibility.json', 'version-compatibility'],
      ['ops/e2e/scenarios/upgrade/upgrade-minor.json', 'upgrade-scenario'],
      ['ops/release/evidence/manifest.json', 'evidence-manifest'],
      ['ops/release/evidence/identity.json', 'evidence-identity'],
      ['ops/release/evidence/policy.json', 'evidence-policy'],
      ['ops/report/generated/readiness-score.json', 'readiness-score'],
      ['ops/observe/slo-definitions.json', 'slo-definitions'],
      ['ops/observe/slo-measurement.json', 'slo-measurement'],
      ['ops/observe/slo-metric-map.json', 'slo-metric-map'],
      ['ops/observe/alert-catalog.json', 'alert-catalog'],
    ] as const);
    for (const [file, name] of targets)
      expect(facts.schemas.validate(builtinSchemaUrl(name), JSON.parse(tree[file] as string)), file).toEqual({
        ok: true,
      });
    // The example maps its own schemas, so none of the built-in ones is used there.
    expect(facts.mappings.filter((m) => m.source.kind === 'builtin')).toEqual([]);
  });

  it('map the contracts a repository maps to no schema, and only with the Atlas rules on', async () => {
    const { facts } = await openSession({ source: new MemorySource(beaconTree()) }); // with its surveyor.config.json
    const mapped = facts.mappings.filter((m) => m.source.kind === 'builtin');
    // The beacon repository keeps no SLO → metrics map.
    expect(new Set(mapped.map((m) => m.schema))).toEqual(
      new Set(BUILTIN_SCHEMA_NAMES.filter((n) => n !== 'slo-metric-map').map(builtinSchemaUrl)),
    );
    expect(mapped.map((m) => m.instance)).toContain('ops/e2e/upgrade-paths/rollback-2-1-to-2-0.json');
    // Without its config, the beacon repository's observability contracts are not where the preset looks.
    expect(factsOf(beaconTree(), 'none').mappings).toEqual([]);
  });

  it('are compiled once per process, for each strictness: runs over other repositories validate with the same code', () => {
    // Without the schema cores a process keeps by content, each run indexes and compiles for itself.
    onTestFinished(keepNoDerivedValues());
    const first = factsOf({ 'ops/k8s/install-matrix.json': '{}' });
    const second = factsOf(exampleTree());
    const strict = factsOf(beaconTree(), 'atlas', { schemas: { strict: true } });
    for (const schema of builtinSchemas()) {
      // Each reaches no other file, so its validator depends on its content and the settings alone.
      expect(first.schemas.reached(schema.url)).toEqual([schema.url]);
      const validator = first.schemas.validator(schema.url);
      expect(typeof validator).toBe('function');
      expect(second.schemas.validator(schema.url), schema.name).toBe(validator);
      expect(typeof strict.schemas.validator(schema.url)).toBe('function');
      expect(strict.schemas.validator(schema.url), schema.name).not.toBe(validator);
    }
    const wrong = { schema_version: 1, git_sha: 'HEAD' };
    const url = builtinSchemaUrl('evidence-identity');
    expect(second.schemas.validate(url, wrong)).toEqual(first.schemas.validate(url, wrong));
    expect(first.schemas.validate(url, wrong)).toMatchObject({ ok: false });
  });

  it('are never checked against their meta-schema at run time, the front-matter schema included', async () => {
    onTestFinished(keepNoDerivedValues());
    const metaErrors = vi.spyOn(SchemaCompiler.prototype, 'metaErrors');
    onTestFinished(() => metaErrors.mockRestore());
    const url = builtinSchemaUrl('evidence-manifest');
    expect(typeof factsOf({ 'ops/k8s/install-matrix.json': '{}' }).schemas.validator(url)).toBe('function');
    const docs = factsOf({ 'docs/index.md': '# Home\n' }, 'none').docs;
    expect(docs.frontMatterSchema).toMatchObject({ ok: true, builtin: true });
    expect(metaErrors).not.toHaveBeenCalled();
  });

  it("each conform to their draft's meta-schema, strict or not: what run time takes for granted", () => {
    const frontMatter = readFileSync(new URL(`../../${BUILTIN_FRONTMATTER_SCHEMA}`, import.meta.url), 'utf8');
    const shipped: Tree = { [BUILTIN_FRONTMATTER_SCHEMA]: frontMatter };
    for (const schema of builtinSchemas())
      shipped[`shipped/${schema.name}.schema.json`] = JSON.stringify(schema.schema);
    for (const strict of [false, true]) {
      // As repository files, the same texts get every check a repository schema gets, the meta-schema's first.
      const facts = factsOf(shipped, 'none', { schemas: { files: Object.keys(shipped), strict } });
      expect(facts.schemaFiles).toHaveLength(builtinSchemas().length + 1);
      expect(facts.schemas.problems()).toEqual([]);
    }
  });

  it('are not replaced by the shipped code where a repository schema claims a built-in `$id` first', () => {
    const url = builtinSchemaUrl('readiness-score');
    const shipped = factsOf({ 'ops/k8s/install-matrix.json': '{}' }).schemas.validator(url);
    const claimed = factsOf({
      'ops/schema/own.schema.json': JSON.stringify({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: url,
        type: 'string',
      }),
      'ops/k8s/install-matrix.json': '{}',
    });
    const own = claimed.schemas.validator('ops/schema/own.schema.json');
    expect(typeof own).toBe('function');
    expect(claimed.schemas.validator(url)).not.toBe(shipped);
    // The URL names the repository's schema there: a string is valid, an object is not.
    const file = claimed.schemas.fileByUrl(url)!;
    expect(file).toBe('ops/schema/own.schema.json');
    expect(claimed.schemas.validate(file, 'x')).toEqual({ ok: true });
    expect(claimed.schemas.validate(file, {})).toMatchObject({ ok: false });
  });

  it('report a wrong shape with the schema named in the message and no related location', async () => {
    const tree = {
      ...beaconTree(),
      'ops/release/evidence/identity.json':
        '{ "schema_version": 1, "git_sha": "HEAD", "governance_version": "2027.02", "release_id": "beacon-2.1.0" }\n',
    };
    const result = await runCheck({ source: new MemorySource(tree), rules: allRules, now: EXAMPLE_TODAY });
    expect(result.report.diagnostics.map((d) => [d.ruleId, d.file, d.related])).toEqual([
      ['schema/valid', 'ops/release/evidence/identity.json', undefined],
    ]);
    expect(result.report.diagnostics[0]!.message).toContain(
      "surveyor's built-in schema `evidence-identity.schema.json`",
    );
    expect(await checkAll(beaconTree())).toEqual([]);
  });
});
