import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSession } from '../../src/engine/run.js';
import { findChromium } from '../../src/render/chromium.js';
import { diagramsOf, runRender } from '../../src/render/run-render.js';
import { EXAMPLE_ROOT } from '../support/atlas-tree.js';
import { runCli, tempDirs } from '../support/cli-run.js';

// These tests drive a real Chromium (Debian's `chromium`, installed by .ci/run).
const temp = tempDirs('surveyor-render-');

const page = (title: string, body: string) =>
  `---\ntitle: ${title}\naudience: operators\ntype: reference\nstatus: stable\nowner: ops\nlast_reviewed: 2026-11-20\n---\n\n# ${title}\n\n${body}`;

describe('surveyor render', () => {
  it('finds a browser on this machine', () => {
    expect(findChromium(process.env)).toBeTruthy();
  });

  it('renders every diagram of the example with one browser', async () => {
    const out = temp();
    const expected = (await diagramsOf(await openSession({ root: EXAMPLE_ROOT }))).length;
    const result = await runRender({ root: EXAMPLE_ROOT, out, format: 'svg', env: process.env });
    expect(result.failed).toEqual([]);
    expect(result.diagrams).toBe(expected);
    expect(result.written).toHaveLength(expected);
    const files = readdirSync(out).sort();
    expect(files).toContain('docs-operations-upgrades-and-rollback-1.svg');
    expect(readFileSync(path.join(out, 'docs-operations-upgrades-and-rollback-1.svg'), 'utf8')).toMatch(
      /^<svg[^>]* id="surveyor-docs-operations-upgrades-and-rollback-1"/,
    );
  }, 180_000);

  it('re-renders unchanged diagrams to identical bytes, and reports a broken one at its Markdown line', async () => {
    const root = temp();
    mkdirSync(path.join(root, 'docs'));
    writeFileSync(
      path.join(root, 'docs/a.md'),
      page(
        'A',
        '```mermaid\nflowchart LR\n  a([stadium]) --> b{{hexagon}}\n```\n\n```mermaid\nflowchart TD\n  a --> \n  b -->> c\n```\n\n```mermaid\nsequenceDiagram\n  A->>B: hi\n```\n',
      ),
    );
    const out = path.join(root, 'out');
    const first = await runRender({ root, out, format: 'svg', env: process.env });
    expect(first.written.map((f) => path.basename(f))).toEqual(['docs-a-1.svg', 'docs-a-3.svg']);
    expect(first.failed.map((f) => [f.diagram.file, f.diagram.index, f.line])).toEqual([
      ['docs/a.md', 2, expect.any(Number)],
    ]);
    expect(first.failed[0]!.line).toBeGreaterThanOrEqual(17);
    const bytes = readdirSync(out).map((f) => readFileSync(path.join(out, f)));
    const second = await runRender({ root, out, format: 'svg', env: process.env });
    expect(second.written).toEqual([]);
    expect(second.unchanged).toHaveLength(2);
    expect(readdirSync(out).map((f) => readFileSync(path.join(out, f)))).toEqual(bytes);

    const { code, stdout } = await runCli(['render', '--root', root, '--out', out], { env: process.env });
    expect(code).toBe(1);
    expect(stdout).toMatch(/^docs\/a\.md:\d+:1 {2}error {2}.+\(diagram 2\)$/m);
    expect(stdout).toMatch(/✖ rendered 2 of 3 diagrams into .* \(0 written, 2 unchanged\)/);
  }, 180_000);

  it('says in one line how to get a browser when there is none, exit 2', async () => {
    const { code, stderr } = await runCli(['render', '--root', EXAMPLE_ROOT, '--out', temp()], {
      env: { PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chromium', PATH: '' },
    });
    expect(code).toBe(2);
    expect(stderr).toBe(
      'surveyor: no Chromium to render with: install it (`apt-get install chromium`) or set PUPPETEER_EXECUTABLE_PATH (or `render.chromium` in the config) to a Chrome or Chromium binary\n',
    );
  });
});
