import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The files `npm pack` would publish, as npm itself lists them (no scripts, no network). */
function packedFiles(): string[] {
  const npm = process.env.npm_execpath;
  const args = ['pack', '--dry-run', '--json', '--ignore-scripts', '--offline'];
  // Under `npm test` npm names its own CLI; a bare `npx vitest` falls back to the one on PATH.
  const child = npm?.endsWith('.js')
    ? spawnSync(process.execPath, [npm, ...args], { cwd: packageRoot, encoding: 'utf8' })
    : spawnSync('npm', args, { cwd: packageRoot, encoding: 'utf8' });
  expect(child.status, child.stderr).toBe(0);
  const [pack] = JSON.parse(child.stdout) as [{ files: { path: string }[] }];
  return pack.files.map((f) => f.path).sort();
}

/** The source a built file comes from: `dist/src/a/b.js` and `dist/src/a/b.d.ts` both from `src/a/b.ts`. */
function sourceOf(built: string): string | undefined {
  const match = /^dist\/((?:src|rules)\/.+?)(?:\.d\.ts|\.js)$/.exec(built);
  return match ? `${match[1]}.ts` : undefined;
}

describe('the published package', () => {
  const files = packedFiles();

  it('holds the built CLI and library it declares', () => {
    expect(files).toContain('dist/src/cli/bin.js');
    expect(files).toContain('dist/src/index.js');
    expect(files).toContain('dist/src/index.d.ts');
    expect(files).toContain('dist/rules/index.js');
  });

  it('holds only what users run or read: built sources, schemas, docs, README and package.json', () => {
    const allowed = (file: string) =>
      file === 'package.json' ||
      file === 'README.md' ||
      /^schemas\/.+\.schema\.json$/.test(file) ||
      /^docs\/.+\.md$/.test(file) ||
      sourceOf(file) !== undefined;
    expect(files.filter((file) => !allowed(file))).toEqual([]);
  });

  it('holds no source maps, test, bench or example code', () => {
    expect(files.filter((file) => /\.map$|^(test|examples|\.ci)\/|^dist\/test\/|\/dev\//.test(file))).toEqual([]);
  });

  it('holds no stale build output: every built file has its source in src/ or rules/ (`npm run build` starts clean)', () => {
    const stale = files.filter((file) => {
      const source = sourceOf(file);
      return source !== undefined && !existsSync(path.join(packageRoot, source));
    });
    expect(stale).toEqual([]);
  });
});
