import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledEntry, parseMermaid } from '../../src/mermaid/parse.js';
import { diagramKeyword, MappedText, preprocessForParse } from '../../src/mermaid/preprocess.js';

describe('parseMermaid', () => {
  it.each([
    ['flowchart', 'flowchart TD\n    A[Validate] --> B{Healthy?}\n    B -->|yes| C[Keep]\n'],
    ['sequence', 'sequenceDiagram\n    participant A as Build\n    A->>B: outputs\n    B-->>A: digests\n'],
    ['mindmap', 'mindmap\n  root((Atlas))\n    Install\n      Matrix\n'],
    ['state', 'stateDiagram-v2\n    [*] --> Blocked\n    Blocked --> Ready: score\n    Ready --> [*]\n'],
    ['class', 'classDiagram\n    Profile <|-- Matrix\n'],
    ['pie', 'pie title Suites\n    "install-gate" : 2\n    "nightly" : 2\n'],
    ['er', 'erDiagram\n    MATRIX ||--o{ PROFILE : lists\n'],
    ['gantt', 'gantt\n    title Release\n    section Build\n    Collect :a1, 2026-11-01, 3d\n'],
  ])('accepts a valid %s diagram', async (_type, text) => {
    expect(await parseMermaid(text)).toMatchObject({ ok: true });
  });

  it.each([
    ['the broken line itself', 'flowchart TD\n    A --> B\n    B --> --> C\n', 3, 11],
    ['lines of `%%` comments before it', 'flowchart TD\n    %% one\n    %% two\n    A --> B\n    B --> --> C\n', 5, 11],
    [
      'front matter and an init directive before it',
      '---\ntitle: Upgrade\n---\n%%{init: {"theme": "dark"}}%%\nsequenceDiagram\n    A->>: hi\n',
      6,
      9,
    ],
    ['CRLF line endings', 'classDiagram\r\n    A <|-- \r\n', 2, 13],
    ['a langium-parsed diagram', 'pie title Suites\n    %% counts\n    "nightly" : many\n', 3, 17],
  ])('places an error on the line as written, counting %s', async (_case, text, line, column) => {
    const result = await parseMermaid(text);
    expect(result).toMatchObject({ ok: false, kind: 'syntax', line, column });
  });

  it('says what was unexpected, or that a line ended too early, and what mermaid expected', async () => {
    const early = await parseMermaid('stateDiagram-v2\n    [*] --> A\n    A -->\n    --> [*]\n');
    expect(early).toMatchObject({ ok: false, line: 3, column: 10, diagramKeyword: 'stateDiagram-v2' });
    expect(early.ok ? '' : early.message).toBe('the line ends too early, expected one of `ID`, `EDGE_STATE`');
    const unexpected = await parseMermaid('sequenceDiagram\n    A->>: hi\n');
    expect(unexpected.ok ? '' : unexpected.message).toBe('unexpected `: hi`, expected one of `+`, `-`, `()`, `ACTOR`');
  });

  it('reports a diagram that ends too early at its last line', async () => {
    expect(await parseMermaid('flowchart TD\n    A --> B{\n')).toMatchObject({
      ok: false,
      line: 2,
      message: expect.stringMatching(/^the diagram ends too early/),
    });
  });

  it('reports an unknown or missing diagram type at the first line', async () => {
    expect(await parseMermaid('%% comment\nflow LR\n    A --> B\n')).toMatchObject({
      ok: false,
      kind: 'unknown-type',
      line: 2,
      diagramKeyword: 'flow',
    });
    expect(await parseMermaid('')).toMatchObject({ ok: false, kind: 'unknown-type', line: 1 });
  });

  it("reports a flowchart over mermaid's 500-edge limit as refused, not as a syntax error", async () => {
    const edges = Array.from({ length: 501 }, (_, i) => `    N${i} --> N${i + 1}`).join('\n');
    expect(await parseMermaid(`flowchart TD\n${edges}\n`)).toMatchObject({ ok: false, kind: 'limit', line: 1 });
  });

  it('gives the same answers when called concurrently, since calls are serialised', async () => {
    const texts = [
      'flowchart TD\n    A --> B\n',
      'sequenceDiagram\n    A->>: x\n',
      'flowchart TD\n    A --> --> B\n',
      'mindmap\n  root\n',
    ];
    const concurrent = await Promise.all(texts.map((t) => parseMermaid(t)));
    const sequential = [];
    for (const text of texts) sequential.push(await parseMermaid(text));
    expect(concurrent).toEqual(sequential);
    expect(concurrent.map((r) => r.ok)).toEqual([true, false, false, true]);
  });

  it('keeps mermaid quiet when a diagram raises its own log level', async () => {
    const written: unknown[] = [];
    const original = console.debug;
    console.debug = (...args: unknown[]) => written.push(args);
    try {
      expect(await parseMermaid('%%{init: {"logLevel": 0}}%%\nflowchart TD\n    A --> B\n')).toMatchObject({
        ok: true,
      });
    } finally {
      console.debug = original;
    }
    expect(written).toEqual([]);
  });
});

