#!/usr/bin/env node
// Collects the release build outputs into ops/release/evidence/bundle.tar and
// rewrites every digest in ops/release/evidence/manifest.json.
//
//   node ops/release/collect-evidence.mjs [--root DIR] [--src DIR]
//
// --root  repository root (default: two folders above this script)
// --src   collected build outputs, repo-relative (default: evidence-src); each
//         file there becomes `artifacts/<same path>` inside the tarball
//
// The chart package `artifacts/chart/<name>-<version>.tgz` is built here from
// ops/k8s/charts/<name>/. The tarball is a plain ustar archive made with GNU tar
// and fixed metadata, so the same inputs always give the same bytes.
//
// Digests: any object in the manifest with `path` and `sha256` gets the sha256
// of the file on disk, or of the tarball member when the path exists only in
// the tarball (build outputs under `artifacts/`). `docs_site_summary` gets the
// number of files under `site_dir` and the sha256 of the lines
// "<sha256>  <path relative to site_dir>\n" sorted by path. Plain path lists
// are checked for existence only.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync, existsSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const MANIFEST = 'ops/release/evidence/manifest.json';
const TARBALL = 'ops/release/evidence/bundle.tar';
const CHART_DIR = 'ops/k8s/charts';
const CHART = 'atlas';
const TAR_FLAGS = [
  '--format=ustar', '--sort=name', '--mtime=2026-11-20 00:00Z',
  '--owner=0', '--group=0', '--numeric-owner', '--mode=u=rwX,go=rX',
];

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const root = resolve(option('--root', join(dirname(fileURLToPath(import.meta.url)), '..', '..')));
const src = option('--src', 'evidence-src');
const fail = (message) => { console.error(`collect-evidence: ${message}`); process.exit(1); };
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

if (!/GNU tar/.test(execFileSync('tar', ['--version'], { encoding: 'utf8' }))) {
  fail('GNU tar is required (for --sort=name and --mtime)');
}

function tarTo(cwd, entry, output) {
  return execFileSync('tar', [...TAR_FLAGS, '-C', cwd, '-cf', output ?? '-', entry], { maxBuffer: 1 << 30 });
}

/** Members of a plain ustar archive: Map of member path to its bytes (regular files only). */
function readTar(buf) {
  const members = new Map();
  const field = (h, at, len) => h.subarray(at, at + len).toString('latin1').replace(/\0.*$/s, '');
  for (let at = 0; at + 512 <= buf.length;) {
    const header = buf.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const name = field(header, 0, 100);
    const prefix = field(header, 345, 155);
    const size = parseInt(field(header, 124, 12).trim() || '0', 8);
    const type = field(header, 156, 1) || '0';
    const path = prefix ? `${prefix}/${name}` : name;
    if (type === '0') members.set(path, buf.subarray(at + 512, at + 512 + size));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return members;
}

function filesUnder(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = join(dir, d.name);
    return d.isDirectory() ? filesUnder(full, base) : [full.slice(base.length + 1).split('\\').join('/')];
  }).sort();
}

// 1. Stage the build outputs under artifacts/ and package the chart.
const stage = mkdtempSync(join(tmpdir(), 'atlas-evidence-'));
try {
  const srcDir = join(root, src);
  if (!existsSync(srcDir)) fail(`source folder \`${src}\` does not exist`);
  cpSync(srcDir, join(stage, 'artifacts'), { recursive: true });
  const chartYaml = readFileSync(join(root, CHART_DIR, CHART, 'Chart.yaml'), 'utf8');
  const version = /^version:\s*"?([^"\s]+)"?\s*$/m.exec(chartYaml)?.[1];
  if (!version) fail(`no version in ${CHART_DIR}/${CHART}/Chart.yaml`);
  mkdirSync(join(stage, 'artifacts', 'chart'), { recursive: true });
  const chartTar = tarTo(join(root, CHART_DIR), CHART);
  writeFileSync(join(stage, 'artifacts', 'chart', `${CHART}-${version}.tgz`), gzipSync(chartTar, { level: 9 }));

  // 2. Build the tarball.
  tarTo(stage, 'artifacts', join(root, TARBALL));
} finally {
  rmSync(stage, { recursive: true, force: true });
}

// 3. Rewrite the digests.
const members = readTar(readFileSync(join(root, TARBALL)));
const manifest = JSON.parse(readFileSync(join(root, MANIFEST), 'utf8'));
const problems = [];

function bytesOf(path) {
  if (typeof path !== 'string' || path.startsWith('/') || path.split('/').includes('..')) {
    problems.push(`\`${path}\` is not a repo-relative path`);
    return undefined;
  }
  const onDisk = join(root, path);
  if (existsSync(onDisk) && statSync(onDisk).isFile()) return readFileSync(onDisk);
  if (members.has(path)) return members.get(path);
  problems.push(`\`${path}\` is neither in the repository nor in ${TARBALL}`);
  return undefined;
}

function visit(node) {
  if (Array.isArray(node)) {
    for (const item of node) {
      if (typeof item === 'string' && /^(artifacts|ops|docs)\//.test(item)) bytesOf(item);
      else visit(item);
    }
  } else if (node && typeof node === 'object') {
    if (typeof node.path === 'string' && 'sha256' in node) {
      const bytes = bytesOf(node.path);
      if (bytes) node.sha256 = sha256(bytes);
    }
    if (typeof node.site_dir === 'string' && 'file_count' in node) {
      const files = filesUnder(join(root, node.site_dir));
      node.file_count = files.length;
      node.sha256 = sha256(files.map((f) => `${sha256(readFileSync(join(root, node.site_dir, f)))}  ${f}\n`).join(''));
    }
    for (const value of Object.values(node)) visit(value);
  }
}

visit(manifest);
if (problems.length) fail(problems.join('\n'));
writeFileSync(join(root, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`collect-evidence: ${members.size} artifacts in ${TARBALL}, digests written to ${MANIFEST}`);
