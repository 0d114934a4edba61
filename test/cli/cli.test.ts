import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import type { Report } from '../../src/engine/diagnostic.js';
import { copyExample } from '../support/atlas-tree.js';
import { beaconTree } from '../support/beacon-repo.js';
import { BUILT_CLI, runCli as run, tempDirs, warmCopies } from '../support/cli-run.js';
import { writeTree } from '../support/write-tree.js';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const example = path.join(packageRoot, 'examples/atlas');
const tempDir = tempDirs('surveyor-cli-');
/** The example's docs were last reviewed in November 2026: pin "today" so `docs/stale-review` stays quiet whenever the tests run. */
const TODAY = ['--now', '2026-11-27'];

/** A copy of the example whose first profile's suite is `smoke`, and where that value sits (its cache filled). */
const brokenCopy = warmCopies(tempDir, () => {
  const root = tempDir();
  copyExample(root);
  const file = path.join(root, 'ops/k8s/install-matrix.json');
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf('"suite": "nightly"') + '"suite": '.length;
  writeFileSync(file, `${text.slice(0, at)}"smoke"${text.slice(at + '"nightly"'.length)}`);
  const before = text.slice(0, at);
  return { root, line: before.split('\n').length, column: at - before.lastIndexOf('\n') };
});

describe('surveyor check', () => {
  it('passes the example cleanly', async () => {
    const { code, stdout, stderr } = await run(['check', ...TODAY, '--root', example]);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^✔ No problems \(\d+ files checked\)\n$/);
    expect(code).toBe(0);
  });

  it('reports an invalid suite at its line and column as schema/valid, with exit 1', async () => {
    const { root, line, column } = await brokenCopy();
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
    const { root } = await brokenCopy();
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
    const { root } = await brokenCopy();
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
    copyExample(root);
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
    const { root } = await brokenCopy();
    const { stdout, code } = await run(['check', ...TODAY, '--root', root, '--format', format]);
    expect(stdout).toContain('install-matrix.json');
    expect(code).toBe(1);
  });

  it('--rule runs only the rules it names, globs included', async () => {
    const { root } = await brokenCopy();
    writeFileSync(path.join(root, 'ops/unmapped.json'), '{}\n');
    const all = JSON.parse((await run(['check', ...TODAY, '--root', root, '--format', 'json'])).stdout) as Report;
    expect(new Set(all.diagnostics.map((d) => d.ruleId))).toContain('schema/unmapped');
    expect(new Set(all.diagnostics.map((d) => d.ruleId)).size).toBeGreaterThan(2);
    const one = await run(['check', ...TODAY, '--root', root, '--format', 'json', '--rule', 'schema/unmapped']);
    const report = JSON.parse(one.stdout) as Report;
    expect(report.diagnostics.map((d) => d.ruleId)).toEqual(['schema/unmapped']);
    expect(report.summary.rules).toBe(1);
    expect(one.code).toBe(0);
    const globbed = JSON.parse(
      (await run(['check', ...TODAY, '--root', root, '--format', 'json', '--rule', 'schema/*', '--rule', 'json/*']))
        .stdout,
    ) as Report;
    expect(globbed.summary.rules).toBe(allRules.filter((r) => /^(schema|json)\//.test(r.id)).length);
    expect(globbed.diagnostics).toEqual(all.diagnostics.filter((d) => /^(schema|json)\//.test(d.ruleId)));
  });

  it('--quiet reports errors only, and warnings still count for --max-warnings', async () => {
    const { root } = await brokenCopy();
    writeFileSync(path.join(root, 'ops/unmapped.json'), '{}\n');
    const quiet = await run(['check', ...TODAY, '--root', root, '--quiet', '--format', 'json']);
    const report = JSON.parse(quiet.stdout) as Report;
    const full = JSON.parse((await run(['check', ...TODAY, '--root', root, '--format', 'json'])).stdout) as Report;
    expect(full.summary.warnings).toBeGreaterThan(0);
    expect(report.diagnostics).toEqual(full.diagnostics.filter((d) => d.severity === 'error'));
    expect(report.summary).toMatchObject({ errors: full.summary.errors, warnings: 0, infos: 0 });
    expect((await run(['check', ...TODAY, '--root', root, '--quiet'])).stdout).not.toContain('schema/unmapped');
  });

  it('says when --max-warnings is the reason for exit 1', async () => {
    const root = tempDir();
    copyExample(root);
    writeFileSync(path.join(root, 'ops/unmapped.json'), '{}\n');
    const over = await run(['check', ...TODAY, '--root', root, '--max-warnings', '0', '--quiet']);
    expect(over.code).toBe(1);
    expect(over.stderr).toBe('✖ 1 warning exceed --max-warnings 0: fix them or raise the limit\n');
    expect((await run(['check', ...TODAY, '--root', root, '--max-warnings', '1'])).stderr).toBe('');
  });

  it('writes several reports from one run, creating missing folders', async () => {
    const { root } = await brokenCopy();
    const out = path.join(tempDir(), 'reports/nested');
    const { code, stdout } = await run([
      'check',
      ...TODAY,
      '--root',
      root,
      '--format',
      'github',
      '--report',
      `sarif=${out}/surveyor.sarif`,
      '--report',
      `json=${out}/surveyor.json`,
      '--report',
      `junit=${out}/junit.xml`,
    ]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^::error file=/);
    const json = JSON.parse(readFileSync(`${out}/surveyor.json`, 'utf8')) as Report;
    expect(json.summary.errors).toBeGreaterThan(0);
    const sarif = JSON.parse(readFileSync(`${out}/surveyor.sarif`, 'utf8'));
    expect(sarif.runs[0].results).toHaveLength(json.diagnostics.length);
    expect(readFileSync(`${out}/junit.xml`, 'utf8')).toContain('<failure');
    const twice = await run(['check', '--root', root, '--output', 'a.json', '--report', 'sarif=./a.json']);
    expect(twice.stderr).toMatch(/^surveyor: two reports would be written to `\.\/a\.json`/);
  });

  it('colours only on a terminal, and never with --no-color or NO_COLOR', async () => {
    const { root } = await brokenCopy();
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
      'surveyor: root `/nonexistent/surveyor-root` does not exist (see `surveyor check --help`)\n',
    ],
    [
      ['check', '--frmat', 'json'],
      'surveyor: unknown option `--frmat` for `check`, did you mean `--format`? (see `surveyor check --help`)\n',
    ],
    [
      ['check', '--format', 'xml'],
      'surveyor: unknown format `xml`, expected one of stylish, json, sarif, junit, github, markdown (see `surveyor check --help`)\n',
    ],
    [
      ['check', '--max-warnings', 'many'],
      'surveyor: --max-warnings expects a whole number, got `many` (see `surveyor check --help`)\n',
    ],
    [
      ['check', '--now', '2026-13-40'],
      'surveyor: --now expects a date as YYYY-MM-DD, got `2026-13-40` (see `surveyor check --help`)\n',
    ],
    [['chek'], 'surveyor: unknown command `chek`, did you mean `check`? (see `surveyor --help`)\n'],
    [
      ['explain', 'schema/vald'],
      'surveyor: unknown rule `schema/vald`, did you mean `schema/valid`? (see `surveyor explain --help`)\n',
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

  it('an --output file whose folder is a file', async () => {
    const blocker = path.join(tempDir(), 'not-a-folder');
    writeFileSync(blocker, '');
    const out = path.join(blocker, 'report.json');
    const { code, stdout, stderr } = await run(['check', ...TODAY, '--root', example, '--output', out]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    // mkdir says EEXIST for a file on the path, a plain write ENOTDIR.
    expect(stderr.replace('(EEXIST)', '(ENOTDIR)')).toBe(
      `surveyor: cannot write \`${out}\` (ENOTDIR): check that its path is a folder you can write to (see \`surveyor check --help\`)\n`,
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
    for (const command of ['check', 'generate', 'gate', 'render', 'rules', 'explain'])
      expect(help.stdout).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
    expect((await run([])).code).toBe(2);
  });

  it.each([
    ['check', '--report FORMAT=FILE'],
    ['generate', '--check'],
    ['gate', '--release X.Y.Z'],
    ['render', '--out DIR'],
    ['rules', 'Lists every rule'],
    ['explain', 'surveyor explain schema/valid'],
  ])('%s --help prints its own usage, options and examples', async (command, own) => {
    const { code, stdout, stderr } = await run([command, '--help']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(new RegExp(`^Usage: surveyor ${command}\\b`));
    expect(stdout).toContain(own);
    expect(stdout).toContain('Examples:');
    expect(stdout).toContain('-h, --help');
    expect(await run(['help', command])).toEqual({ code: 0, stdout, stderr: '' });
    expect((await run([command, '-h'])).stdout).toBe(stdout);
  });

  it("help text lists only the command's own options", async () => {
    expect((await run(['check', '--help'])).stdout).not.toContain('--profile');
    expect((await run(['generate', '--help'])).stdout).not.toContain('--max-warnings');
  });

  it.each([
    [['gate', '--releas', '1.4.0'], 'unknown option `--releas` for `gate`, did you mean `--release`?'],
    [['render', '--output', 'x'], 'unknown option `--output` for `render`, did you mean `--out`?'],
    [['generate', '--chek'], 'unknown option `--chek` for `generate`, did you mean `--check`?'],
    [['check', '--root'], '`--root` needs a value'],
    [['check', '--rule', 'dcs/*'], '--rule `dcs/*` matches no rule'],
    [['check', '--report', 'sarif'], '--report expects FORMAT=FILE, got `sarif`'],
    [['check', '--report', 'sariff=x.sarif'], 'unknown format `sariff`, expected one of'],
  ])('%j is a usage error with a suggestion', async (args, message) => {
    const { code, stdout, stderr } = await run(args);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toContain(`surveyor: ${message}`);
    expect(stderr).toMatch(/\(see `surveyor \w+ --help`\)\n$/);
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
  const bin = BUILT_CLI;

  it('is built (npm test and npm ci build it)', () => {
    expect(existsSync(bin)).toBe(true);
  });

  it('checks the example and exits 0', () => {
    const child = spawnSync(process.execPath, [bin, 'check', '--root', example, ...TODAY], { encoding: 'utf8' });
    expect(child.stdout).toMatch(/No problems/);
    expect(child.status).toBe(0);
  });

  it('loads neither zod nor fflate on a run whose findings are all recalled: it validates no config, parses no contract, inflates no tarball', () => {
    const root = tempDir();
    writeTree(root, beaconTree());
    expect(Object.keys(beaconTree()).some((file) => file.endsWith('.tar.gz') || file.endsWith('.tgz'))).toBe(true);
    const hook = path.join(root, 'count-packages.cjs');
    // Every zod and fflate load goes through `require` (see `loadPackage`): the hook counts their files at exit.
    writeFileSync(
      hook,
      [
        "process.on('exit', () => {",
        '  for (const name of ["zod", "fflate"]) {',
        "    const files = Object.keys(require.cache).filter((f) => f.includes('/node_modules/' + name + '/'));",
        "    process.stderr.write(name + ' files: ' + files.length + '\\n');",
        '  }',
        '});',
      ].join('\n'),
    );
    const loaded = () => {
      const child = spawnSync(
        process.execPath,
        // The cache in its default place, under the root's `node_modules`, which no rule reads.
        ['-r', hook, bin, 'check', '--root', root, ...TODAY],
        { encoding: 'utf8' },
      );
      expect(child.status, child.stderr).toBeLessThan(2);
      return {
        zod: Number(/zod files: (\d+)/.exec(child.stderr)?.[1]),
        fflate: Number(/fflate files: (\d+)/.exec(child.stderr)?.[1]),
      };
    };
    // The first run validates the config, parses the contracts and inflates the evidence; the second recalls all.
    const first = loaded();
    expect(first.zod).toBeGreaterThan(0);
    expect(first.fflate).toBeGreaterThan(0);
    expect(loaded()).toEqual({ zod: 0, fflate: 0 });
  });

  it("explains a rule with its shipped page, without checking the rule's examples again", () => {
    const root = tempDir();
    const hook = path.join(root, 'count-ajv.cjs');
    // Ajv loads through `require` (see `loadPackage`) whenever an example is checked.
    writeFileSync(
      hook,
      "process.on('exit', () => process.stderr.write('ajv files: ' + Object.keys(require.cache).filter((f) => f.includes('/node_modules/ajv/')).length + '\\n'));",
    );
    const child = spawnSync(process.execPath, ['-r', hook, bin, 'explain', 'schema/valid'], { encoding: 'utf8' });
    expect(child.status, child.stderr).toBe(0);
    expect(child.stdout).toBe(readFileSync(path.join(packageRoot, 'docs/rules/schema/valid.md'), 'utf8'));
    expect(child.stderr).toBe('ajv files: 0\n');
    // An id that is no rule's names no page, and is never a path.
    const outside = spawnSync(process.execPath, [bin, 'explain', '../../package'], { encoding: 'utf8' });
    expect(outside.stderr).toBe('surveyor: unknown rule `../../package` (see `surveyor explain --help`)\n');
    expect(outside.status).toBe(2);
  });

  it('exits 2 with one line and no stack trace when the root is missing', () => {
    const child = spawnSync(process.execPath, [bin, 'check', '--root', 'no/such/dir'], { encoding: 'utf8' });
    expect(child.stderr).toBe('surveyor: root `no/such/dir` does not exist (see `surveyor check --help`)\n');
    expect(child.status).toBe(2);
  });
});
