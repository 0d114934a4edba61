import { spawn } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { baselineOf } from '../../src/baseline/baseline-file.js';
import { ResultStore } from '../../src/cache/result-store.js';
import { check, type Diagnostic, MemorySource } from '../../src/index.js';
import { formatJson } from '../../src/reporters/json.js';
import { gitBlobId } from '../../src/workspace/file-source.js';
import { editText, exampleTree, type Tree } from '../support/atlas-tree.js';
import { BUILT_CLI, runCli, tempDirs } from '../support/cli-run.js';
import { gitRepo } from '../support/git-repo.js';
import { RecordingSource } from '../support/recording-source.js';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tempDir = tempDirs('surveyor-cache-');
const now = new Date('2026-11-27T00:00:00Z');
/** The example with one finding, so that a cache that lost or invented findings shows. */
const tree = editText(exampleTree(), 'ops/k8s/install-matrix.json', '"schema_version": 1,', '"schema_version": 1,,');

const report = async (cacheLocation?: string) =>
  formatJson(await check({ source: new MemorySource(tree), now, ...(cacheLocation ? { cacheLocation } : {}) })).replace(
    /"durationMs": \d+/,
    '"durationMs": 0',
  );

/** The diagnostics of a check of `files`: with the cache in `cacheLocation` when one is given, of the `only` rules when given. */
async function findings(files: Tree, cacheLocation?: string, only?: string[]): Promise<Diagnostic[]> {
  const options = { ...(cacheLocation ? { cacheLocation } : {}), ...(only ? { only } : {}) };
  return (await check({ source: new MemorySource(files), now, ...options })).report.diagnostics;
}

/** The derived-value files of a cache location, by name. */
const derivedFiles = (location: string) => readdirSync(location).filter((name) => /^derived-.+\.json$/.test(name));

/**
 * `results.json` with its columns as an object to edit: each key's `[last run that used it, id of
 * its findings ('' for none), linked key]` in `entries`, each list of findings by id in `lists`.
 */
function readResults(location: string): any {
  const { keys, used, found, linked, lists, ...rest } = JSON.parse(
    readFileSync(path.join(location, 'results.json'), 'utf8'),
  );
  const entries = Object.fromEntries(
    (keys as string[]).map((key, i) => [
      key,
      [used[i], found[i] === -1 ? '' : `list-${found[i]}`, ...(linked[i] ? [linked[i]] : [])],
    ]),
  );
  return {
    ...rest,
    entries,
    lists: Object.fromEntries((lists as string[]).map((text, i) => [`list-${i}`, JSON.parse(text)])),
  };
}

/** Writes back what `readResults` read (edited); an entry naming a list the object does not hold names one the file does not hold either. */
function writeResults(location: string, results: any): void {
  const { entries, lists, ...rest } = results;
  const ids = Object.keys(lists);
  const keys = Object.keys(entries).sort();
  const index = (id: string) => (id === '' ? -1 : ids.includes(id) ? ids.indexOf(id) : ids.length + 1);
  const columns = {
    keys,
    used: keys.map((key) => entries[key][0]),
    found: keys.map((key) => index(entries[key][1])),
    linked: keys.map((key) => entries[key][2] ?? ''),
    lists: ids.map((id) => JSON.stringify(lists[id])),
  };
  writeFileSync(path.join(location, 'results.json'), JSON.stringify({ ...rest, ...columns }));
}

/** The whole cache of a location as one object: `results.json` (as `readResults`) with the `derived` values of every group file (and shard). */
function readCache(location: string): any {
  const stored = readResults(location);
  stored.derived = {};
  for (const name of derivedFiles(location))
    for (const [kind, values] of Object.entries(JSON.parse(readFileSync(path.join(location, name), 'utf8')).derived))
      stored.derived[kind] = { ...stored.derived[kind], ...(values as object) };
  return stored;
}

/** Writes back what `readCache` read (edited): each value into the group file (or shard) that held it, with the version read. */
function writeCache(location: string, stored: any): void {
  const { derived, ...results } = stored;
  writeResults(location, results);
  for (const name of derivedFiles(location)) {
    const group = JSON.parse(readFileSync(path.join(location, name), 'utf8'));
    for (const [kind, values] of Object.entries(group.derived as Record<string, object>))
      group.derived[kind] = Object.fromEntries(Object.keys(values).map((id) => [id, derived[kind][id]]));
    writeFileSync(path.join(location, name), JSON.stringify({ ...group, version: stored.version }));
  }
}

/** The shards the values of a group are kept in (`derived-GROUP.NN.json`), the page outlines' by default. */
const outlineShards = (location: string, group = 'docs-outline-1') =>
  derivedFiles(location)
    .filter((name) => name.startsWith(`derived-${group}.`) && /\.\d\d\.json$/.test(name))
    .map((name) => path.join(location, name));

let filledOnce: Promise<string> | undefined;

/**
 * The cache of a location after one run, read whole: a copy of the location the first call
 * filled with that run, so that each test edits a cache of its own without running it again.
 */
async function filledCache(): Promise<{ location: string; file: string; stored: any }> {
  filledOnce ??= (async () => {
    const filled = tempDir();
    await report(filled);
    return filled;
  })();
  const location = tempDir();
  cpSync(await filledOnce, location, { recursive: true });
  return { location, file: path.join(location, 'results.json'), stored: readCache(location) };
}

/** Replaces every value the cache derived under a kind starting with `prefix`; how many it replaced. */
function poisonDerived(stored: any, prefix: string, value: unknown): number {
  let replaced = 0;
  for (const [kind, values] of Object.entries(stored.derived) as [string, Record<string, [number, unknown]>][]) {
    if (!kind.startsWith(prefix)) continue;
    for (const entry of Object.values(values)) {
      entry[1] = value;
      replaced++;
    }
  }
  return replaced;
}

/** Every page seems to have no front matter. */
const NO_FRONT_MATTER = [{ position: { start: { line: 1, column: 1 } }, messageId: 'missing' }];

/** The shared definitions retitled: a schema edit that changes no verdict. */
const retitledDefs = editText(
  tree,
  'ops/schema/common/defs.schema.json',
  '"title": "Shared definitions',
  '"title": "Definitions',
);

/** Every cached finding list gains a finding no run would report. */
function poison(stored: any): any {
  const invented = {
    diagnostic: {
      ruleId: 'json/syntax',
      severity: 'error',
      message: 'invented',
      file: 'x',
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 1,
      url: 'u',
    },
  };
  // Lists are kept once each by id (`''`: none): every entry gets a list with the invented finding.
  const lists: Record<string, unknown[]> = { ...stored.lists, poisoned: [invented] };
  for (const list of Object.values(stored.lists) as unknown[][]) list.push(invented);
  for (const entry of Object.values(stored.entries) as [number, string][]) if (entry[1] === '') entry[1] = 'poisoned';
  stored.lists = lists;
  return stored;
}