describe('preprocessForParse', () => {
  it('removes what mermaid removes and maps each character back', () => {
    const text = '---\ntitle: x\n---\n%% note\r\nflowchart TD\r\n    A --> B\n';
    const mapped = preprocessForParse(text);
    expect(mapped.text).toBe('flowchart TD\n    A --> B\n');
    expect(text.slice(mapped.originOf(0), mapped.originOf(0) + 9)).toBe('flowchart');
    expect(text[mapped.originOf(mapped.text.indexOf('A'))]).toBe('A');
  });

  it('gives the keyword mermaid reads, past front matter, directives and comments (`diagramKeyword`)', () => {
    expect(diagramKeyword('---\ntitle: x\n---\n%% note\nflowchart TD\n  A --> B\n')).toBe('flowchart');
    expect(diagramKeyword('%%{init: {"theme": "dark"}}%%\n\n  sequenceDiagram\n  A->>B: hi\n')).toBe('sequenceDiagram');
    expect(diagramKeyword('flowchart-elk LR\n')).toBe('flowchart-elk');
    expect(diagramKeyword('%% only a comment\n')).toBeUndefined();
  });

  it('composes deletions', () => {
    const mapped = new MappedText('a-b-c-d').deleteMatches(/-/g).deletePrefix(1);
    expect(mapped.text).toBe('bcd');
    expect([0, 1, 2, 3].map((i) => mapped.originOf(i))).toEqual([2, 4, 6, 7]);
  });
});

describe("mermaid's bundle (`bundledEntry`)", () => {
  const temp = mkdtempSync(path.join(os.tmpdir(), 'surveyor-bundle-'));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));
  const dist = (name: string, entry: string | undefined, chunks: string[] = []) => {
    const folder = path.join(temp, name);
    mkdirSync(path.join(folder, 'chunks/mermaid.esm'), { recursive: true });
    if (entry !== undefined) writeFileSync(path.join(folder, 'mermaid.esm.mjs'), entry);
    for (const chunk of chunks)
      writeFileSync(path.join(folder, 'chunks/mermaid.esm', chunk), 'export const purify = {};\n');
    return folder;
  };
  const importing = (chunk: string) =>
    `import {\n  getConfig,\n  purify,\n  reset\n} from "./chunks/mermaid.esm/${chunk}";\nimport "./chunks/mermaid.esm/chunk-B.mjs";\n`;

  it('is found in the installed mermaid, with the chunk that holds its DOMPurify instance', () => {
    // Without it mermaid loads through its package entry, file by file, several times slower.
    const installed = path.dirname(createRequire(import.meta.url).resolve('mermaid'));
    const found = bundledEntry(installed);
    expect(found?.entry).toBe(path.join(installed, 'mermaid.esm.mjs'));
    expect(found?.purifyChunk).toMatch(/chunks\/mermaid\.esm\/chunk-\w+\.mjs$/);
  });

  it('is the chunk the bundle imports `purify` from', () => {
    const folder = dist('good', importing('chunk-A.mjs'), ['chunk-A.mjs', 'chunk-B.mjs']);
    expect(bundledEntry(folder)).toEqual({
      entry: path.join(folder, 'mermaid.esm.mjs'),
      purifyChunk: path.join(folder, 'chunks/mermaid.esm/chunk-A.mjs'),
    });
  });

  it('is not there without a bundle, without an import of `purify`, or when its chunk is missing', () => {
    expect(bundledEntry(dist('none', undefined))).toBeUndefined();
    expect(
      bundledEntry(dist('no-purify', 'import { reset } from "./chunks/mermaid.esm/chunk-A.mjs";\n')),
    ).toBeUndefined();
    expect(bundledEntry(dist('no-chunk', importing('chunk-A.mjs'), ['chunk-B.mjs']))).toBeUndefined();
  });
});
