import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import type { Report } from '../../src/engine/diagnostic.js';
import { runCli as run, tempDirs } from '../support/cli-run.js';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const example = path.join(packageRoot, 'examples/atlas');
const tempDir = tempDirs('surveyor-cli-');
/** The example's docs were last reviewed in November 2026: pin "today" so `docs/stale-review` stays quiet whenever the tests run. */
const TODAY = ['--now', '2026-11-27'];

/** A copy of the example whose first profile's suite is `smoke`, and where that value sits. */
function brokenCopy(): { root: string; line: number; column: number } {
  const root = tempDir();
  cpSync(example, root, { recursive: true });
  const file = path.join(root, 'ops/k8s/install-matrix.json');
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf('"suite": "nightly"') + '"suite": '.length;
  writeFileSync(file, `${text.slice(0, at)}"smoke"${text.slice(at + '"nightly"'.length)}`);
  const before = text.slice(0, at);
  return { root, line: before.split('\n').length, column: at - before.lastIndexOf('\n') };
}

describe('surveyor check', () => {
  it('passes the example cleanly', async () => {
    const { code, stdout, stderr } = await run(['check', ...TODAY, '--root', example]);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^✔ No problems \(\d+ files checked\)\n$/);
    expect(code).toBe(0);
  });

  it('reports an invalid suite at its line and column as schema/valid, with exit 1', async () => {
    const { root, line, column } = brokenCopy();
    const { code, stdout } = await run(['check', ...TODAY, '--root', root, '--format', 'json']);
    const report = JSON.parse(stdout) as Report;
    expect(report.diagnostics).toContainEqual(
      expect.objectContaining({
        ruleId: 'schema/valid',
        file: 'ops/k8s/install-matrix.json',
        line,
        column,
        pointer: '/profiles/0/suite',
        severity: 'error',
      }),
    );
    expect(code).toBe(1);
  });

  it('writes a JSON report that validates against schemas/report.schema.json', async () => {
    const { root } = brokenCopy();
    const { stdout } = await run(['check', ...TODAY, '--root', root, '--format', 'json']);
    const ajv = new Ajv2020({ strict: true });
    addFormatsModule.default(ajv);
    const validate = ajv.compile(
      JSON.parse(readFileSync(path.join(packageRoot, 'schemas/report.schema.json'), 'utf8')),
    );
    const report = JSON.parse(stdout) as Report;
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.summary.rules).toBe(allRules.length);
    expect(report.summary.errors).toBe(report.diagnostics.filter((d) => d.severity === 'error').length);
  });

  it('with FILES, reports only findings that touch them', async () => {
    const { root } = brokenCopy();
    const inside = await run([
      'check',
      ...TODAY,
      '--root',
      root,
      '--format',
      'json',
      path.join(root, 'ops/k8s/install-matrix.json'),
    ]);
    const files = (JSON.parse(inside.stdout) as Report).diagnostics.map((d) => [
      d.file,
      ...(d.related ?? []).map((r) => r.file),
    ]);
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((f) => f.includes('ops/k8s/install-matrix.json'))).toBe(true);
    const elsewhere = await run([
      'check',
      ...TODAY,
      '--root',
      root,
      '--format',
      'json',
      path.join(root, 'ops/release/evidence/identity.json'),
    ]);
    expect((JSON.parse(elsewhere.stdout) as Report).diagnostics).toEqual([]);
    expect(elsewhere.code).toBe(0);
  });

  it('fails on warnings only beyond --max-warnings', async () => {
    const root = tempDir();
    cpSync(example, root, { recursive: true });
    writeFileSync(path.join(root, 'ops/unmapped.json'), '{}\n');
    const lenient = await run(['check', ...TODAY, '--root', root]);
    expect(lenient.stdout).toMatch(/schema\/unmapped/);
    expect(lenient.code).toBe(0);
    expect((await run(['check', ...TODAY, '--root', root, '--max-warnings', '0'])).code).toBe(1);
    expect((await run(['check', ...TODAY, '--root', root, '--max-warnings', '1'])).code).toBe(0);
  });

  it('writes the report to --output instead of stdout', async () => {
    const out = path.join(tempDir(), 'report.sarif');
    const { code, stdout } = await run(['check', ...TODAY, '--root', example, '--format', 'sarif', '--output', out]);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ version: '2.1.0' });
  });

  it.each(['junit', 'github'])('prints the %s format', async (format) => {
    const { root } = brokenCopy();
    const { stdout, code } = await run(['check', ...TODAY, '--root', root, '--format', format]);
    expect(stdout).toContain('install-matrix.json');
    expect(code).toBe(1);
  });

  it('colours only on a terminal, and never with --no-color or NO_COLOR', async () => {
    const { root } = brokenCopy();
    const csi = '\u001b[';
    expect((await run(['check', ...TODAY, '--root', root], { tty: true })).stdout).toContain(csi);
    expect(
      (await run(['check', ...TODAY, '--root', root], { tty: true, env: { NO_COLOR: '1' } })).stdout,
    ).not.toContain(csi);
    expect((await run(['check', ...TODAY, '--root', root, '--no-color'], { tty: true })).stdout).not.toContain(csi);
    expect((await run(['check', ...TODAY, '--root', root])).stdout).not.toContain(csi);
  });
});