describe('the result cache', () => {
  it('is used: findings stored by a run are what the next run reports', async () => {
    const { location, stored } = await filledCache();
    writeCache(location, poison(stored));
    expect(await report(location)).toMatch(/"message": "invented"/);
  });

  it('takes an entry of the wrong shape, or whose findings are not a list, as a miss, and still uses the others', async () => {
    const { location, file, stored } = await filledCache();
    writeCache(location, poison(stored));
    const columns = JSON.parse(readFileSync(file, 'utf8'));
    // Two entries damaged in the file's columns: a run that is not a number, findings that are not JSON. Both
    // are entries a run looks up: not one of the per-file entries of a rule whose findings of every file are
    // recalled at once (grouped), nor one that a used entry links to.
    const grouped = new Set(Object.keys(columns.groups));
    const linkedTo = new Set(columns.linked);
    const [first, second] = (columns.keys as string[])
      .map((key, index) => ({ key, index }))
      .filter(({ key, index }) => columns.found[index] !== -1 && !grouped.has(key.slice(0, 8)) && !linkedTo.has(key))
      .map(({ index }) => index);
    columns.used[first!] = 'not a run';
    columns.lists.push('{"not": "a list"');
    columns.found[second!] = columns.lists.length - 1;
    writeFileSync(file, JSON.stringify(columns));
    expect(await report(location)).toMatch(/"message": "invented"/);
    // Saved again without the damaged entries, which are computed again instead.
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.used).not.toContain('not a run');
    expect(saved.lists).not.toContain('{"not": "a list"');
    const again = readResults(location);
    for (const key of [columns.keys[first!], columns.keys[second!]]) expect(again.entries[key][0]).toBe(saved.run);
  });

  it('ignores a cache written by another version of surveyor, and replaces it', async () => {
    const { location, file, stored } = await filledCache();
    expect(poisonDerived(stored, 'schema-meta-problems', [{ pointer: '', message: 'invented' }])).toBeGreaterThan(2);
    writeCache(location, { ...poison(stored), version: '0.0.0-other' });
    expect(await report(location)).toBe(await report());
    expect(JSON.parse(readFileSync(file, 'utf8')).version).not.toBe('0.0.0-other');
  });

  it('keeps derived values in one file per group, read only by a run that asks for one of its values', async () => {
    const { location, stored } = await filledCache();
    expect(derivedFiles(location)).toContain('derived-schema-meta-problems-1.json');
    expect(outlineShards(location).length).toBeGreaterThan(1);
    // One value per state of every schema: in shards too, so a run reads the one it meets.
    for (const group of ['schema-graph-1', 'schema-problems-1']) {
      expect(outlineShards(location, group)).toHaveLength(1);
      expect(derivedFiles(location)).not.toContain(`derived-${group}.json`);
    }
    // Poisoned outlines would show in the docs rules; a run whose docs inputs are unchanged never reads them.
    for (const entry of Object.values(
      stored.derived[Object.keys(stored.derived).find((k) => k.startsWith('docs-outline'))!],
    ) as [number, any][])
      entry[1].headings = [];
    writeCache(location, stored);
    const outlines = outlineShards(location);
    const before = outlines.map((file) => readFileSync(file, 'utf8'));
    for (const file of outlines) writeFileSync(file, '\u0000garbage');
    // A JSON contract edit: the docs rules' findings are recalled, so the damaged outline file is neither read nor written.
    const edited = {
      ...tree,
      'ops/observe/alert-catalog.json': `${tree['ops/observe/alert-catalog.json'] as string}\n`,
    };
    const cached = await check({ source: new MemorySource(edited), now, cacheLocation: location });
    expect(cached.report.diagnostics).toEqual(await findings(edited));
    for (const file of outlines) expect(readFileSync(file, 'utf8')).toBe('\u0000garbage');
    expect(before).not.toContain('\u0000garbage');
  });

  it('reads a group of derived values when a run first asks for one of them, and writes only the groups it changed', () => {
    const location = tempDir();
    const first = new ResultStore(location, 'test');
    first.remember('outline-1', 'a', { headings: ['A'] });
    first.remember('verdict-1:11', 'b', 'ok');
    first.set('key', []);
    first.save();
    expect(derivedFiles(location).sort()).toEqual(['derived-outline-1.json', 'derived-verdict-1.json']);
    const second = new ResultStore(location, 'test');
    // Changed after the store opened: what the first ask reads.
    const outlines = path.join(location, 'derived-outline-1.json');
    const group = JSON.parse(readFileSync(outlines, 'utf8'));
    group.derived['outline-1'].a[1] = { headings: ['Changed'] };
    writeFileSync(outlines, JSON.stringify(group));
    expect(second.recall('outline-1', 'a')).toEqual({ headings: ['Changed'] });
    const verdicts = path.join(location, 'derived-verdict-1.json');
    const untouched = readFileSync(verdicts, 'utf8');
    second.remember('outline-1', 'c', { headings: [] });
    second.set('other', []);
    second.save();
    expect(readFileSync(verdicts, 'utf8')).toBe(untouched);
    expect(new ResultStore(location, 'test').recall('outline-1', 'c')).toEqual({ headings: [] });
    expect(new ResultStore(location, 'other-version').recall('outline-1', 'c')).toBeUndefined();
  });

  it.each(['docs-outline-1', 'schema-graph-1', 'schema-problems-1'])(
    'keeps %s in shards by content id, and reads and writes only the shard of each value a run uses',
    (kind) => {
      const location = tempDir();
      const first = new ResultStore(location, 'test');
      const ids = Array.from({ length: 40 }, (_, i) => gitBlobId(Buffer.from(`page ${i}`)));
      for (const id of ids) first.remember(kind, id, { id });
      first.save();
      const shards = outlineShards(location, kind);
      expect(shards.length).toBeGreaterThan(8);
      const shardOf = (id: string) =>
        shards.find((file) => Object.hasOwn(JSON.parse(readFileSync(file, 'utf8')).derived[kind], id))!;
      const own = shardOf(ids[0]!);
      // Every other shard damaged, and the whole-group file of before shards: neither is read.
      for (const file of shards) if (file !== own) writeFileSync(file, '\u0000garbage');
      const legacy = path.join(location, `derived-${kind}.json`);
      writeFileSync(legacy, '\u0000garbage');
      const second = new ResultStore(location, 'test');
      expect(second.recall(kind, ids[0]!)).toEqual({ id: ids[0] });
      second.remember(kind, ids[0]!, { id: 'again' });
      second.save();
      // Only the shard it changed is written; the whole-group file of old is removed.
      for (const file of shards) if (file !== own) expect(readFileSync(file, 'utf8')).toBe('\u0000garbage');
      expect(new ResultStore(location, 'test').recall(kind, ids[0]!)).toEqual({ id: 'again' });
      expect(derivedFiles(location)).not.toContain(`derived-${kind}.json`);
    },
  );

  it('ignores a derived-value file that is damaged, and rebuilds it', async () => {
    const { location } = await filledCache();
    const names = derivedFiles(location);
    expect(names.length).toBeGreaterThan(3);
    for (const name of names) {
      const file = path.join(location, name);
      writeFileSync(file, readFileSync(file, 'utf8').slice(0, 40));
    }
    // Every derived value is asked for again when a schema and a page change.
    const edited = { ...retitledDefs, 'docs/index.md': `${retitledDefs['docs/index.md'] as string}\nEdited.\n` };
    const uncached = await check({ source: new MemorySource(edited), now });
    const cached = await check({ source: new MemorySource(edited), now, cacheLocation: location });
    expect(cached.report.diagnostics).toEqual(uncached.report.diagnostics);
    const parses = (file: string) => {
      try {
        JSON.parse(readFileSync(file, 'utf8'));
        return true;
      } catch {
        return false;
      }
    };
    expect(parses(path.join(location, 'derived-schema-meta-problems-1.json'))).toBe(true);
    // The edited page's outline is in a shard written again; the shards of outlines no run asked for stay as they were.
    expect(outlineShards(location).filter(parses).length).toBeGreaterThan(0);
  });

  it('takes a derived value of the wrong shape as a miss, and still recalls the others', () => {
    const location = tempDir();
    const first = new ResultStore(location, 'test');
    first.remember('kind-1', 'id-1', 'one');
    first.remember('kind-1', 'id-2', 'two');
    first.save();
    const file = path.join(location, 'derived-kind-1.json');
    const stored = JSON.parse(readFileSync(file, 'utf8'));
    stored.derived['kind-1']['id-1'] = 'not an entry';
    writeFileSync(file, JSON.stringify(stored));
    const second = new ResultStore(location, 'test');
    expect(second.recall('kind-1', 'id-1')).toBeUndefined();
    expect(second.recall('kind-1', 'id-2')).toBe('two');
    expect(second.recall('kind-1', '__proto__')).toBeUndefined();
    expect(second.recall('kind-1', 'toString')).toBeUndefined();
    second.remember('kind-1', 'id-1', 'one again');
    // Into the values as read from the file, whose `__proto__` is the object's prototype unless defined as an entry.
    second.remember('kind-1', '__proto__', 'an id like any other');
    second.save();
    const third = new ResultStore(location, 'test');
    expect(third.recall('kind-1', 'id-1')).toBe('one again');
    expect(third.recall('kind-1', '__proto__')).toBe('an id like any other');
  });

  it.each([
    ['truncated', (text: string) => text.slice(0, Math.floor(text.length / 2))],
    ['not JSON', () => '\u0000\u0001garbage'],
    ['of another shape', () => JSON.stringify({ format: 1, entries: [] })],
    [
      'naming findings it does not hold',
      (text: string) => {
        const stored = JSON.parse(text);
        stored.found = stored.found.map(() => stored.lists.length);
        return JSON.stringify(stored);
      },
    ],
    ['empty', () => ''],
  ])('ignores a cache file that is %s, and rebuilds it', async (_name, damage) => {
    const { location, file } = await filledCache();
    writeFileSync(file, damage(readFileSync(file, 'utf8')));
    expect(await report(location)).toBe(await report());
    expect(() => JSON.parse(readFileSync(file, 'utf8'))).not.toThrow();
  });

  it('survives two runs at once: each finishes, the file stays whole and no temporary file is left', async () => {
    const repo = gitRepo(tempDir(), path.join(packageRoot, 'examples/atlas'));
    const location = path.join(repo.root, 'node_modules/.cache/surveyor');
    // The cache of a run in this process, without the findings and without the groups of values that are
    // cheap to derive: the runs recall what costs a cold process most (Mermaid verdicts, compiled schemas,
    // page outlines), run every rule again, and write the findings and those groups at once.
    expect((await runCli(['check', '--root', repo.root, '--now', '2026-11-27'])).code).toBe(1);
    const filled = readdirSync(location).sort();
    const cheap = /^derived-(declares-draft|scenario-shaped|yaml-modeline|mentions-schema|own-schema)(-\d+)?\.json$/;
    const removed = filled.filter((name) => name === 'results.json' || cheap.test(name));
    expect(removed).toHaveLength(6);
    for (const name of removed) rmSync(path.join(location, name));
    const cli = BUILT_CLI;
    const run = () =>
      new Promise<{ code: number | null; stdout: string }>((resolve) => {
        const child = spawn(process.execPath, [cli, 'check', '--now', '2026-11-27', '--root', repo.root]);
        let stdout = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
        child.on('close', (code) => resolve({ code, stdout }));
      });
    const runs = await Promise.all([run(), run(), run()]);
    // The example's evidence names a commit this new repository does not have: one identity/commit error, the same in each run.
    expect(runs.map((r) => r.code)).toEqual([1, 1, 1]);
    for (const { stdout } of runs) expect(stdout).toBe(runs[0]!.stdout);
    expect(runs[0]!.stdout).toMatch(/error {2}Commit `\w+` is not in the history of this checkout.*identity\/commit\n/);
    const names = readdirSync(location);
    expect(names).toEqual(expect.arrayContaining(filled));
    for (const name of names) {
      expect(name).toMatch(/^(results|keys|derived-[\w.-]+)\.json$/);
      expect(() => JSON.parse(readFileSync(path.join(location, name), 'utf8'))).not.toThrow();
    }
    expect(await run()).toEqual(runs[0]);
  });

  it('reruns the rules that read git: a tag moved with no file changed gives the uncached verdict', async () => {
    const repo = gitRepo(tempDir(), path.join(packageRoot, 'examples/atlas'));
    const identity = 'ops/release/evidence/identity.json';
    repo.edit(identity, /"git_sha": "\w+"/.exec(repo.read(identity))![0], '"git_sha": "v1.4.0-evidence"');
    repo.git('commit', '-q', '-am', 'identity names a tag');
    repo.git('tag', 'v1.4.0-evidence');
    const values = 'ops/k8s/values/perf.yaml';
    repo.write(values, `${repo.read(values)}# changed after the evidence\n`);
    repo.git('commit', '-q', '-am', 'a values file changes after the evidence');
    const location = tempDir();
    const run = async (cacheLocation?: string) =>
      (await check({ root: repo.root, now, ...(cacheLocation ? { cacheLocation } : {}) })).report.diagnostics
        .filter((d) => d.ruleId.startsWith('identity/'))
        .map((d) => `${d.ruleId} ${d.messageId}`);
    expect(await run(location)).toEqual(['identity/commit changed']);
    // The tag now names the commit that holds the change: nothing changed since, and no file changed either.
    repo.git('tag', '-f', 'v1.4.0-evidence', 'HEAD');
    expect(await run()).toEqual([]);
    expect(await run(location)).toEqual([]);
  });

  it('recalls what parsers derived from a content it has seen: page outlines and Mermaid verdicts', async () => {
    const { location, stored } = await filledCache();
    const kinds = Object.keys(stored.derived);
    const outline = kinds.find((kind) => kind.startsWith('docs-outline'));
    const verdicts = kinds.find((kind) => kind.startsWith('mermaid-verdict'));
    expect(outline && verdicts).toBeTruthy();
    // Poisoned: every page seems to have no heading, every diagram seems broken.
    for (const entry of Object.values(stored.derived[outline!]) as [number, any][]) entry[1].headings = [];
    poisonDerived(stored, verdicts!, {
      ok: false,
      kind: 'syntax',
      line: 1,
      message: 'invented',
      diagramKeyword: 'flowchart',
    });
    writeCache(location, stored);
    // mkdocs.yml is an input of the docs rules but no page: they run again on pages whose content is unchanged.
    const edited = { ...tree, 'mkdocs.yml': `${tree['mkdocs.yml']}# edited\n` };
    const result = await check({ source: new MemorySource(edited), now, cacheLocation: location });
    const ids = new Set(result.report.diagnostics.map((d) => `${d.ruleId} ${d.messageId}`));
    expect(ids).toContain('docs/title-h1 missing');
    expect(ids).toContain('docs/mermaid-syntax syntax');
    const uncached = await check({ source: new MemorySource(edited), now });
    expect(uncached.report.diagnostics.some((d) => d.message.includes('invented'))).toBe(false);
  });

  it("recalls a schema's compile result only while the schema and every schema it references are unchanged", async () => {
    const { location, stored } = await filledCache();
    const kind = Object.keys(stored.derived).find((k) => k.startsWith('schema-compile-problem'))!;
    // Poisoned: every schema seems to fail to compile.
    const problem = { file: 'ops/schema/configs/feature-flags.schema.json', pointer: '', message: 'invented' };
    expect(poisonDerived(stored, kind, { problem })).toBeGreaterThan(2);
    writeCache(location, stored);
    // defs.schema.json changes: schema/compile runs again; the install matrix's schema references it, feature flags' does not.
    const edited = retitledDefs;
    const result = await check({ source: new MemorySource(edited), now, cacheLocation: location });
    const invented = result.report.diagnostics.filter((d) => d.message.includes('invented'));
    // Recalled for a schema whose inputs are unchanged (feature flags); computed again for the two whose are not.
    expect(invented.length).toBeGreaterThan(0);
    const uncached = await check({ source: new MemorySource(edited), now });
    const compileFindings = (diagnostics: typeof result.report.diagnostics) =>
      diagnostics.filter((d) => d.ruleId === 'schema/compile' && !d.message.includes('invented'));
    expect(compileFindings(result.report.diagnostics)).toEqual(compileFindings(uncached.report.diagnostics));
    const storedAfter = readCache(location);
    const recomputed = Object.values(storedAfter.derived[kind]).filter(
      (entry) => !JSON.stringify(entry).includes('invented'),
    );
    // defs itself and the schemas referencing it (install matrix, rollout contract, …) were compiled again.
    expect(recomputed.length).toBeGreaterThanOrEqual(2);
  });

  it("recalls a schema's meta-schema problems only while its content is unchanged", async () => {
    const { location, stored } = await filledCache();
    // Poisoned: every schema seems to break its meta-schema.
    expect(poisonDerived(stored, 'schema-meta-problems', [{ pointer: '', message: 'invented' }])).toBeGreaterThan(2);
    writeCache(location, stored);
    const edited = retitledDefs;
    const result = await check({ source: new MemorySource(edited), now, cacheLocation: location });
    const invented = new Set(
      result.report.diagnostics.filter((d) => d.message.includes('invented')).map((d) => d.file),
    );
    // Recalled for the schemas whose content is unchanged; computed again for the edited one.
    expect(invented).toContain('ops/schema/configs/feature-flags.schema.json');
    expect(invented).not.toContain('ops/schema/common/defs.schema.json');
    const uncached = await check({ source: new MemorySource(edited), now });
    expect(uncached.report.diagnostics.some((d) => d.message.includes('invented'))).toBe(false);
  });

  it("recalls every schema's problems while no schema file changed, however the instances changed", async () => {
    const { location, stored } = await filledCache();
    const flags = 'ops/schema/configs/feature-flags.schema.json';
    // Poisoned: one schema seems to have a problem of its own.
    const invented = { [flags]: [{ file: flags, pointer: '', message: 'invented' }] };
    expect(poisonDerived(stored, 'schema-problems', invented)).toBe(1);
    writeCache(location, stored);
    const inventedIn = async (edited: typeof tree) => {
      const result = await check({ source: new MemorySource(edited), now, cacheLocation: location });
      return result.report.diagnostics.filter((d) => d.message.includes('invented')).map((d) => d.file);
    };
    // An instance edit runs `schema/compile` again (instances decide which schemas are compiled), with the problems recalled.
    const contract = 'ops/k8s/rollout-safety-contract.json';
    expect(await inventedIn(editText(tree, contract, '"schema_version": 1', '"schema_version": 2'))).toEqual([flags]);
    // A schema edit finds them all again.
    expect(await inventedIn(retitledDefs)).toEqual([]);
  });

  it('walks, after an instance edit, only the schemas its schema reaches; after a schema edit, every schema', async () => {
    const location = tempDir();
    await report(location);
    const schemasRead = async (edited: Tree) => {
      const source = new RecordingSource(new MemorySource(edited));
      const diagnostics = (await check({ source, now, cacheLocation: location })).report.diagnostics;
      expect(diagnostics).toEqual(await findings(edited));
      const read = source.accesses.filter((a) => a.op === 'read' && a.file.endsWith('.schema.json'));
      return new Set(read.map((a) => a.file));
    };
    const contract = 'ops/k8s/rollout-safety-contract.json';
    // Validating the edited contract (now invalid) compiles its schema and the definitions it references.
    const contractEdit = editText(tree, contract, '"schema_version": 1', '"schema_version": "one"');
    expect(await schemasRead(contractEdit)).toEqual(
      new Set(['ops/schema/common/defs.schema.json', 'ops/schema/k8s/rollout-safety-contract.schema.json']),
    );
    const allSchemas = Object.keys(tree).filter((file) => file.endsWith('.schema.json'));
    expect(allSchemas.length).toBeGreaterThan(5);
    // A schema edit: the graph of references is not known for the new schema files.
    expect(await schemasRead(editText(retitledDefs, contract, '"schema_version": 1', '"schema_version":  1'))).toEqual(
      new Set(allSchemas),
    );
  });

  it("runs `helm/values-schema` again when a schema the chart's schema references changes", async () => {
    const chartSchema = 'ops/k8s/charts/atlas/values.schema.json';
    const defs = 'ops/schema/common/defs.schema.json';
    // The example as it is: this tree's broken matrix would leave no profile to validate.
    const referencing = editText(
      editText(
        exampleTree(),
        chartSchema,
        '"replicaCount": { "type": "integer", "minimum": 1 }',
        '"replicaCount": { "$ref": "../../../schema/common/defs.schema.json#/definitions/replicas" }',
      ),
      defs,
      '"definitions": {',
      '"definitions": {\n    "replicas": { "type": "integer", "minimum": 1 },',
    );
    const location = tempDir();
    const valuesFindings = async (files: Tree, cacheLocation?: string) =>
      (await findings(files, cacheLocation))
        .filter((d) => d.ruleId === 'helm/values-schema')
        .map((d) => `${d.file}:${d.line} ${d.message}`);
    expect(await valuesFindings(referencing, location)).toEqual([]);
    // No replica count of the example reaches 100: every profile now fails, through the referenced schema alone.
    const stricter = editText(referencing, defs, '"minimum": 1 },', '"minimum": 100 },');
    const cached = await valuesFindings(stricter, location);
    expect(cached.length).toBeGreaterThan(0);
    expect(cached).toEqual(await valuesFindings(stricter));
  });

  it('after a schema edit validates again only the instances mapped to a schema that reaches it', async () => {
    // Two instances that fail their schemas: the install matrix and one upgrade scenario.
    const invalid = editText(
      editText(exampleTree(), 'ops/k8s/install-matrix.json', '"schema_version": 1,', '"schema_version": 2,'),
      'ops/e2e/scenarios/upgrade/upgrade-minor.json',
      '"schema_version": 1,',
      '"schema_version": 2,',
    );
    const location = tempDir();
    const validity = async (files: Tree, cacheLocation?: string) =>
      (await findings(files, cacheLocation, ['schema/valid'])).map(
        (d) => `${d.file}:${d.line}:${d.column} ${d.message}`,
      );
    const before = await validity(invalid, location);
    expect(before.filter((d) => d.includes('install-matrix.json')).length).toBe(1);
    expect(before.filter((d) => d.includes('upgrade-minor.json')).length).toBe(1);
    // Poisoned: every stored finding says something no run would.
    const stored = readCache(location);
    for (const list of Object.values(stored.lists) as any[][])
      for (const finding of list) finding.diagnostic.message = 'invented';
    writeCache(location, stored);
    // More runs than the cache keeps unused entries for, each storing something (another instance edited):
    // the scenario's findings are recalled by their first key, which keeps their second key alive.
    const other = 'ops/observe/alert-catalog.json';
    for (let run = 1; run <= 6; run++)
      await validity({ ...invalid, [other]: `${invalid[other] as string}${' '.repeat(run)}` }, location);
    // The matrix's schema changes: the matrix is validated again, the scenario's findings are recalled.
    const edited = editText(
      invalid,
      'ops/schema/k8s/install-matrix.schema.json',
      '"title": "Atlas install matrix',
      '"title": "The Atlas install matrix',
    );
    const after = await validity(edited, location);
    expect(after.filter((d) => d.includes('install-matrix.json') && !d.includes('invented')).length).toBe(1);
    expect(after.filter((d) => d.includes('upgrade-minor.json') && d.includes('invented')).length).toBe(1);
    // Unpoisoned, the cached run gives the uncached verdict.
    const fresh = tempDir();
    await validity(invalid, fresh);
    expect(await validity(edited, fresh)).toEqual(await validity(edited));
  });

  it("recalls an instance's own `$schema` only while its content is unchanged", async () => {
    const schema = (title: string) =>
      JSON.stringify({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        title,
        type: 'object',
        properties: { name: { type: 'string' } },
      });
    const files = (title: string, instance: string): Tree => ({
      'schemas/app.schema.json': schema(title),
      'configs/app.json': instance,
    });
    const instance = '{\n  "$schema": "../schemas/app.schema.json",\n  "name": 1\n}\n';
    const location = tempDir();
    const validity = async (tree: Tree, cacheLocation?: string) =>
      (await findings(tree, cacheLocation, ['schema/valid'])).map((d) => `${d.file}:${d.line} ${d.messageId}`);
    expect(await validity(files('App', instance), location)).toEqual(['configs/app.json:3 invalid']);
    const stored = readCache(location);
    // Poisoned: the instance seems to name a schema that does not exist.
    expect(poisonDerived(stored, 'own-schema', { declared: 'nowhere.schema.json' })).toBe(1);
    writeCache(location, stored);
    // The schema changes, so the instance is mapped again: by what its content was remembered to declare.
    expect(await validity(files('Application', instance), location)).toEqual(['configs/app.json:2 missingSchema']);
    // Its content changes: read again, mapped as written.
    const edited = instance.replace('"name": 1', '"name": 2');
    expect(await validity(files('Application', edited), location)).toEqual(
      await validity(files('Application', edited)),
    );
    expect(await validity(files('Application', edited))).toEqual(['configs/app.json:3 invalid']);
  });

  it('recalls what a values file reads as only while its content is unchanged, and keeps no map JSON would change', async () => {
    const values = 'ops/k8s/values/perf.yaml';
    const contract = 'ops/k8s/rollout-safety-contract.json';
    // `.inf` is a YAML number JSON cannot hold: the rollout contract requires `replicaCount=4` and the message quotes it.
    const infinite = editText(exampleTree(), values, 'replicaCount: 4', 'replicaCount: .inf');
    const conform = async (files: Tree, cacheLocation?: string) =>
      (await findings(files, cacheLocation))
        .filter((d) => d.ruleId === 'rollout/values-conform' || d.ruleId === 'atlas/contract-file')
        .map((d) => `${d.ruleId} ${d.file} ${d.message}`);
    const location = tempDir();
    const first = await conform(infinite, location);
    expect(first.some((d) => d.includes('replicaCount'))).toBe(true);
    // The contract changes, the values do not: the rules run again and read the values file from the cache.
    const touched = { ...infinite, [contract]: `${infinite[contract] as string}\n` };
    expect(await conform(touched, location)).toEqual(await conform(touched));
    // Poisoned: every values file seems empty.
    const stored = readCache(location);
    const kept = Object.values(stored.derived['yaml-map-2']) as [number, any][];
    // perf.yaml's map was never kept (it holds `.inf`): only that it was not is.
    expect(kept.filter(([, read]) => read.unkept === true).length).toBe(1);
    // The chart's defaults stay as read, so perf.yaml's effective values can still be judged.
    const chartDefaults = gitBlobId(Buffer.from(infinite['ops/k8s/charts/atlas/values.yaml'] as string));
    for (const [id, entry] of Object.entries(stored.derived['yaml-map-2']) as [string, [number, any]][])
      if (entry[1].unkept !== true && id !== chartDefaults) entry[1] = { problem: { kind: 'empty' } };
    writeCache(location, stored);
    const again = { ...touched, [contract]: `${touched[contract] as string}\n` };
    const poisoned = await conform(again, location);
    expect(poisoned.filter((d) => d.includes('is empty')).length).toBeGreaterThan(1);
    // perf.yaml is parsed again, and its finding is the real one.
    expect(poisoned.some((d) => d.includes(values) && d.includes('is empty'))).toBe(false);
    expect(poisoned.filter((d) => d.includes('replicaCount'))).toEqual(first.filter((d) => d.includes('replicaCount')));
  });

  it('names each values file in its own problem when two share a content that is not a map', async () => {
    const list = '- replicaCount: 4\n';
    const files = { ...exampleTree(), 'ops/k8s/values/perf.yaml': list, 'ops/k8s/values/ci-minimal.yaml': list };
    const shapes = async (tree: Tree, cacheLocation?: string) =>
      (await findings(tree, cacheLocation))
        .filter((d) => d.ruleId === 'atlas/contract-file')
        .map((d) => `${d.file} ${d.message}`);
    const uncached = await shapes(files);
    // Each file's problem names that file, not the other one read first.
    for (const file of ['ops/k8s/values/perf.yaml', 'ops/k8s/values/ci-minimal.yaml'])
      expect(uncached).toContain(
        `${file} Unexpected a list at the top level of \`${file}\`, expected a map of keys to values`,
      );
    const location = tempDir();
    expect(await shapes(files, location)).toEqual(uncached);
    expect(await shapes(files, location)).toEqual(uncached);
  });

  it('recalls whether a JSON file is shaped like a scenario only while its content is unchanged', async () => {
    const { location, stored } = await filledCache();
    // Poisoned: no file seems to be a scenario.
    expect(poisonDerived(stored, 'scenario-shaped', false)).toBeGreaterThan(2);
    writeCache(location, stored);
    const edited = { ...tree, 'ops/k8s/install-matrix.json': `${tree['ops/k8s/install-matrix.json'] as string}\n` };
    const cached = await check({ source: new MemorySource(edited), now, cacheLocation: location });
    const uncached = await check({ source: new MemorySource(edited), now });
    expect(cached.report.diagnostics).not.toEqual(uncached.report.diagnostics);
    // Every scenario's content changes: none is recalled, and the verdict is the uncached one.
    const rewritten = Object.fromEntries(
      Object.entries(edited).map(([file, text]) => [
        file,
        file.startsWith('ops/e2e/scenarios/') && file.endsWith('.json') ? `${text as string}\n` : text,
      ]),
    );
    expect(await findings(rewritten, location)).toEqual(await findings(rewritten));
  });

  it('recalls which install-matrix profiles a release runs only while the matrix is unchanged', async () => {
    const example = exampleTree();
    const location = tempDir();
    const coverage = async (files: Tree, cacheLocation?: string) =>
      (await findings(files, cacheLocation, ['matrix/release-coverage'])).map((d) => `${d.messageId}: ${d.message}`);
    expect(await coverage(example, location)).toEqual(await coverage(example));
    const stored = readCache(location);
    // Poisoned: the release seems to run no profile.
    expect(poisonDerived(stored, 'release-profiles', [])).toBe(1);
    writeCache(location, stored);
    expect(await coverage(example)).toEqual([]);
    expect((await coverage(example, location)).join('\n')).toMatch(/^noProfiles: /);
    // The matrix changes: its profiles are read again, and the verdict is the uncached one.
    const edited = {
      ...example,
      'ops/k8s/install-matrix.json': `${example['ops/k8s/install-matrix.json'] as string}\n`,
    };
    expect(await coverage(edited, location)).toEqual(await coverage(edited));
  });

  it("recalls a config file's validated content only while its text is unchanged", async () => {
    const files: Tree = { ...tree, 'surveyor.config.json': '{ "rules": { "docs/stale-review": "warning" } }\n' };
    const location = tempDir();
    const rulesOf = async (edited: Tree, cacheLocation?: string) =>
      [...new Set((await findings(edited, cacheLocation, ['json/syntax'])).map((d) => d.ruleId))].sort();
    expect(await rulesOf(files, location)).toContain('json/syntax');
    const stored = readCache(location);
    // Poisoned: the config seems to turn the rule that finds the broken matrix off.
    expect(poisonDerived(stored, 'user-config', { rules: { 'json/syntax': 'off' } })).toBe(1);
    writeCache(location, stored);
    expect(await rulesOf(files, location)).not.toContain('json/syntax');
    // The config's text changes: it is validated again, and the verdict is the uncached one.
    const edited = { ...files, 'surveyor.config.json': `${files['surveyor.config.json'] as string}\n` };
    expect(await rulesOf(edited, location)).toEqual(await rulesOf(edited));
    expect(await rulesOf(edited)).toContain('json/syntax');
  });

  it('recalls whether an unmapped contract is JSON at all only while its content is unchanged', async () => {
    const files: Tree = {
      'ops/k8s/install-matrix.json': '{ "$schema": "../schema/k8s/install-matrix.schema.json", "schema_version": 1 }\n',
      'ops/schema/k8s/install-matrix.schema.json':
        '{ "$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object" }\n',
      'ops/release/evidence/waivers.json': '{ "waivers": [] }\n',
    };
    const location = tempDir();
    const unmapped = async (tree: Tree, cacheLocation?: string) =>
      (await findings(tree, cacheLocation, ['schema/unmapped'])).map((d) => `${d.file} ${d.messageId}`);
    expect(await unmapped(files, location)).toEqual(['ops/release/evidence/waivers.json unmapped']);
    const stored = readCache(location);
    // Poisoned: no file seems to be JSON, so none is reported as unmapped.
    expect(poisonDerived(stored, 'valid-json', false)).toBeGreaterThan(0);
    writeCache(location, stored);
    // Another JSON file changes: the rule runs again and recalls the waivers' verdict.
    const touched = { ...files, 'ops/k8s/install-matrix.json': `${files['ops/k8s/install-matrix.json'] as string}\n` };
    expect(await unmapped(touched, location)).toEqual([]);
    // The waivers change: read again, reported as the uncached run reports them.
    const edited = { ...touched, 'ops/release/evidence/waivers.json': '{ "waivers": [ ] }\n' };
    expect(await unmapped(edited, location)).toEqual(await unmapped(edited));
    expect(await unmapped(edited)).toEqual(['ops/release/evidence/waivers.json unmapped']);
  });

  it("recalls a page's front-matter findings while its front matter and the schema are unchanged, however its body changes", async () => {
    const { location, stored } = await filledCache();
    // Poisoned: every page seems to have no front matter.
    expect(poisonDerived(stored, 'docs-frontmatter-findings', NO_FRONT_MATTER)).toBeGreaterThan(1);
    writeCache(location, stored);
    const page = 'docs/index.md';
    const missingIn = async (files: Tree) => {
      const result = await check({ source: new MemorySource(files), now, cacheLocation: location });
      const uncached = await check({ source: new MemorySource(files), now });
      expect(uncached.report.diagnostics.filter((d) => d.ruleId === 'docs/frontmatter')).toEqual([]);
      return new Set(
        result.report.diagnostics
          .filter((d) => d.ruleId === 'docs/frontmatter' && d.messageId === 'missing')
          .map((d) => d.file),
      );
    };
    // The page's body changes: the rule runs again and recalls every page's findings, the edited one's too.
    const bodyEdit = await missingIn({ ...tree, [page]: `${tree[page] as string}\nEdited.\n` });
    expect(bodyEdit.size).toBeGreaterThan(1);
    expect(bodyEdit.has(page)).toBe(true);
    // Its front matter changes: that page is validated again, the others are still recalled.
    const frontMatterEdit = await missingIn(editText(tree, page, 'title: ', 'title: Edited '));
    expect(frontMatterEdit.size).toBe(bodyEdit.size - 1);
    expect(frontMatterEdit.has(page)).toBe(false);
  });

  it("recalls `docs/frontmatter` after a repository schema edit while the front-matter schema is surveyor's own", async () => {
    const location = tempDir();
    const frontMatter = async (files: Tree) =>
      (await findings(files, location, ['docs/frontmatter'])).map((d) => `${d.file} ${d.message}`);
    const truth = await frontMatter(tree);
    writeCache(location, poison(readCache(location)));
    // A repository schema changes: the shipped front-matter schema does not, so the (poisoned) findings are recalled.
    expect(await frontMatter(retitledDefs)).toEqual([...truth, 'x invented']);
    // A page changes: the rule runs again.
    const page = 'docs/index.md';
    expect(await frontMatter({ ...retitledDefs, [page]: `${retitledDefs[page] as string}\nEdited.\n` })).toEqual(truth);
  });

  it("reads every page's front matter again when the repository's front-matter schema changes", async () => {
    const schemaFile = 'schemas/frontmatter.schema.json';
    const shipped = readFileSync(path.join(packageRoot, 'schemas/docs-frontmatter.schema.json'), 'utf8');
    const own = {
      ...tree,
      'surveyor.config.json': JSON.stringify({ docs: { frontmatterSchema: schemaFile } }),
      [schemaFile]: shipped,
    };
    const location = tempDir();
    const frontMatter = (files: Tree) => findings(files, location, ['docs/frontmatter']);
    expect(await frontMatter(own)).toEqual([]);
    const stored = readCache(location);
    expect(poisonDerived(stored, 'docs-frontmatter-findings', NO_FRONT_MATTER)).toBeGreaterThan(1);
    writeCache(location, stored);
    // Only the schema's title changes: no page recalls the poisoned findings.
    const retitled = { ...own, [schemaFile]: shipped.replace('"title": "', '"title": "Edited: ') };
    expect(shipped).not.toEqual(retitled[schemaFile]);
    expect(await frontMatter(retitled)).toEqual([]);
  });
});

