import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { copyExample } from '../support/atlas-tree.js';
import { BUILT_CLI, tempDirs, warmCopies } from '../support/cli-run.js';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const script = path.join(packageRoot, 'action/run-surveyor.sh');
const bin = BUILT_CLI;
const tempDir = tempDirs('surveyor-action-');

/** Runs the action's steps as GitHub would: in the checkout, with the step summary and outputs as files. */
function runAction(repo: string, inputs: Record<string, string> = {}) {
  const files = tempDir();
  const summary = path.join(files, 'step-summary.md');
  const output = path.join(files, 'output.txt');
  writeFileSync(summary, '# Earlier step\n');
  writeFileSync(output, '');
  const child = spawnSync('bash', [script], {
    cwd: repo,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      SURVEYOR: `${process.execPath} ${bin}`,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_OUTPUT: output,
      RUNNER_TEMP: files,
      INPUT_SARIF: 'reports/surveyor.sarif',
      ...inputs,
    },
  });
  const outputs = Object.fromEntries(
    readFileSync(output, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]),
  );
  return {
    code: child.status,
    stdout: child.stdout,
    stderr: child.stderr,
    summary: readFileSync(summary, 'utf8'),
    outputs,
  };
}

/**
 * A copy of the example repository, the fixture the action runs in, with the result cache of a
 * checkout checked before (`warmCopies`): the action's `surveyor` processes do not start cold.
 */
const exampleCopy = warmCopies(tempDir, () => {
  const root = tempDir();
  copyExample(root);
  return { root };
});

async function fixtureRepo(): Promise<string> {
  return (await exampleCopy()).root;
}

describe('the GitHub Action', () => {
  it('is a composite action whose run step is the tested script, with its inputs passed through', () => {
    const action = parse(readFileSync(path.join(packageRoot, 'action.yml'), 'utf8'));
    expect(action.runs.using).toBe('composite');
    const run = action.runs.steps.find((step: { id?: string }) => step.id === 'run');
    expect(run.run).toBe('bash "$GITHUB_ACTION_PATH/action/run-surveyor.sh"');
    for (const input of Object.keys(action.inputs).filter((name) => !['version', 'upload-sarif'].includes(name)))
      expect(Object.values(run.env)).toContain(`\${{ inputs.${input} }}`);
    expect(action.runs.steps[0].run).toContain('--omit=optional');
    expect(action.runs.steps.at(-1).uses).toMatch(/^github\/codeql-action\/upload-sarif@/);
    expect(existsSync(path.join(packageRoot, 'docs/github-action.md'))).toBe(true);
  });

  it('on a clean repository: exit 0, a summary saying so, outputs with zero errors', async () => {
    const repo = await fixtureRepo();
    const { code, summary, outputs, stdout } = runAction(repo, { INPUT_ARGS: '--now 2026-11-27' });
    expect(code).toBe(0);
    expect(stdout).not.toContain('::error');
    expect(summary).toMatch(/^# Earlier step\n### ✅ surveyor check: no problems\n/);
    expect(summary).toContain('✅ Generated docs are current.');
    expect(outputs).toEqual({
      errors: '0',
      warnings: '0',
      infos: '0',
      'check-exit-code': '0',
      sarif: 'reports/surveyor.sarif',
      'generate-exit-code': '0',
    });
    expect(JSON.parse(readFileSync(path.join(repo, 'reports/surveyor.sarif'), 'utf8')).version).toBe('2.1.0');
  });

  it('on a broken repository: annotations, a summary by rule, the drift as a diff, outputs, exit 1', async () => {
    const repo = await fixtureRepo();
    const matrix = path.join(repo, 'ops/k8s/install-matrix.json');
    writeFileSync(matrix, readFileSync(matrix, 'utf8').replace('"suite": "nightly"', '"suite": "smoke"'));
    const flows = path.join(repo, 'docs/operations/flows.md');
    writeFileSync(
      flows,
      readFileSync(flows, 'utf8').replace(/(surveyor:begin upgrade-flow[^\n]*\n)/, '$1stale line\n'),
    );
    const { code, summary, outputs, stdout } = runAction(repo, {
      INPUT_ARGS: '--now 2026-11-27',
      INPUT_MAX_ANNOTATIONS: '2',
    });
    expect(code).toBe(1);
    expect(stdout.split('\n').filter((line) => line.startsWith('::error '))).toHaveLength(2);
    expect(stdout).toMatch(
      /^::notice title=surveyor::\d+ more findings? not annotated .*see `reports\/surveyor\.sarif`/m,
    );
    expect(summary).toMatch(/### ❌ surveyor check: \d+ problems?/);
    expect(summary).toContain('| Rule | Severity | Findings |');
    expect(summary).toContain('### ❌ Generated docs are out of date');
    expect(summary).toMatch(/```diff\n[^]*-stale line\n[^]*```/);
    expect(Number(outputs.errors)).toBeGreaterThan(0);
    expect(outputs['check-exit-code']).toBe('1');
    expect(outputs['generate-exit-code']).toBe('1');
    const sarif = JSON.parse(readFileSync(path.join(repo, 'reports/surveyor.sarif'), 'utf8'));
    expect(sarif.runs[0].results.length).toBe(
      Number(outputs.errors) + Number(outputs.warnings) + Number(outputs.infos),
    );
  });

  it('exits 2 when surveyor cannot run, and says why', () => {
    const { code, stderr } = runAction(tempDir(), { INPUT_ROOT: 'no/such/root', INPUT_GENERATE_CHECK: 'false' });
    expect(code).toBe(2);
    expect(stderr).toContain('surveyor: root `no/such/root` does not exist');
  });
});
