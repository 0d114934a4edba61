import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { UstarReader } from '../../src/atlas/tarball.js';
import type { MemoryFile } from '../../src/workspace/file-source.js';

/** An in-memory repository: repo path → content. */
export type Tree = Record<string, MemoryFile>;

/** Absolute path of the example Atlas repository of this package. */
export const EXAMPLE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples/atlas');

let example: Tree | undefined;

/**
 * A copy of a folder without its `node_modules`: a run on the example (`npm start`) leaves its
 * cache there, and a copy that carried it would start warm or cold depending on test order.
 */
export function copyTree(from: string, to: string): void {
  cpSync(from, to, { recursive: true, filter: (source) => path.basename(source) !== 'node_modules' });
}

/** A copy of `examples/atlas` on disk at `root`, without its `node_modules`. */
export function copyExample(root: string): void {
  copyTree(EXAMPLE_ROOT, root);
}

/** A fresh in-memory copy of `examples/atlas` (without its `node_modules`): text files as strings, the tarball as bytes. */
export function exampleTree(): Tree {
  if (!example) {
    example = {};
    const walk = (dir: string) => {
      for (const entry of readdirSync(path.join(EXAMPLE_ROOT, dir), { withFileTypes: true })) {
        const file = dir ? `${dir}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (entry.name !== 'node_modules') walk(file);
        } else {
          const bytes = readFileSync(path.join(EXAMPLE_ROOT, file));
          example![file] = /\.(tar|tgz|gz)$/.test(file) ? new Uint8Array(bytes) : bytes.toString('utf8');
        }
      }
    };
    walk('');
  }
  return { ...example };
}

/** The text of a file of a tree (throws for bytes and missing files, which tests never mean to edit as text). */
export function textOf(tree: Tree, file: string): string {
  const content = tree[file];
  if (typeof content !== 'string') throw new Error(`\`${file}\` is not a text file of the tree`);
  return content;
}

/** The bytes of a file of a tree. */
export function bytesOf(tree: Tree, file: string): Buffer | undefined {
  const content = tree[file];
  if (!(typeof content === 'string' || content instanceof Uint8Array)) return undefined;
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
}

/** A copy of the tree where `from` (which must occur exactly once) is replaced by `to` in `file`. */
export function editText(tree: Tree, file: string, from: string, to: string): Tree {
  const text = textOf(tree, file);
  const count = text.split(from).length - 1;
  if (count !== 1) throw new Error(`expected \`${from}\` once in \`${file}\`, found it ${count} times`);
  return { ...tree, [file]: text.replace(from, () => to) };
}

/** A copy of the tree where a JSON file is parsed, changed by `mutate` and written back as `JSON.stringify(…, null, 2)`. */
export function editJson(tree: Tree, file: string, mutate: (value: any) => void): Tree {
  const value = JSON.parse(textOf(tree, file)) as unknown;
  mutate(value);
  return { ...tree, [file]: `${JSON.stringify(value, null, 2)}\n` };
}

/** A copy of the tree without some files. */
export function withoutFiles(tree: Tree, ...files: string[]): Tree {
  const copy = { ...tree };
  for (const file of files) {
    if (!(file in copy)) throw new Error(`\`${file}\` is not in the tree`);
    delete copy[file];
  }
  return copy;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Members of a (possibly gzipped) tarball as path → sha256. */
export function tarballDigests(bytes: Buffer, gzipped: boolean): Map<string, string> {
  const reader = new UstarReader();
  reader.push(gzipped ? gunzipSync(bytes) : bytes);
  const problem = reader.end();
  if (problem) throw new Error(`test tarball is ${problem}`);
  return new Map([...reader.members].map(([member, { sha256: digest }]) => [member, digest]));
}

/** Options of `resealEvidence`. */
export interface ResealOptions {
  manifest?: string;
  /** The tarball build outputs are looked up in; default: the manifest's `evidence_tarball.path`. */
  tarball?: string;
  /** Reseal only the digests of these paths (default: every digest). */
  only?: string[];
}

/**
 * What a developer gets by re-running the evidence collection after editing a file the
 * evidence describes: every `{ path, sha256 }` digest of the manifest recomputed from the
 * tree (or the tarball member when the tree has no such file), and every
 * `{ site_dir, file_count, sha256 }` summary recomputed as `collect-evidence.mjs` does.
 */
export function resealEvidence(tree: Tree, options: ResealOptions = {}): Tree {
  const manifestFile = options.manifest ?? 'ops/release/evidence/manifest.json';
  const manifest = JSON.parse(textOf(tree, manifestFile)) as any;
  const tarballFile: string | undefined = options.tarball ?? manifest.evidence_tarball?.path;
  const tarball = tarballFile && bytesOf(tree, tarballFile);
  const members = tarball ? tarballDigests(tarball, /\.t?gz$/.test(tarballFile)) : new Map<string, string>();
  const digestOf = (file: string): string => {
    const bytes = bytesOf(tree, file);
    if (bytes) return sha256(bytes);
    const member = members.get(file);
    if (!member) throw new Error(`\`${file}\` is neither in the tree nor in the tarball`);
    return member;
  };
  const visit = (node: any): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (!node || typeof node !== 'object') return;
    if (typeof node.path === 'string' && 'sha256' in node && (!options.only || options.only.includes(node.path)))
      node.sha256 = digestOf(node.path);
    if (typeof node.site_dir === 'string' && 'file_count' in node && !options.only) {
      const prefix = `${node.site_dir}/`;
      const files = Object.keys(tree)
        .filter((f) => f.startsWith(prefix))
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      node.file_count = files.length;
      node.sha256 = createHash('sha256')
        .update(files.map((f) => `${digestOf(f)}  ${f.slice(prefix.length)}\n`).join(''))
        .digest('hex');
    }
    for (const value of Object.values(node)) visit(value);
  };
  visit(manifest);
  return { ...tree, [manifestFile]: `${JSON.stringify(manifest, null, 2)}\n` };
}

/** A line and column (1-based) in a file, as findings carry them. */
export interface FilePosition {
  file: string;
  line: number;
  column: number;
}

/**
 * Where `target` starts inside the only occurrence of `anchor` in a file of the tree,
 * found by searching the text: the expected place of a finding, computed without the
 * engine's pointer resolution.
 */
export function positionOf(tree: Tree, file: string, anchor: string, target: string = anchor): FilePosition {
  const text = textOf(tree, file);
  const at = text.indexOf(anchor);
  if (at === -1 || text.indexOf(anchor, at + 1) !== -1) throw new Error(`expected \`${anchor}\` once in \`${file}\``);
  const inner = anchor.indexOf(target);
  if (inner === -1) throw new Error(`\`${target}\` is not part of \`${anchor}\``);
  const before = text.slice(0, at + inner);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { file, line: before.split('\n').length, column: before.length - lineStart + 1 };
}
