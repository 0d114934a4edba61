import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { copyExample } from './support/atlas-tree.js';
import { warmCache } from './support/cli-run.js';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Runs npm in the package root (no scripts, no network) and returns its standard output. */
function npm(args: string[]): string {
  const npmCli = process.env.npm_execpath;
  // Under `npm test` npm names its own CLI; a bare `npx vitest` falls back to the one on PATH.
  const child = npmCli?.endsWith('.js')
    ? spawnSync(process.execPath, [npmCli, ...args], { cwd: packageRoot, encoding: 'utf8' })
    : spawnSync('npm', args, { cwd: packageRoot, encoding: 'utf8' });
  expect(child.status, child.stderr).toBe(0);
  return child.stdout;
}

/** The files `npm pack` would publish, as npm itself lists them. */
function packedFiles(): string[] {
  const [pack] = JSON.parse(npm(['pack', '--dry-run', '--json', '--ignore-scripts', '--offline'])) as [
    { files: { path: string }[] },
  ];
  return pack.files.map((f) => f.path).sort();
}

/**
 * A lint-only install made without the network: the packed files copied into
 * `node_modules/@atlas-org/surveyor` of an empty project, beside links to the installed
 * production dependencies only (no dev and no optional ones), as `npm i --omit=optional`
 * of the tarball lays them out. Returns the installed CLI.
 */
function lintOnlyInstall(files: readonly string[]): { project: string; bin: string; remove(): void } {
  const project = mkdtempSync(path.join(tmpdir(), 'surveyor-install-'));
  const modules = path.join(project, 'node_modules');
  const installed = path.join(modules, '@atlas-org/surveyor');
  for (const file of files) {
    mkdirSync(path.dirname(path.join(installed, file)), { recursive: true });
    cpSync(path.join(packageRoot, file), path.join(installed, file));
  }
  const ownModules = `${path.join(packageRoot, 'node_modules')}${path.sep}`;
  const production = npm(['ls', '--omit=dev', '--omit=optional', '--parseable', '--all', '--offline'])
    .split('\n')
    .filter((line) => line.startsWith(ownModules))
    .map((line) => line.slice(ownModules.length))
    // Nested copies come with the top-level folder that holds them.
    .filter((name) => !name.includes(`${path.sep}node_modules${path.sep}`));
  for (const name of new Set(production)) {
    mkdirSync(path.dirname(path.join(modules, name)), { recursive: true });
    symlinkSync(path.join(ownModules, name), path.join(modules, name), 'dir');
  }
  return {
    project,
    bin: path.join(installed, 'dist/cli/surveyor.js'),
    remove: () => rmSync(project, { recursive: true, force: true }),
  };
}

/** The source a built file comes from: `dist/src/a/b.js` and `dist/src/a/b.d.ts` both from `src/a/b.ts`. */
function sourceOf(built: string): string | undefined {
  const match = /^dist\/((?:src|rules)\/.+?)(?:\.d\.ts|\.js)$/.exec(built);
  return match ? `${match[1]}.ts` : undefined;
}

/** A file of the bundled CLI (rolldown.config.mjs): an entry or a chunk, flat in `dist/cli/`. */
const isBundleFile = (file: string) => /^dist\/cli\/[\w-]+\.js$/.test(file);

const manifest = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
};

describe('the published package', () => {
  const files = packedFiles();

  it('holds the built CLI and library it declares', () => {
    expect(manifest.bin).toEqual({ surveyor: 'dist/cli/surveyor.js' });
    expect(files).toContain('dist/cli/surveyor.js');
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
      isBundleFile(file) ||
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

  it("holds every file the bundled CLI finds beside its own chunks (the parse workers' script)", () => {
    // A module found by `new URL('./x.js', import.meta.url)` is not imported, so the bundler does not follow it:
    // it must be an entry of its own, or the pool would find no script and parse on the main thread.
    const bundle = files.filter(isBundleFile);
    const beside = bundle.flatMap((file) =>
      [
        ...readFileSync(path.join(packageRoot, file), 'utf8').matchAll(
          /new URL\((["'])\.\/([^"']+)\1, import\.meta\.url\)/g,
        ),
      ].map((match) => `dist/cli/${match[2]}`),
    );
    expect(beside).toContain('dist/cli/parse-worker.js');
    expect(beside.filter((file) => !files.includes(file))).toEqual([]);
  });

  it('runs check, generate and gate from a lint-only install, and render says what to install', async () => {
    const install = lintOnlyInstall(files);
    try {
      // A copy with the result cache of a checkout checked before: check and generate recall what the
      // copy's content gives, and gate (which keeps no cache) loads every module the install must provide.
      const example = path.join(install.project, 'example');
      copyExample(example);
      await warmCache(example);
      const run = (...args: string[]) => spawnSync(process.execPath, [install.bin, ...args], { encoding: 'utf8' });
      const version = run('--version');
      expect(version.stderr).toBe('');
      expect(version.stdout.trim()).toBe(manifest.version);
      const checked = run('check', '--root', example, '--now', '2026-11-27');
      expect([checked.status, checked.stderr]).toEqual([0, '']);
      expect(checked.stdout).toMatch(/No problems/);
      expect(run('generate', '--check', '--root', example).status).toBe(0);
      expect(run('gate', '--release', '1.4.0', '--root', example, '--now', '2026-11-27').status).toBe(0);
      const render = run('render', '--root', example, '--out', path.join(tmpdir(), 'surveyor-no-render'));
      expect(render.status).toBe(2);
      expect(render.stderr.trim().split('\n')).toHaveLength(1);
      expect(render.stderr).toMatch(/puppeteer-core/);
    } finally {
      install.remove();
    }
  }, 120_000);
});