describe('entries of the result cache that runs stop using', () => {
  const finding = (message: string) => [{ diagnostic: { ruleId: 'json/syntax', message } as Diagnostic }];
  /** One run that stores findings: opens the store, asks for `used`, stores `stored`, saves; what the file holds after. */
  const storingRun = (location: string, used: string[], stored: string) => {
    const store = new ResultStore(location, 'test');
    for (const key of used) store.get(key);
    store.set(stored, []);
    store.save();
    return readResults(location);
  };

  it('are dropped once four runs that stored findings have not used them; used ones, and the keys they keep alive, stay', () => {
    const location = tempDir();
    const first = new ResultStore(location, 'test');
    first.set('used', finding('used'));
    first.set('unused', finding('unused'));
    // `linked` is kept alive by `via`, which is used, while nothing asks for `linked` itself.
    first.set('via', finding('linked'), 'linked');
    first.set('linked', finding('linked'));
    first.save();
    for (let run = 2; run <= 4; run++) {
      const after = storingRun(location, ['used', 'via'], `run-${run}`);
      expect(Object.keys(after.entries)).toContain('unused');
    }
    // The fifth run to store findings is the fourth not to use `unused`.
    const after = storingRun(location, ['used', 'via'], 'run-5');
    expect(after.run).toBe(5);
    expect(Object.keys(after.entries).sort()).toEqual(['linked', 'run-2', 'run-3', 'run-4', 'run-5', 'used', 'via']);
    const last = new ResultStore(location, 'test');
    expect(last.get('unused')).toBeUndefined();
    expect(last.get('linked')).toEqual(finding('linked'));
    expect(last.get('used')).toEqual(finding('used'));
  });

  it("of a group stay while runs touch it, though none looks them up; those the group's last lookup did not use go", () => {
    const location = tempDir();
    // Run 1 looks up every key of the group `group-01` (two files), run 2 again after the second file changed.
    const first = new ResultStore(location, 'test');
    first.set('group-01:one', finding('one'));
    first.set('group-01:two', finding('two, as it was'));
    first.lookedUpGroup('group-01');
    first.save();
    const second = new ResultStore(location, 'test');
    expect(second.get('group-01:one')).toEqual(finding('one'));
    second.set('group-01:two-now', finding('two'), 'mapped:two');
    second.set('mapped:two', finding('two'));
    second.lookedUpGroup('group-01');
    second.save();
    // Runs 3 to 7 touch the group (its rule's inputs unchanged) and store something else.
    const touchingRun = (stored: string, touch: boolean) => {
      const store = new ResultStore(location, 'test');
      if (touch) store.touchGroup('group-01');
      store.set(stored, []);
      store.save();
      return readResults(location);
    };
    for (let run = 3; run <= 7; run++) touchingRun(`run-${run}`, true);
    const touched = readResults(location);
    expect(touched.run).toBe(7);
    expect(touched.groups).toEqual({ 'group-01': [7, 2] });
    // The entries the last lookup used stay, and the one an entry of them links to; the second file's old one goes.
    expect(Object.keys(touched.entries).filter((key) => !key.startsWith('run-'))).toEqual([
      'group-01:one',
      'group-01:two-now',
      'mapped:two',
    ]);
    // Untouched for four runs that store, the group and its entries go too.
    for (let run = 8; run <= 11; run++) touchingRun(`run-${run}`, false);
    const untouched = readResults(location);
    expect(untouched.groups).toEqual({});
    expect(Object.keys(untouched.entries).filter((key) => !key.startsWith('run-'))).toEqual([]);
  });

  it("keep a rule's findings of each file while it recalls them all at once: an edit then checks one file again", async () => {
    const location = tempDir();
    const rules = ['schema/valid', 'docs/title-h1'];
    const invalid = editText(
      exampleTree(),
      'ops/k8s/install-matrix.json',
      '"schema_version": 1,',
      '"schema_version": 2,',
    );
    expect((await findings(invalid, location, rules)).map((d) => d.file)).toContain('ops/k8s/install-matrix.json');
    const stored = readCache(location);
    for (const list of Object.values(stored.lists) as any[][])
      for (const finding of list) finding.diagnostic.message = 'invented';
    writeCache(location, stored);
    // Six runs that store findings (a page edited each time) while no input of `schema/valid` changes.
    const page = 'docs/operations/rollout-safety.md';
    for (let run = 1; run <= 6; run++)
      await findings({ ...invalid, [page]: `${invalid[page] as string}\n${run}\n` }, location, rules);
    // A scenario's whitespace changes: the scenario is validated again, the matrix's findings are recalled.
    const scenario = 'ops/e2e/scenarios/upgrade/upgrade-minor.json';
    const edited = { ...invalid, [scenario]: `${invalid[scenario] as string} ` };
    const matrix = (await findings(edited, location, rules)).filter((d) => d.file === 'ops/k8s/install-matrix.json');
    expect(matrix.length).toBeGreaterThan(0);
    expect(matrix.every((d) => d.message === 'invented')).toBe(true);
  });

  it('are not counted against by runs that only read: such a run writes nothing', () => {
    const location = tempDir();
    const first = new ResultStore(location, 'test');
    first.set('kept', finding('kept'));
    first.save();
    const before = readFileSync(path.join(location, 'results.json'), 'utf8');
    for (let run = 0; run < 6; run++) {
      const reader = new ResultStore(location, 'test');
      expect(reader.get('kept')).toEqual(finding('kept'));
      expect(reader.get('missing')).toBeUndefined();
      reader.save();
    }
    expect(readFileSync(path.join(location, 'results.json'), 'utf8')).toBe(before);
    expect(readResults(location).run).toBe(1);
  });
});

