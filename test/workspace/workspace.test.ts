import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { messageIdOf, runCheck } from '../../src/engine/run.js';
import { DiskSource, gitBlobId, MemorySource } from '../../src/workspace/file-source.js';
import { type ContentMemo, literalFolder, picomatch, Workspace } from '../../src/workspace/workspace.js';
import { checkTree, findings } from '../support/check-tree.js';
import { RecordingSource } from '../support/recording-source.js';

const temps: string[] = [];
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'surveyor-ws-'));
  temps.push(root);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  return root;
}

describe('the file index on disk', () => {
  it('uses git when the root is a checkout: ignored files are not listed, untracked ones are', () => {
    const root = tree({ '.gitignore': 'build/\n', 'ops/a.json': '{}', 'build/out.json': '{}' });
    execFileSync('git', ['init', '-q'], { cwd: root });
    execFileSync('git', ['add', '.gitignore'], { cwd: root });
    writeFileSync(path.join(root, 'ops/new.json'), '{}');
    const workspace = new Workspace(new DiskSource(root));
    expect(workspace.files).toEqual(['.gitignore', 'ops/a.json', 'ops/new.json']);
  });

  it('drops files git tracks but the working tree deleted', () => {
    const root = tree({ 'a.json': '{}', 'b.json': '{}' });
    execFileSync('git', ['init', '-q'], { cwd: root });
    execFileSync('git', ['add', '.'], { cwd: root });
    rmSync(path.join(root, 'b.json'));
    expect(new Workspace(new DiskSource(root)).files).toEqual(['a.json']);
  });

  it('walks the tree with fast-glob elsewhere, skipping node_modules and .git', () => {
    const root = tree({ 'ops/a.json': '{}', 'node_modules/x/package.json': '{}', '.hidden/b.json': '{}' });
    expect(new Workspace(new DiskSource(root)).files).toEqual(['.hidden/b.json', 'ops/a.json']);
  });

  it('reports a symlink leading outside the root and never reads it; follows one inside', async () => {
    const outside = tree({ 'secret.json': '{ not json' });
    const root = tree({ 'ops/a.json': '{}' });
    symlinkSync(path.join(outside, 'secret.json'), path.join(root, 'ops/secret.json'));
    symlinkSync('a.json', path.join(root, 'ops/alias.json'));
    symlinkSync('missing.json', path.join(root, 'ops/dangling.json'));
    const result = await runCheck({ root, rules: allRules });
    expect(result.report.diagnostics.map((d) => [d.ruleId, d.file, messageIdOf(d)])).toEqual([
      ['workspace/symlink-escape', 'ops/dangling.json', 'dangling'],
      ['workspace/symlink-escape', 'ops/secret.json', 'escapes'],
    ]);
    const workspace = new Workspace(new DiskSource(root));
    expect(workspace.files).toEqual(['ops/a.json', 'ops/alias.json']);
    expect(workspace.bytes('ops/secret.json')).toBeUndefined();
    expect(workspace.text('ops/alias.json')).toEqual({ ok: true, text: '{}' });
  });
});

