import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readTarball, UstarReader } from '../../src/atlas/tarball.js';
import { DiskSource, MemorySource } from '../../src/workspace/file-source.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { EXAMPLE_ROOT } from '../support/atlas-tree.js';
import { archive, paxHeader, rawMember } from '../support/raw-tar.js';
import { writeUstar } from '../support/tar-writer.js';

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
const work = mkdtempSync(path.join(tmpdir(), 'surveyor-tar-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Files written to a folder and archived by GNU tar with the given format. */
function gnuTar(format: string, files: Record<string, string>): Buffer {
  const dir = mkdtempSync(path.join(work, 'src-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return execFileSync('tar', [`--format=${format}`, '--sort=name', '-C', dir, '-cf', '-', ...Object.keys(files)], {
    maxBuffer: 1 << 26,
  });
}

/** Feeds bytes to a reader in chunks of `size`, as a stream would. */
function readChunked(bytes: Uint8Array, size: number) {
  const reader = new UstarReader();
  for (let at = 0; at < bytes.length; at += size) reader.push(bytes.subarray(at, at + size));
  return { reader, problem: reader.end() };
}

const read = (file: string, content: Uint8Array) =>
  readTarball(new Workspace(new MemorySource({ [file]: content })), file);

describe('the ustar reader', () => {
  const long = `deep/${'a'.repeat(60)}/${'b'.repeat(60)}/${'c'.repeat(70)}.json`;
  const files = {
    'artifacts/reports/junit.xml': '<testsuite/>\n',
    'artifacts/empty.txt': '',
    [long]: '{"long": true}\n',
    'artifacts/big.bin': 'x'.repeat(70_000),
  };

  it.each(['ustar', 'gnu', 'pax'])(
    'reads every member of a GNU tar `%s` archive, hashed, in any chunking',
    (format) => {
      const bytes = gnuTar(
        format,
        format === 'ustar' ? Object.fromEntries(Object.entries(files).filter(([f]) => f !== long)) : files,
      );
      for (const size of [1, 7, 512, 4096, bytes.length]) {
        const { reader, problem } = readChunked(bytes, size);
        expect(problem).toBeUndefined();
        const expected = Object.entries(files).filter(([f]) => format !== 'ustar' || f !== long);
        expect(Object.fromEntries([...reader.members].map(([p, m]) => [p, m.sha256]))).toEqual(
          Object.fromEntries(expected.map(([f, t]) => [f, sha256(t)])),
        );
        expect(reader.directories.has('artifacts/reports')).toBe(true);
      }
    },
  );

  it('reads the example evidence bundle as collect-evidence built it', () => {
    const bytes = readFileSync(path.join(EXAMPLE_ROOT, 'ops/release/evidence/bundle.tar'));
    const contents = read('bundle.tar', bytes);
    expect(contents.problem).toBeUndefined();
    expect(contents.sha256).toBe(sha256(bytes));
    expect(contents.members.get('artifacts/datasets/catalog-sample.ndjson')?.sha256).toBe(
      sha256(readFileSync(path.join(EXAMPLE_ROOT, 'evidence-src/datasets/catalog-sample.ndjson'))),
    );
  });

  it('writes archives that GNU tar lists and extracts, with prefix-split long paths', () => {
    const deep = `${'d'.repeat(90)}/${'e'.repeat(60)}/member.txt`;
    const bytes = writeUstar([
      { path: 'a/b.txt', data: Buffer.from('b\n') },
      { path: deep, data: Buffer.from('deep\n') },
    ]);
    const file = path.join(work, 'written.tar');
    writeFileSync(file, bytes);
    expect(execFileSync('tar', ['-tf', file], { encoding: 'utf8' }).trim().split('\n')).toContain(deep);
    expect(execFileSync('tar', ['-xOf', file, deep], { encoding: 'utf8' })).toBe('deep\n');
    expect([...read('written.tar', bytes).members.keys()]).toEqual(['a/b.txt', deep]);
  });

  it('inflates a `.tgz` first and hashes the compressed bytes as the file', () => {
    const tar = gnuTar('gnu', { 'build/log.txt': 'ok\n' });
    const tgz = gzipSync(tar);
    const contents = read('evidence.tgz', tgz);
    expect(contents.problem).toBeUndefined();
    expect(contents.sha256).toBe(sha256(tgz));
    expect(contents.members.get('build/log.txt')?.sha256).toBe(sha256('ok\n'));
  });

  it.each([
    ['an empty file', new Uint8Array(0), 'empty'],
    [
      'text that is not a tar',
      new TextEncoder().encode('x'.repeat(2048)),
      'not a tar archive (no valid tar header at byte 0)',
    ],
    [
      'a file shorter than a header',
      new TextEncoder().encode('hello'),
      'not a tar archive (5 bytes, shorter than one 512-byte header)',
    ],
  ])('says what is wrong with %s', (_name, bytes, problem) => {
    expect(read('bundle.tar', bytes).problem).toBe(problem);
  });

  it('reports truncation inside a member, inside a header, and a missing end marker, keeping the members read before', () => {
    const bytes = gnuTar('ustar', { 'a.txt': 'a'.repeat(600), 'b.txt': 'b\n' });
    // a.txt: header 0-511, data 512-1111, padding to 1536; b.txt: header 1536-2047, data 2048-2049.
    expect(read('t.tar', bytes.subarray(0, 1000)).problem).toBe('truncated inside member `a.txt`');
    const cutHeader = read('t.tar', bytes.subarray(0, 1600));
    expect(cutHeader.problem).toBe('truncated inside the header at byte 1536');
    expect([...cutHeader.members.keys()]).toEqual(['a.txt']);
    expect(read('t.tar', bytes.subarray(0, 2560)).problem).toBe('truncated (the end-of-archive blocks are missing)');
  });

  it('inflates a `.tgz` as it streams from disk, in chunks, and reads a gzip of several members', () => {
    const big = 'x'.repeat(300_000);
    const tar = gnuTar('ustar', { 'a.txt': big, 'b.txt': 'b\n' });
    const file = path.join(work, 'streamed.tgz');
    // Two gzip members, as `cat a.gz b.gz` makes: extraction reads them as one archive.
    writeFileSync(file, Buffer.concat([gzipSync(tar.subarray(0, 100_000)), gzipSync(tar.subarray(100_000))]));
    const workspace = new Workspace(new DiskSource(work, []));
    const contents = readTarball(workspace, 'streamed.tgz');
    expect(contents.problem).toBeUndefined();
    expect(contents.sha256).toBe(sha256(readFileSync(file)));
    expect(contents.members.get('a.txt')?.sha256).toBe(sha256(big));
    expect(contents.members.get('b.txt')?.sha256).toBe(sha256('b\n'));
  });

  it('reports a gzip cut inside its trailer, whose tar is complete', () => {
    const tgz = gzipSync(gnuTar('ustar', { 'a.txt': 'a\n' }));
    expect(read('t.tgz', tgz.subarray(0, tgz.length - 4)).problem).toBe(
      'not a readable gzip file (the compressed data is truncated)',
    );
  });

  it('reports a corrupt header and an unreadable gzip', () => {
    const bytes = Buffer.from(gnuTar('ustar', { 'a.txt': 'a\n', 'b.txt': 'b\n' }));
    bytes[1024 + 10] = bytes[1024 + 10]! ^ 0xff; // inside the second header's name
    expect(read('t.tar', bytes).problem).toBe('corrupt (a bad header checksum at byte 1024)');
    expect(read('t.tgz', new TextEncoder().encode('not gzip')).problem).toMatch(/^not a readable gzip file/);
    const tgz = gzipSync(gnuTar('ustar', { 'a.txt': 'a\n' }));
    expect(read('t.tgz', tgz.subarray(0, tgz.length - 12)).problem).toBe(
      'not a readable gzip file (the compressed data is truncated)',
    );
  });
});

describe('members that would extract outside the archive', () => {
  it.each([
    ['a `../` name', archive(rawMember('../x', 'x')), '../x', 'its name leaves the archive (`..`)'],
    [
      'a `..` inside the name',
      archive(rawMember('ops/../../x', 'x')),
      'ops/../../x',
      'its name leaves the archive (`..`)',
    ],
    ['an absolute name', archive(rawMember('/etc/x', 'x')), '/etc/x', 'its name is absolute'],
    [
      'a pax `path` that leaves',
      archive(paxHeader({ path: '../../x' }), rawMember('innocent.txt', 'x')),
      '../../x',
      'its name leaves the archive (`..`)',
    ],
    [
      'a GNU long name that leaves',
      archive(rawMember('././@LongLink', '../../etc/cron.d/x\0', 'L'), rawMember('innocent.txt', 'x')),
      '../../etc/cron.d/x',
      'its name leaves the archive (`..`)',
    ],
    [
      'a symbolic link to an absolute path',
      archive(rawMember('ops/passwd', '', '2', '/etc/passwd')),
      'ops/passwd',
      'it is a symbolic link to the absolute path `/etc/passwd`',
    ],
    [
      'a symbolic link that climbs out',
      archive(rawMember('ops/up', '', '2', '../../x')),
      'ops/up',
      'it is a symbolic link to `../../x`, outside the archive',
    ],
    [
      'a hard link to a file outside',
      archive(rawMember('ops/shadow', '', '1', '../etc/shadow')),
      'ops/shadow',
      'it is a hard link to `../etc/shadow`, outside the archive',
    ],
    [
      'a hard link to a member it never had',
      archive(rawMember('ops/x', '', '1', 'ops/missing')),
      'ops/x',
      'it is a hard link to `ops/missing`, which is not an earlier member',
    ],
  ])('reports %s and keeps it out of the members', (_name, bytes, member, reason) => {
    const contents = read('bundle.tar', bytes);
    expect(contents.problem).toBeUndefined();
    expect(contents.unsafe).toEqual([{ path: member, reason }]);
    expect([...contents.members.keys()]).toEqual([]);
  });

  it('takes a pax `path` for the next member only, and keeps safe members', () => {
    const contents = read(
      'bundle.tar',
      archive(paxHeader({ path: 'ops/long-name.txt' }), rawMember('short', 'a'), rawMember('ops/b.txt', 'b')),
    );
    expect(contents.unsafe).toEqual([]);
    expect([...contents.members.keys()]).toEqual(['ops/long-name.txt', 'ops/b.txt']);
  });

  it('reads a hard-link member as the bytes of the member it links to, as GNU tar writes it', () => {
    const dir = mkdtempSync(path.join(work, 'links-'));
    mkdirSync(path.join(dir, 'artifacts'));
    writeFileSync(path.join(dir, 'artifacts/a.log'), 'same bytes\n');
    execFileSync('ln', [path.join(dir, 'artifacts/a.log'), path.join(dir, 'artifacts/b.log')]);
    for (const format of ['gnu', 'pax', 'ustar']) {
      const bytes = execFileSync('tar', [`--format=${format}`, '--sort=name', '-C', dir, '-cf', '-', 'artifacts']);
      expect(execFileSync('tar', ['-tvf', '-'], { input: bytes, encoding: 'utf8' })).toMatch(
        /artifacts\/b\.log link to artifacts\/a\.log/,
      );
      const contents = read('bundle.tar', bytes);
      expect(contents.problem).toBeUndefined();
      expect(contents.unsafe).toEqual([]);
      expect(Object.fromEntries([...contents.members].map(([p, m]) => [p, m.sha256]))).toEqual({
        'artifacts/a.log': sha256('same bytes\n'),
        'artifacts/b.log': sha256('same bytes\n'),
      });
    }
  });
});