describe('the keys a run leaves for the next (keys.json)', () => {
  /**
   * Whether a run of `rule` over `after` (on `day`) took the rule's findings by the key the run over
   * `example` kept for it, unhashed: that key is pointed at an invented finding first, which only a
   * run that takes the kept key reports.
   */
  async function keptKeyTaken(rule: string, after: Tree, day = now): Promise<boolean> {
    const location = await keptKeyPointedAt(rule, [invented(rule, 'README.md', 'invented')]);
    const { report } = await check({
      source: new MemorySource(after),
      now: day,
      cacheLocation: location,
      only: [rule],
    });
    return report.diagnostics.some((d) => d.message === 'invented');
  }
  /**
   * A cache filled by a run of `rule` over the example, the key it kept for the rule pointing at
   * `findings`, which only a run that takes that key reports.
   */
  async function keptKeyPointedAt(rule: string, findings: { diagnostic: object }[]): Promise<string> {
    const location = tempDir();
    await check({ source: new MemorySource(exampleTree()), now, cacheLocation: location, only: [rule] });
    const keysFile = path.join(location, 'keys.json');
    const keys = JSON.parse(readFileSync(keysFile, 'utf8'));
    expect(Object.keys(keys.rules)).toEqual([rule]);
    keys.rules[rule][1] = 'kept-key-000000000000000';
    writeFileSync(keysFile, JSON.stringify(keys));
    const results = readResults(location);
    results.entries['kept-key-000000000000000'] = [results.run, 'invented'];
    results.lists.invented = findings;
    writeResults(location, results);
    return location;
  }
  const invented = (rule: string, file: string, message: string) => ({
    diagnostic: { ruleId: rule, severity: 'warning', message, file, line: 1, column: 1 },
  });
  const example = exampleTree();
  const nextDay = new Date('2026-11-28T00:00:00Z');
  const page = 'docs/operations/rollout-safety.md';

  it('are taken while nothing a rule reads changed, whatever else did', async () => {
    expect(await keptKeyTaken('docs/title-h1', example)).toBe(true);
    expect(
      await keptKeyTaken('docs/title-h1', { ...example, 'README.md': `${example['README.md'] as string}\nMore.\n` }),
    ).toBe(true);
    expect(
      await keptKeyTaken('helm/values-schema', { ...example, [page]: `${example[page] as string}\nMore.\n` }),
    ).toBe(true);
  });

  it("are not taken once one of the rule's inputs or shared inputs changed", async () => {
    expect(await keptKeyTaken('docs/title-h1', { ...example, [page]: `${example[page] as string}\nMore.\n` })).toBe(
      false,
    );
    expect(
      await keptKeyTaken('docs/title-h1', { ...example, 'mkdocs.yml': `${example['mkdocs.yml'] as string}\n` }),
    ).toBe(false);
  });

  it('are not taken by a rule that reads the schemas once a schema changed, nor by one that reads the date the next day', async () => {
    const scenario = 'ops/e2e/scenarios/upgrade/upgrade-minor.json';
    // An instance edit leaves the schema set as it was; a schema edit does not.
    expect(
      await keptKeyTaken('helm/values-schema', { ...example, [scenario]: `${example[scenario] as string} ` }),
    ).toBe(true);
    const defs = 'ops/schema/common/defs.schema.json';
    const retitled = editText(example, defs, '"title": "Shared definitions', '"title": "Definitions');
    expect(await keptKeyTaken('helm/values-schema', retitled)).toBe(false);
    expect(await keptKeyTaken('docs/stale-review', example)).toBe(true);
    expect(await keptKeyTaken('docs/stale-review', example, nextDay)).toBe(false);
  });

  it('give a rule keyed per file the findings of its unchanged inputs when some changed, and check those again', async () => {
    const rule = 'docs/title-h1';
    const location = await keptKeyPointedAt(rule, [
      invented(rule, 'docs/index.md', 'invented, unchanged'),
      invented(rule, page, 'invented, edited'),
    ]);
    const edited = { ...example, [page]: `${example[page] as string}\nMore.\n` };
    const { report } = await check({ source: new MemorySource(edited), now, cacheLocation: location, only: [rule] });
    const messages = report.diagnostics.map((d) => d.message);
    expect(messages).toContain('invented, unchanged');
    expect(messages).not.toContain('invented, edited');
    // The next run, on the same content, takes all of it by the key this run kept.
    const again = await check({ source: new MemorySource(edited), now, cacheLocation: location, only: [rule] });
    expect(again.report.diagnostics).toEqual(report.diagnostics);
  });

  it("work out the schema set's key from the last run's schema files and the changed files, as from every file", async () => {
    const schemasKey = async (files: Tree, location: string) => {
      await check({ source: new MemorySource(files), now, cacheLocation: location, only: ['schema/valid'] });
      const keys = JSON.parse(readFileSync(path.join(location, 'keys.json'), 'utf8'));
      return { schemas: keys.schemas as string, count: (keys.schemaFiles as number[]).length };
    };
    const location = tempDir();
    const first = await schemasKey(example, location);
    const scenario = 'ops/e2e/scenarios/upgrade/upgrade-minor.json';
    const defs = 'ops/schema/common/defs.schema.json';
    const record = 'ops/data/record.json';
    // Each step from the one before, on the same cache: an instance edit, a schema edit, a file that becomes
    // a schema by declaring a draft, and that file again no schema; each key as a run with no cache gives it.
    const steps: Tree[] = [];
    steps.push({ ...example, [record]: '{ "id": 1 }\n' });
    steps.push({ ...steps[0]!, [scenario]: `${example[scenario] as string} ` });
    steps.push(editText(steps[1]!, defs, '"title": "Shared definitions', '"title": "Definitions'));
    steps.push({
      ...steps[2]!,
      [record]: '{ "$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object" }\n',
    });
    steps.push({ ...steps[3]!, [record]: '{ "id": 2 }\n' });
    const counts: number[] = [];
    for (const step of steps) {
      const cached = await schemasKey(step, location);
      expect(cached).toEqual(await schemasKey(step, tempDir()));
      counts.push(cached.count);
    }
    expect(counts[3]).toBe(counts[2]! + 1);
    expect(counts[4]).toBe(counts[2]);
    expect(first.count).toBe(counts[0]);
  });

  it('stay as they were, not written again, after a run that kept no rule or the same keys', async () => {
    const location = tempDir();
    const keysFile = path.join(location, 'keys.json');
    const run = (only: string[]) => check({ source: new MemorySource(example), now, cacheLocation: location, only });
    await run(['docs/title-h1']);
    const before = readFileSync(keysFile, 'utf8');
    // A file written again is a new file renamed into place: a new inode.
    const inode = statSync(keysFile).ino;
    // A change check with nothing staged runs no rule; a warm run keeps every rule's key as it was.
    await run([]);
    await run(['docs/title-h1']);
    expect(statSync(keysFile).ino).toBe(inode);
    expect(readFileSync(keysFile, 'utf8')).toBe(before);
  });

  it('are not taken once the file list or the configuration changed', async () => {
    expect(await keptKeyTaken('docs/title-h1', { ...example, 'notes.txt': 'new\n' })).toBe(false);
    expect(await keptKeyTaken('docs/title-h1', { ...example, 'surveyor.config.json': '{}\n' })).toBe(false);
  });
});