describe('reading', () => {
  it('reads each file once however many rules parse it', async () => {
    const reads: string[] = [];
    const source = new MemorySource({ 'ops/a.json': '{ "a": 1 }', 'ops/b.json': '[1,,]' });
    const read = source.read.bind(source);
    source.read = (file) => {
      const bytes = read(file);
      reads.push(file);
      return bytes;
    };
    const result = await runCheck({ source, rules: allRules });
    expect(result.report.summary.files).toBe(2);
    expect(reads.sort()).toEqual(['ops/a.json', 'ops/b.json']);
  });

  it('keeps a file read as text as text only, and still gives its content id and bytes', () => {
    const page = '\uFEFF# Déjà vu → 東京\r\n';
    const bytes = Buffer.from(page, 'utf8');
    const source = new RecordingSource(new MemorySource({ 'docs/a.md': page }));
    const workspace = new Workspace(source);
    expect(workspace.text('docs/a.md')).toEqual({ ok: true, text: page });
    // From the text already read (valid UTF-8 encodes back to its bytes): no second read.
    expect(workspace.contentId('docs/a.md')).toBe(gitBlobId(bytes));
    expect(source.count('read', 'docs/a.md')).toBe(1);
    expect(source.count('stream', 'docs/a.md')).toBe(0);
    expect(workspace.bytes('docs/a.md')).toEqual(bytes);
    expect(workspace.readCount).toBe(1);
  });

  it("takes a file's content id from a source that lists every id (a git snapshot), not from the bytes read", () => {
    const page = '# Listed\n';
    // A listing that names an id the bytes do not hash to shows where the id came from.
    class Listing extends MemorySource {
      readonly listsContentIds = true;
      contentId(file: string): string {
        return `listed:${file}`;
      }
    }
    const workspace = new Workspace(new Listing({ 'docs/a.md': page }));
    expect(workspace.text('docs/a.md')).toEqual({ ok: true, text: page });
    expect(workspace.contentId('docs/a.md')).toBe('listed:docs/a.md');
  });

  it('hashes the bytes, not a decoding, of a file that is not valid UTF-8', () => {
    const bytes = Buffer.from([0x23, 0x20, 0xff, 0xfe, 0x0a]);
    const source = new RecordingSource(new MemorySource({ 'docs/b.md': bytes }));
    const workspace = new Workspace(source);
    expect(workspace.text('docs/b.md').ok).toBe(false);
    expect(workspace.contentId('docs/b.md')).toBe(gitBlobId(bytes));
    expect(source.count('stream', 'docs/b.md')).toBe(1);
  });

  it('never reads a path that is not in the index', () => {
    const workspace = new Workspace(new MemorySource({ 'a.json': '{}' }));
    expect(workspace.text('../etc/passwd')).toEqual({
      ok: false,
      problem: { kind: 'unreadable', message: '`../etc/passwd` is not a file of the repository' },
    });
  });

  it('handles a 50 MB JSON file and places an error near its end exactly', async () => {
    const count = 400_000;
    const pad = 'x'.repeat(60);
    const row = (i: number) => `  {"id": ${i}, "name": "profile-${i}", "suite": "nightly", "pad": "${pad}"}`;
    // Joined a block of rows at a time: one join of 400,000 rows spends seconds collecting garbage.
    const blocks: string[] = [];
    for (let first = 0; first < count; first += 10_000) {
      const block: string[] = [];
      for (let i = first; i < Math.min(first + 10_000, count); i++) block.push(row(i));
      blocks.push(block.join(',\n'));
    }
    const text = `[\n${blocks.join(',\n')},\n]\n`;
    expect(text.length).toBeGreaterThan(50_000_000);
    const diagnostics = await checkTree({ 'ops/big.json': text }, { only: ['json/syntax', 'json/duplicate-key'] });
    expect(findings(diagnostics)).toEqual([
      { rule: 'json/syntax', at: `ops/big.json:${count + 1}:${row(count - 1).length + 1}`, id: 'syntax' },
    ]);
  });

  it('reports JSON nested 10,000 levels deep without overflowing', async () => {
    const depth = 10_000;
    const text = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth - 1)}`;
    const diagnostics = await checkTree(
      { 'ops/deep.json': text, 'ops/ok.json': '['.repeat(depth) + ']'.repeat(depth) },
      { only: ['json/syntax'] },
    );
    expect(findings(diagnostics)).toEqual([
      { rule: 'json/syntax', at: `ops/deep.json:1:${text.length + 1}`, id: 'syntax' },
    ]);
  });
});

/** A memo that is a plain map, as the result cache is between runs. */
function mapMemo(): ContentMemo & { values: Map<string, unknown> } {
  const values = new Map<string, unknown>();
  return {
    values,
    recall: (kind, id) => values.get(`${kind}\0${id}`),
    remember: (kind, id, value) => void values.set(`${kind}\0${id}`, value),
  };
}

describe('content ids by stamp', () => {
  const later = () => Date.now() + 60_000;

  it("recalls a settled file's id by its stamp, without reading it, and hashes it again once it changes", () => {
    const root = tree({ 'ops/a.json': '{"a": 1}\n' });
    const memo = mapMemo();
    const first = new Workspace(new DiskSource(root, [], { clock: later }));
    first.memo = memo;
    expect(first.contentId('ops/a.json')).toBe(gitBlobId(Buffer.from('{"a": 1}\n')));
    // Poisoned: the id recalled for this stamp is one the content never had.
    for (const key of memo.values.keys()) memo.values.set(key, 'f'.repeat(40));
    const source = new RecordingSource(new DiskSource(root, [], { clock: later }));
    const second = new Workspace(source);
    second.memo = memo;
    expect(second.contentId('ops/a.json')).toBe('f'.repeat(40));
    expect(source.accesses).toEqual([]);
    // The same size, and the modification time put back: the change of ctime still shows.
    const file = path.join(root, 'ops/a.json');
    const { atime, mtime } = statSync(file);
    writeFileSync(file, '{"a": 2}\n');
    utimesSync(file, atime, mtime);
    const third = new Workspace(new DiskSource(root, [], { clock: later }));
    third.memo = memo;
    expect(third.contentId('ops/a.json')).toBe(gitBlobId(Buffer.from('{"a": 2}\n')));
  });

  it('never keeps the stamp of a file changed just before the listing', () => {
    const root = tree({ 'ops/a.json': '{}\n' });
    const memo = mapMemo();
    const workspace = new Workspace(new DiskSource(root));
    workspace.memo = memo;
    expect(workspace.contentId('ops/a.json')).toBe(gitBlobId(Buffer.from('{}\n')));
    expect(memo.values.size).toBe(0);
  });
});

describe('matching globs', () => {
  const files = [
    'a.json',
    'docs',
    'docs/index.md',
    'docs/ops/guide.md',
    'docs-extra/x.md',
    'ops/k8s/install-matrix.json',
    'ops/k8s/values/kind.yaml',
    'ops/k8s/values/prod.yml',
    'ops/schema/k8s/install-matrix.schema.json',
    'ops/.hidden/x.json',
    'ops/a+b/c.json',
    'ops/{x}/y.json',
  ];
  const workspace = new Workspace(new MemorySource(Object.fromEntries(files.map((f) => [f, '']))));
  const segment = fc.constantFrom(
    'ops',
    'docs',
    'k8s',
    'values',
    'schema',
    '*',
    '**',
    '*.json',
    '*.{yaml,yml}',
    'a+b',
    '{x}',
    '.hidden',
    '?ocs',
    '[do]*',
    '+(ops|docs)',
    '{k8s,schema}',
    '{ops,docs}',
    '!(ops)',
    '.',
    '..',
    '',
  );
  const glob = fc
    .tuple(fc.constantFrom('', '!', './', '/'), fc.array(segment, { minLength: 1, maxLength: 4 }))
    .map(([lead, parts]) => lead + parts.join('/'))
    .filter((g) => g !== '' && g !== '!');

  it('matches what picomatch matches, glob by glob and list by list', () => {
    fc.assert(
      fc.property(fc.array(glob, { minLength: 1, maxLength: 3 }), (globs) => {
        const matches = picomatch()(globs, { dot: true });
        const expected = files.filter((file) => matches(file));
        expect(workspace.match(globs)).toEqual([...expected].sort());
      }),
      { numRuns: 2000 },
    );
  });

  it('compiles a glob list once per process, whichever workspace asks, and each still matches its own files', () => {
    const globs = ['docs/**/*.md', '*.json'];
    const first = new Workspace(new MemorySource({ 'docs/a.md': '', 'docs/drafts/b.md': '', 'ops/x.json': '' }));
    const second = new Workspace(new MemorySource({ 'docs/c.md': '', 'README.md': '', 'x.json': '' }));
    expect(second.matcher(globs)).toBe(first.matcher(globs));
    expect(first.match(globs)).toEqual(['docs/a.md', 'docs/drafts/b.md']);
    expect(second.match(globs)).toEqual(['docs/c.md', 'x.json']);
  });

  it('hands out one list per glob list, which the cache hashes once for every rule that reads it', () => {
    const workspace = new Workspace(new MemorySource({ 'docs/a.md': '', 'ops/x.json': '' }));
    const list = workspace.match(['docs/**/*.md', 'ops/**']);
    expect(list).toEqual(['docs/a.md', 'ops/x.json']);
    expect(workspace.match(['docs/**/*.md', 'ops/**'])).toBe(list);
  });

  it("gives each matched file's index in the file list, and a file's content key by index as by name", () => {
    const workspace = new Workspace(
      new MemorySource({ 'a.json': '1', 'docs/a.md': '# A', 'ops/x.json': '2', 'z.md': '' }),
    );
    const list = workspace.match(['**/*.json', 'z.md']);
    expect(list).toEqual(['a.json', 'ops/x.json', 'z.md']);
    const indexes = [...workspace.indexesOf(list)!];
    expect(indexes.map((index) => workspace.files[index])).toEqual(list);
    for (const index of indexes)
      expect(workspace.contentKeyAt(index)).toBe(workspace.contentKey(workspace.files[index]!));
    expect(workspace.contentKeyAt(1)).toBe(gitBlobId(Buffer.from('# A')));
    expect(workspace.indexesOf([...list])).toBeUndefined();
  });

  it('looks plain paths up, with what picomatch matches for them', () => {
    for (const glob of ['ops/k8s/install-matrix.json', 'docs', 'ops/k8s', 'missing.json', 'ops/a+b/c.json']) {
      const matches = picomatch()(glob, { dot: true });
      expect(workspace.match(glob), glob).toEqual(files.filter((file) => matches(file)).sort());
    }
    expect(workspace.match(['ops/k8s/values/kind.yaml', 'a.json', 'ops/k8s/values/*.yml'])).toEqual([
      'a.json',
      'ops/k8s/values/kind.yaml',
      'ops/k8s/values/prod.yml',
    ]);
  });

  it('finds the literal folder of a glob', () => {
    expect(literalFolder('ops/k8s/values/*.yaml')).toBe('ops/k8s/values');
    expect(literalFolder('ops/k8s/install-matrix.json')).toBe('ops/k8s');
    expect(literalFolder('**/*.json')).toBe('');
    expect(literalFolder('!ops/x.json')).toBe('');
    expect(literalFolder('./ops/x.json')).toBe('');
    expect(literalFolder('ops/{a,b}/x.json')).toBe('ops');
  });
});

describe('JSON values without positions', () => {
  const texts: Record<string, string> = {
    'plain.json': '{"a": [1, 2.5e3, -0, null, true], "b": {"c": "\\u00e9"}}',
    'duplicate.json': '{"a": 1, "a": 2}',
    'proto.json': '{"__proto__": {"polluted": true}}',
    'bom.json': '\ufeff{"a": 1}',
    'broken.json': '{"a": 1,,}',
  };

  it('gives the value the positional parser gives, and nothing for invalid JSON', () => {
    const fast = new Workspace(new MemorySource(texts));
    const slow = new Workspace(new MemorySource(texts));
    for (const file of Object.keys(texts)) {
      const document = slow.json(file)!;
      expect(fast.jsonValue(file)).toEqual(document.ok ? { value: document.value } : undefined);
    }
    expect(Object.hasOwn(fast.jsonValue('proto.json')!.value as object, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
