import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MermaidPool } from '../../src/mermaid/parse-pool.js';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const built = (file: string) => pathToFileURL(path.join(packageRoot, 'dist/src/mermaid', file)).href;

/** Runs a module script against the built package in a child process and returns what it printed as JSON. */
function runBuilt(script: string): unknown {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);
  return JSON.parse(child.stdout);
}

describe('MermaidPool', () => {
  it('is not offered when running from the TypeScript sources, which have no worker script', () => {
    expect(MermaidPool.create({ size: 2 })).toBeUndefined();
  });

  it('gives the answers of the main thread, and lets the process exit when idle (built package)', () => {
    // Worker threads need the compiled worker script, so this runs the built package in a child process.
    const script = `
      const { MermaidPool } = await import(${JSON.stringify(built('parse-pool.js'))});
      const { mermaidLoaded, parseMermaid } = await import(${JSON.stringify(built('parse.js'))});
      const texts = ['flowchart TD\\n  A --> B\\n', 'sequenceDiagram\\n  A->>: x\\n', 'flowchart TD\\n  A --> --> B\\n', 'mindmap\\n  root\\n', 'pie title x\\n  "a" : y\\n'];
      const pool = MermaidPool.create({ size: 2 });
      const pooled = await Promise.all(texts.map((t) => pool.parse(t)));
      // The workers parsed them: the main thread has not loaded mermaid yet.
      if (mermaidLoaded()) throw new Error('the pool parsed in the main thread');
      const direct = [];
      for (const t of texts) direct.push(await parseMermaid(t));
      process.stdout.write(JSON.stringify({ pooled, direct }));
    `;
    const { pooled, direct } = runBuilt(script) as { pooled: { ok: boolean }[]; direct: unknown[] };
    expect(pooled).toEqual(direct);
    expect(pooled.map((r) => r.ok)).toEqual([true, false, false, true, false]);
  });
});

describe('the docs site starts the pool before parsing pages (`expectDiagrams`)', () => {
  // Whether mermaid was loaded in the main thread tells where a diagram was parsed: in a worker
  // of a pool started ahead of the pages, or in the main thread when none was.
  const script = (sites: { pages: number; included: number }[]) => `
    const { openSession } = await import(${JSON.stringify(built('../engine/run.js'))});
    const { MemorySource } = await import(${JSON.stringify(built('../workspace/file-source.js'))});
    const { mermaidLoaded } = await import(${JSON.stringify(built('parse.js'))});
    const answers = [];
    for (const [site, { pages, included }] of ${JSON.stringify(sites)}.entries()) {
      const files = {};
      // Diagrams of their own per site: the process keeps the verdicts of texts it has parsed.
      for (let i = 0; i < pages; i++) files[\`docs/p\${i}.md\`] = \`# P\${i}\\n\\n\\\`\\\`\\\`mermaid\\nflowchart TD\\n  S\${site}A\${i} --> B\\n\\\`\\\`\\\`\\n\`;
      const docs = (await openSession({ source: new MemorySource(files) })).facts.docs;
      const include = (file) => Number(/p(\\d+)/.exec(file)[1]) < included;
      docs.expectDiagrams(include);
      const [page] = await docs.pages(include);
      const verdict = await docs.parseDiagram(page.mermaidBlocks[0]);
      answers.push({ ok: verdict.ok, mainThreadLoadedMermaid: mermaidLoaded() });
    }
    process.stdout.write(JSON.stringify(answers));
  `;

  it('starts it for the 8 diagrams it pays off for, not for 7 (built package)', () => {
    expect(
      runBuilt(
        script([
          { pages: 8, included: 8 },
          { pages: 7, included: 7 },
        ]),
      ),
    ).toEqual([
      { ok: true, mainThreadLoadedMermaid: false },
      { ok: true, mainThreadLoadedMermaid: true },
    ]);
  });

  it('counts only the pages the rule checks (built package)', () => {
    expect(runBuilt(script([{ pages: 8, included: 1 }]))).toEqual([{ ok: true, mainThreadLoadedMermaid: true }]);
  });
});