describe('memory the result cache keeps', () => {
  it('holds its own copy of each key, not the longer string a key was cut from', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const store = new ResultStore(tempDir(), 'test');
    // Kept beside the store, so that what the store alone holds is measured.
    const longs: string[] = [];
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 400; i++) {
      // A key is a prefix of a digest's hex: a slice that would keep its whole 100 kB string alive.
      const long = String(i).padEnd(100_000, 'x');
      store.set(long.slice(0, 24), [], i % 2 ? long.slice(1, 25) : undefined);
      longs.push(String(i));
    }
    gc();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(8_000_000);
    expect(store.get('1'.padEnd(24, 'x'))).toEqual([]);
    expect(longs).toHaveLength(400);
  });
});

describe('heading anchors in the result cache', () => {
  /** The example with a finding under a heading of two pages. */
  const underHeadings: Tree = Object.entries({
    'docs/index.md': '## Where to start\n',
    'docs/operations/observability.md': '## Alerts\n',
  }).reduce(
    (files, [page, heading]) => editText(files, page, heading, `${heading}\nCopy \`ops/missing.json\` first.\n`),
    tree,
  );
  /** `file#anchor` of each finding about the missing path, as a baseline records it. */
  const anchored = async (files: Tree, cacheLocation?: string) => {
    const cache = cacheLocation ? { cacheLocation } : {};
    const result = await check({ source: new MemorySource(files), now, only: ['docs/path-ref'], ...cache });
    return baselineOf(result.report.diagnostics, result.headingAnchors)
      .findings.filter((f) => f.ruleId === 'docs/path-ref' && f.message.includes('ops/missing.json'))
      .map((f) => `${f.file}#${f.anchor}`);
  };

  it("recalls a page's heading anchors only while its content is unchanged, without the page outlines", async () => {
    const location = tempDir();
    const truth = ['docs/index.md#where-to-start', 'docs/operations/observability.md#alerts'];
    expect(await anchored(underHeadings, location)).toEqual(truth);
    expect(derivedFiles(location)).toContain('derived-heading-anchors-1.json');
    const stored = readCache(location);
    // Poisoned: every page with a finding seems to have one heading, `poisoned`, on line 1.
    expect(poisonDerived(stored, 'heading-anchors', [[1, 'poisoned']])).toBeGreaterThan(1);
    writeCache(location, stored);
    const outlines = outlineShards(location);
    for (const file of outlines) writeFileSync(file, '\u0000garbage');
    // A JSON contract edit: the docs findings are recalled and so are their anchors; the outlines are not needed.
    const jsonEdit: Tree = {
      ...underHeadings,
      'ops/observe/alert-catalog.json': `${underHeadings['ops/observe/alert-catalog.json'] as string}\n`,
    };
    expect(await anchored(jsonEdit, location)).toEqual([
      'docs/index.md#poisoned',
      'docs/operations/observability.md#poisoned',
    ]);
    for (const file of outlines) expect(readFileSync(file, 'utf8')).toBe('\u0000garbage');
    // One page changes: its anchors are read again, the other page's are still recalled.
    const pageEdit = { ...jsonEdit, 'docs/index.md': `${jsonEdit['docs/index.md'] as string}\nEdited.\n` };
    expect(await anchored(pageEdit, location)).toEqual([
      'docs/index.md#where-to-start',
      'docs/operations/observability.md#poisoned',
    ]);
    expect(await anchored(pageEdit)).toEqual(truth);
  });
});
