// Random hostile repositories for the property suite: the example with mutations drawn
// from issue 14's list (and random bytes in every kind of file), and the checks every
// run must pass whatever the repository holds.

import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { parseRegions } from '../../src/generate/markers.js';
import { parseMarkdown } from '../../src/workspace/markdown-document.js';
import { exampleTree, type Tree } from '../support/atlas-tree.js';
import { appendMembers, paxHeader, rawMember } from '../support/raw-tar.js';

/** One change to a repository; `apply` edits the tree in place. */
export interface Mutation {
  name: string;
  apply(tree: Tree): void;
}

const TARBALL = 'ops/release/evidence/bundle.tar';
const MANIFEST = 'ops/release/evidence/manifest.json';

/** Text that has broken or fooled surveyor before: markers, escapes, YAML tricks, huge numbers. */
const HOSTILE_SNIPPETS = [
  '<!-- surveyor:begin upgrade-flow',
  '<!-- surveyor:end upgrade-flow -->',
  '`<!-- surveyor:begin rollback-flow --> x <!-- surveyor:end rollback-flow -->`',
  '    <!-- surveyor:begin version-graph -->\n    old\n    <!-- surveyor:end version-graph -->',
  '> ```\n> <!-- surveyor:begin upgrade-flow -->\n> ```',
  '<!-- <!-- surveyor:page version-graph -->',
  '<!-- surveyor:page version-graph -->',
  'x <!-- '.repeat(400),
  '\u001b]8;;https://evil.example/\u0007link\u001b]8;;\u0007 \u001b[2J\u0007 \u202e',
  'base: &b { tag: "1.4.1" }\nimage:\n  <<: *b\n',
  'a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b]\n',
  '!!python/object/apply:os.system ["id"]',
  '{ "n": 1e999, "m": -1e400 }',
  '{ "$schema": "../../../../etc/schema.json", "$ref": "#" }',
  '"path": "../../etc/passwd"',
  '---\nlast_reviewed: 2999-01-01\n---\n',
  '*'.repeat(1200),
  '['.repeat(3000),
  '\u0000\u0001\uffff\ud800',
];

const editable = (tree: Tree) => Object.keys(tree).sort();
const pick = <T>(list: readonly T[], index: number): T => list[index % list.length]!;

const textOf = (tree: Tree, file: string): string => {
  const content = tree[file];
  if (typeof content === 'string') return content;
  if (content instanceof Uint8Array) return Buffer.from(content).toString('latin1');
  return '';
};

function deepJson(depth: number): string {
  return `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}\n`;
}

/** Every mutation the suite draws from. */
export function mutationArbitrary(): fc.Arbitrary<Mutation> {
  const fileIndex = fc.nat();
  const any: fc.Arbitrary<Mutation> = fc.oneof(
    fc.tuple(fileIndex, fc.uint8Array({ maxLength: 600 })).map(([i, bytes]) => ({
      name: 'random bytes in a file',
      apply: (tree: Tree) => {
        tree[pick(editable(tree), i)] = bytes;
      },
    })),
    fc
      .tuple(fileIndex, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }))
      .map(([i, flips]) => ({
        name: 'bytes flipped in a file',
        apply: (tree: Tree) => {
          const file = pick(editable(tree), i);
          const content = tree[file];
          if (!(typeof content === 'string' || content instanceof Uint8Array)) return;
          const bytes = Buffer.from(typeof content === 'string' ? Buffer.from(content) : content);
          if (bytes.length === 0) return;
          for (const [at, value] of flips) bytes[at % bytes.length] = value;
          tree[file] = new Uint8Array(bytes);
        },
      })),
    fc.tuple(fileIndex, fc.nat(), fc.nat()).map(([i, snippet, at]) => ({
      name: 'hostile text inserted in a file',
      apply: (tree: Tree) => {
        const file = pick(editable(tree), i);
        const text = textOf(tree, file);
        const lines = text.split('\n');
        lines.splice(at % (lines.length + 1), 0, pick(HOSTILE_SNIPPETS, snippet));
        tree[file] = lines.join('\n');
      },
    })),
    fc.tuple(fileIndex, fc.integer({ min: 500, max: 6000 })).map(([i, depth]) => ({
      name: 'a JSON file nested thousands deep',
      apply: (tree: Tree) => {
        const json = editable(tree).filter((f) => f.endsWith('.json'));
        tree[pick(json, i)] = deepJson(depth);
      },
    })),
    fc.tuple(fileIndex, fc.nat()).map(([i, target]) => ({
      name: 'a file replaced by a symlink',
      apply: (tree: Tree) => {
        const file = pick(editable(tree), i);
        const depth = file.split('/').length - 1;
        const targets = [
          '/etc/passwd',
          `${'../'.repeat(depth + 1)}outside/page.md`,
          path.posix.basename(file),
          `${'../'.repeat(depth)}docs`,
          `${'../'.repeat(depth)}${pick(editable(tree), target)}`,
        ];
        tree[file] = { symlink: pick(targets, target) };
      },
    })),
    fc.nat().map((i) => ({
      name: 'a file deleted',
      apply: (tree: Tree) => {
        delete tree[pick(editable(tree), i)];
      },
    })),
    fc.nat().map((i) => ({
      name: 'a file replaced by a folder',
      apply: (tree: Tree) => {
        const file = pick(editable(tree), i);
        delete tree[file];
        tree[`${file}/inner.txt`] = 'a folder where a file was\n';
      },
    })),
    fc.constantFrom<Mutation>(
      {
        name: 'an evidence digest for a folder',
        apply: (tree) => {
          tree[MANIFEST] = textOf(tree, MANIFEST).replace('"ops/k8s/install-matrix.json"', '"ops/k8s"');
        },
      },
      {
        name: 'tar members that leave the archive',
        apply: (tree) => {
          const tar = tree[TARBALL];
          if (!(tar instanceof Uint8Array)) return;
          tree[TARBALL] = appendMembers(
            tar,
            rawMember('../x', 'x'),
            rawMember('/etc/x', 'x'),
            paxHeader({ path: '../../x' }),
            rawMember('y', 'y'),
            rawMember('artifacts/link', '', '1', 'artifacts/reports/perf-summary.json'),
          );
        },
      },
      {
        name: 'a schema cycle through dependentSchemas and a remote $ref',
        apply: (tree) => {
          tree['ops/schema/cycle.schema.json'] = JSON.stringify({
            $schema: 'https://json-schema.org/draft/2020-12/schema',
            $id: 'https://example.org/cycle.json',
            dependentSchemas: { a: { $ref: '#' } },
            properties: { remote: { $ref: 'http://127.0.0.1:9/never.json' } },
          });
        },
      },
    ),
  );
  // A counterexample names its mutations (the seed and path fast-check prints replay their values).
  return any.map((mutation) => ({ ...mutation, [fc.toStringMethod]: () => mutation.name }));
}

