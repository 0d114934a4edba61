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

// Whether mermaid was loaded in the main thread tells where a diagram was parsed: in a worker
// of a pool started ahead of the pages, or in the main thread when none was.
const sitesPrelude = `
  const { openSession } = await import(${JSON.stringify(built('../engine/run.js'))});
  const { MemorySource } = await import(${JSON.stringify(built('../workspace/file-source.js'))});
  const { mermaidLoaded } = await import(${JSON.stringify(built('parse.js'))});
  const site = async (index, pages, included) => {
    const files = {};
    // Diagrams of their own per site: the process keeps the verdicts of texts it has parsed.
    for (let i = 0; i < pages; i++) files[\`docs/p\${i}.md\`] = \`# P\${i}\\n\\n\\\`\\\`\\\`mermaid\\nflowchart TD\\n  S\${index}A\${i} --> B\\n\\\`\\\`\\\`\\n\`;
    const docs = (await openSession({ source: new MemorySource(files) })).facts.docs;
    const include = (file) => Number(/p(\\d+)/.exec(file)[1]) < included;
    docs.expectDiagrams(include);
    const [page] = await docs.pages(include);
    const verdict = await docs.parseDiagram(page.mermaidBlocks[0]);
    return { ok: verdict.ok, mainThreadLoadedMermaid: mermaidLoaded() };
  };
`;

/** What one process of the built package answered for the pool and for the two docs sites. */
interface PoolAndSites {
  pooled: { ok: boolean }[];
  pooledInMainThread: boolean;
  direct: unknown[];
  sites: { ok: boolean; mainThreadLoadedMermaid: boolean }[];
}

let poolAndSitesRun: PoolAndSites | undefined;

/**
 * One process (starting one costs more than what it checks) for what can be seen before the
 * main thread loads mermaid, in that order: a site of 8 diagrams, whose pool parses them; a
 * pool's answers; then a site of 7, which parses in the main thread; then the same texts
 * parsed there. The process exits once idle, pools included, or `runBuilt` fails.
 */
function poolAndSites(): PoolAndSites {
  poolAndSitesRun ??= runBuilt(`
    ${sitesPrelude}
    const { MermaidPool } = await import(${JSON.stringify(built('parse-pool.js'))});
    const { parseMermaid } = await import(${JSON.stringify(built('parse.js'))});
    const sites = [await site(0, 8, 8)];
    const texts = ['flowchart TD\\n  A --> B\\n', 'sequenceDiagram\\n  A->>: x\\n', 'flowchart TD\\n  A --> --> B\\n', 'mindmap\\n  root\\n', 'pie title x\\n  "a" : y\\n'];
    const pool = MermaidPool.create({ size: 2 });
    const pooled = await Promise.all(texts.map((t) => pool.parse(t)));
    const pooledInMainThread = mermaidLoaded();
    sites.push(await site(1, 7, 7));
    const direct = [];
    for (const t of texts) direct.push(await parseMermaid(t));
    process.stdout.write(JSON.stringify({ pooled, pooledInMainThread, direct, sites }));
  `) as PoolAndSites;
  return poolAndSitesRun;
}

describe('MermaidPool', () => {
  it('is not offered when running from the TypeScript sources, which have no worker script', () => {
    expect(MermaidPool.create({ size: 2 })).toBeUndefined();
  });

  it('gives the answers of the main thread, and lets the process exit when idle (built package)', () => {
    // Worker threads need the compiled worker script, so this runs the built package in a child process.
    const { pooled, pooledInMainThread, direct } = poolAndSites();
    // The workers parsed them: the main thread had not loaded mermaid when they answered.
    expect(pooledInMainThread).toBe(false);
    expect(pooled).toEqual(direct);
    expect(pooled.map((r) => r.ok)).toEqual([true, false, false, true, false]);
  });
});

describe('the docs site starts the pool before parsing pages (`expectDiagrams`)', () => {
  it('starts it for the 8 diagrams it pays off for, not for 7 (built package)', () => {
    expect(poolAndSites().sites).toEqual([
      { ok: true, mainThreadLoadedMermaid: false },
      { ok: true, mainThreadLoadedMermaid: true },
    ]);
  });

  it('counts only the pages the rule checks (built package)', () => {
    // A process of its own: the main thread must not have loaded mermaid before.
    expect(runBuilt(`${sitesPrelude}\nprocess.stdout.write(JSON.stringify([await site(0, 8, 1)]));`)).toEqual([
      { ok: true, mainThreadLoadedMermaid: true },
    ]);
  });
});