describe('errors that stop the tool: exit 2 and one line on stderr', () => {
  it.each([
    [
      ['check', '--root', '/nonexistent/surveyor-root'],
      'surveyor: root `/nonexistent/surveyor-root` does not exist (see `surveyor --help`)\n',
    ],
    [['check', '--frmat', 'json'], 'surveyor: unknown option `--frmat` (see `surveyor --help`)\n'],
    [
      ['check', '--format', 'xml'],
      'surveyor: unknown format `xml`, expected one of stylish, json, sarif, junit, github (see `surveyor --help`)\n',
    ],
    [
      ['check', '--max-warnings', 'many'],
      'surveyor: --max-warnings expects a whole number, got `many` (see `surveyor --help`)\n',
    ],
    [
      ['check', '--now', '2026-13-40'],
      'surveyor: --now expects a date as YYYY-MM-DD, got `2026-13-40` (see `surveyor --help`)\n',
    ],
    [['chek'], 'surveyor: unknown command `chek`, did you mean `check`? (see `surveyor --help`)\n'],
    [
      ['explain', 'schema/vald'],
      'surveyor: unknown rule `schema/vald`, did you mean `schema/valid`? (see `surveyor --help`)\n',
    ],
  ])('%j', async (args, message) => {
    const { code, stdout, stderr } = await run(args);
    expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: '', stderr: message });
  });

  it('a config with an unknown key', async () => {
    const root = tempDir();
    writeFileSync(path.join(root, 'surveyor.config.json'), '{\n  "schemas": { "strickt": true }\n}\n');
    const { code, stderr } = await run(['check', ...TODAY, '--root', root]);
    expect(code).toBe(2);
    expect(stderr).toBe('surveyor: surveyor.config.json:2:16: unknown key `schemas.strickt`\n');
  });

  it('a --config file that does not exist', async () => {
    const { code, stderr } = await run(['check', ...TODAY, '--root', example, '--config', 'missing.config.json']);
    expect(code).toBe(2);
    expect(stderr).toBe('surveyor: cannot read config `missing.config.json`: ENOENT\n');
  });

  it('an --output file in a folder that does not exist', async () => {
    const { code, stdout, stderr } = await run([
      'check',
      ...TODAY,
      '--root',
      example,
      '--output',
      '/nonexistent/surveyor/report.json',
    ]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toBe(
      'surveyor: cannot write `/nonexistent/surveyor/report.json` (ENOENT): check that its folder exists and is writable (see `surveyor --help`)\n',
    );
  });

  it('FILES outside the root', async () => {
    const { code, stderr } = await run(['check', ...TODAY, '--root', example, '/etc/passwd']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^surveyor: `\/etc\/passwd` is outside the root/);
  });
});

describe('other commands', () => {
  it('--version and --help', async () => {
    const version = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')).version as string;
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('surveyor check [FILES...]');
    expect((await run([])).code).toBe(2);
  });

  it('rules lists every rule', async () => {
    const { code, stdout } = await run(['rules']);
    expect(code).toBe(0);
    expect(
      stdout
        .trim()
        .split('\n')
        .map((l) => l.split(/\s+/)[0]),
    ).toEqual(allRules.map((r) => r.id));
  });

  it('explain prints the rule page', async () => {
    const { code, stdout } = await run(['explain', 'json/duplicate-key']);
    expect(code).toBe(0);
    expect(stdout).toBe(readFileSync(path.join(packageRoot, 'docs/rules/json/duplicate-key.md'), 'utf8'));
  });
});

describe('the installed binary', () => {
  const bin = path.join(packageRoot, 'dist/src/cli/bin.js');

  it('is built (npm test and npm ci build it)', () => {
    expect(existsSync(bin)).toBe(true);
  });

  it('checks the example and exits 0', () => {
    const child = spawnSync(process.execPath, [bin, 'check', '--root', example, ...TODAY], { encoding: 'utf8' });
    expect(child.stdout).toMatch(/No problems/);
    expect(child.status).toBe(0);
  });

  it('exits 2 with one line and no stack trace when the root is missing', () => {
    const child = spawnSync(process.execPath, [bin, 'check', '--root', 'no/such/dir'], { encoding: 'utf8' });
    expect(child.stderr).toBe('surveyor: root `no/such/dir` does not exist (see `surveyor --help`)\n');
    expect(child.status).toBe(2);
  });
});