/** A few mutations; the shrunk counterexample lists their names and values, not the whole tree. */
export function mutationsArbitrary(maxMutations: number): fc.Arbitrary<Mutation[]> {
  return fc.array(mutationArbitrary(), { minLength: 1, maxLength: maxMutations });
}

/** The example with mutations applied. */
export function hostileTree(mutations: readonly Mutation[]): Tree {
  const tree = exampleTree();
  for (const mutation of mutations) mutation.apply(tree);
  return tree;
}

/** Writes a tree to disk, symlinks included (as the repository committed them). */
export function writeHostileTree(root: string, tree: Tree): void {
  for (const [file, content] of Object.entries(tree)) {
    const target = path.join(root, file);
    try {
      mkdirSync(path.dirname(target), { recursive: true });
      if (typeof content === 'object' && 'symlink' in content) symlinkSync(content.symlink, target);
      else if (typeof content === 'string' || content instanceof Uint8Array) writeFileSync(target, content);
    } catch {
      // A mutation can make one path both a file and a folder; the first written wins, as in git.
    }
  }
}

/**
 * Every entry under a folder: type, size, mode, mtime and a digest of its bytes (links by
 * target). Folder mtimes are left out with `folderTimes: false`: writing a page inside one
 * (temporary file, rename) changes its folder's mtime.
 */
export function snapshot(dir: string, skip?: string, folderTimes = true): Map<string, string> {
  const entries = new Map<string, string>();
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const full = path.join(at, name);
      if (full === skip) continue;
      const stat = lstatSync(full);
      const kind = stat.isSymbolicLink()
        ? `link ${readlinkSync(full)}`
        : stat.isDirectory()
          ? 'dir'
          : `file ${createHash('sha256').update(readFileSync(full)).digest('hex')}`;
      const time = stat.isDirectory() && !folderTimes ? '' : ` ${stat.size} ${stat.mtimeMs}`;
      entries.set(path.relative(dir, full), `${kind} ${stat.mode}${time}`);
      if (stat.isDirectory()) walk(full);
    }
  };
  walk(dir);
  return entries;
}

/** The text of a page outside its generated regions, as `surveyor generate` reads them. */
export async function outsideRegions(text: string): Promise<string[]> {
  const { regions } = parseRegions(text, (await parseMarkdown(text)).tree);
  const parts: string[] = [];
  let at = 0;
  for (const region of regions) {
    parts.push(text.slice(at, region.content.start));
    at = region.content.end;
  }
  parts.push(text.slice(at));
  return parts;
}

let reportValidator: ((report: unknown) => boolean) | undefined;

/** Validates a JSON report against `schemas/report.schema.json`; returns Ajv's errors, or `[]`. */
export function reportSchemaErrors(report: unknown): unknown[] {
  const schemaPath = path.resolve(import.meta.dirname, '../../schemas/report.schema.json');
  if (!reportValidator) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormatsModule.default(ajv);
    reportValidator = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
  }
  const validate = reportValidator as ((report: unknown) => boolean) & { errors?: unknown[] };
  return validate(report) ? [] : (validate.errors ?? ['invalid']);
}
