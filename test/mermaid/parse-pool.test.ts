import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MermaidPool } from '../../src/mermaid/parse-pool.js';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const built = (file: string) => pathToFileURL(path.join(packageRoot, 'dist/src/mermaid', file)).href;

describe('MermaidPool', () => {
  it('is not offered when running from the TypeScript sources, which have no worker script', () => {
    expect(MermaidPool.create({ size: 2 })).toBeUndefined();
  });

  it('gives the answers of the main thread, and lets the process exit when idle (built package)', () => {
    // Worker threads need the compiled worker script, so this runs the built package in a child process.
    const script = `
      const { MermaidPool } = await import(${JSON.stringify(built('parse-pool.js'))});
      const { parseMermaid } = await import(${JSON.stringify(built('parse.js'))});
      const texts = ['flowchart TD\\n  A --> B\\n', 'sequenceDiagram\\n  A->>: x\\n', 'flowchart TD\\n  A --> --> B\\n', 'mindmap\\n  root\\n', 'pie title x\\n  "a" : y\\n'];
      const pool = MermaidPool.create({ size: 2 });
      const pooled = await Promise.all(texts.map((t) => pool.parse(t)));
      const direct = [];
      for (const t of texts) direct.push(await parseMermaid(t));
      process.stdout.write(JSON.stringify({ pooled, direct }));
    `;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const { pooled, direct } = JSON.parse(child.stdout) as { pooled: { ok: boolean }[]; direct: unknown[] };
    expect(pooled).toEqual(direct);
    expect(pooled.map((r) => r.ok)).toEqual([true, false, false, true, false]);
  });
});
