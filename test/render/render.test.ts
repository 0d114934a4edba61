import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession } from '../../src/engine/run.js';
import { findChromium } from '../../src/render/chromium.js';
import { keepBrowser } from '../../src/render/render.js';
import { diagramsOf, runRender } from '../../src/render/run-render.js';
import { EXAMPLE_ROOT } from '../support/atlas-tree.js';
import { runCli, tempDirs } from '../support/cli-run.js';

// These tests drive a real Chromium (Debian's `chromium`, installed by .ci/run).
const temp = tempDirs('surveyor-render-');

/** A local HTTP server that records the path of every request it gets, for tests that no request is made. */
async function recordingServer(): Promise<{ requests: string[]; port: number; server: Server }> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    response.end('x');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { requests, port: (server.address() as AddressInfo).port, server };
}

const page = (title: string, body: string) =>
  `---\ntitle: ${title}\naudience: operators\ntype: reference\nstatus: stable\nowner: ops\nlast_reviewed: 2026-11-20\n---\n\n# ${title}\n\n${body}`;

// One Chromium for the file's renders: starting one costs more than the diagrams each test draws.
beforeAll(() => keepBrowser(true));
afterAll(() => keepBrowser(false), 60_000);

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
    // Mermaid's error is on the diagram's third line, `b -->> c`: page line 20.
    expect(first.failed[0]!.line).toBe(20);
    const bytes = readdirSync(out).map((f) => readFileSync(path.join(out, f)));
    // A deleted output is drawn again, to the same bytes.
    rmSync(path.join(out, 'docs-a-1.svg'));
    const second = await runRender({ root, out, format: 'svg', env: process.env });
    expect(second.written.map((f) => path.basename(f))).toEqual(['docs-a-1.svg']);
    expect(second.unchanged).toHaveLength(1);
    expect(readdirSync(out).map((f) => readFileSync(path.join(out, f)))).toEqual(bytes);
    // Without its cache every diagram is drawn again, and an image whose bytes are the same is not written.
    rmSync(path.join(out, '.surveyor-render-cache.json'));
    const uncached = await runRender({ root, out, format: 'svg', env: process.env });
    expect(uncached.written).toEqual([]);
    expect(uncached.unchanged.map((f) => path.basename(f))).toEqual(['docs-a-1.svg', 'docs-a-3.svg']);

    const { code, stdout, stderr } = await runCli(['render', '--root', root, '--out', out], {
      env: process.env,
      stderrTTY: true,
    });
    // On a terminal, one progress line rewritten in place over the diagrams to draw (the two
    // unchanged ones come from the cache, only the broken one is drawn), ended when all are done.
    expect(stderr).toBe('\rrendering 1/1\n');
    expect(code).toBe(1);
    expect(stdout).toMatch(/^docs\/a\.md:\d+:1 {2}error {2}.+\(diagram 2\)$/m);
    expect(stdout).toMatch(/✖ rendered 2 of 3 diagrams into .* \(0 written, 2 unchanged\)/);
  }, 180_000);

  it('draws again only what changed, and never requests what a diagram names', async () => {
    const { requests, port, server } = await recordingServer();
    try {
      const root = temp();
      mkdirSync(path.join(root, 'docs'));
      const write = (label: string) =>
        writeFileSync(
          path.join(root, 'docs/a.md'),
          page(
            'A',
            `\`\`\`mermaid\nflowchart LR\n  a["<img src='http://127.0.0.1:${port}/leak.png'> ${label}"] --> b\n\`\`\`\n\n\`\`\`mermaid\nflowchart LR\n  c --> d\n\`\`\`\n`,
          ),
        );
      write('one');
      const out = path.join(root, 'out');
      const first = await runRender({ root, out, format: 'svg', env: process.env });
      expect(first.failed).toEqual([]);
      expect(first.written).toHaveLength(2);
      write('two');
      const second = await runRender({ root, out, format: 'svg', env: process.env });
      expect(second.written.map((f) => path.basename(f))).toEqual(['docs-a-1.svg']);
      expect(second.unchanged.map((f) => path.basename(f))).toEqual(['docs-a-2.svg']);
      expect(readdirSync(out)).toContain('.surveyor-render-cache.json');
      // Drawn again without the cache, on a page that drew flowcharts before: the same bytes, nothing written.
      rmSync(path.join(out, '.surveyor-render-cache.json'));
      const uncached = await runRender({ root, out, format: 'svg', env: process.env });
      expect(uncached.written).toEqual([]);
      expect(uncached.unchanged).toHaveLength(2);
      // Nothing changed: no browser is needed to know every output is current.
      const noBrowser = { PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chromium', PATH: '' };
      const cached = await runRender({ root, out, format: 'svg', env: noBrowser });
      expect(cached.written).toEqual([]);
      expect(cached.unchanged).toHaveLength(2);
      expect(requests).toEqual([]);
    } finally {
      server.close();
    }
  }, 180_000);

  it('draws each diagram of a page to a PNG of its own', async () => {
    const png = async (blocks: string[]) => {
      const root = temp();
      mkdirSync(path.join(root, 'docs'));
      writeFileSync(
        path.join(root, 'docs/a.md'),
        page('A', blocks.map((b) => `\`\`\`mermaid\n${b}\n\`\`\`\n`).join('\n')),
      );
      const out = path.join(root, 'out');
      const result = await runRender({ root, out, format: 'png', env: process.env });
      expect(result.failed).toEqual([]);
      return result.written.map((file) => readFileSync(file));
    };
    const flowchart = 'flowchart LR\n  a --> b';
    const [first, second] = await png([flowchart, 'sequenceDiagram\n  A->>B: hi']);
    for (const image of [first, second])
      expect(image!.subarray(0, 8)).toEqual(Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'));
    expect(second).not.toEqual(first);
    // The first image is the flowchart as drawn alone, not what the page drew after it.
    expect(await png([flowchart])).toEqual([first]);
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

describe('render reaches no network (issue 14, case 9)', () => {
  it('a diagram naming a local server makes no request to it, and its SVG keeps no remote reference', async () => {
    const { requests: hits, port, server } = await recordingServer();
    try {
      const root = temp();
      mkdirSync(path.join(root, 'docs'));
      const remote = `http://127.0.0.1:${port}`;
      writeFileSync(
        path.join(root, 'docs/a.md'),
        `# A\n\n\`\`\`mermaid\nflowchart LR\n  A["<img src='${remote}/img'> label"] --> B["<a href='${remote}/link'>go</a>"]\n\`\`\`\n`,
      );
      const out = path.join(root, 'out');
      const result = await runRender({
        root,
        out,
        format: 'svg',
        env: process.env,
        config: { render: {} } as never,
      });
      expect(result.failed).toEqual([]);
      expect(result.written).toHaveLength(1);
      const svg = readFileSync(result.written[0]!, 'utf8');
      expect(svg).toMatch(/<svg/);
      expect(svg).not.toContain(`127.0.0.1:${port}`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(hits).toEqual([]);
    } finally {
      server.close();
    }
  }, 180_000);
});
