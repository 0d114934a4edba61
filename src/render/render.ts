import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { blockRemoteRequests, OFFLINE_ARGS, stripRemoteReferences } from './offline.js';

/** One Mermaid block of a page, where it is and what it says. */
export interface Diagram {
  /** The page, repo-relative. */
  file: string;
  /** 1-based page line of the diagram's first line. */
  line: number;
  /** Position of the block among the page's Mermaid blocks, from 1. */
  index: number;
  code: string;
}

/** A diagram that rendered, with its output name and bytes. */
export interface RenderedDiagram {
  diagram: Diagram;
  name: string;
  data: Uint8Array;
}

/** A diagram mermaid could not render, with mermaid's reason. */
export interface FailedDiagram {
  diagram: Diagram;
  message: string;
}

/** The output file name of a diagram: the page path and block number, so it is stable while the page keeps its order. */
export function diagramName(diagram: Diagram, format: 'svg' | 'png'): string {
  const stem = diagram.file
    .replace(/\.md$/i, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${stem}-${diagram.index}.${format}`;
}

/** Flags for a headless Chromium in a sandboxed machine, kept offline (root needs `--no-sandbox`). */
function launchArgs(): string[] {
  const args = ['--disable-gpu', ...OFFLINE_ARGS, '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'];
  if (process.getuid?.() === 0) args.unshift('--no-sandbox');
  return args;
}

/**
 * Renders every diagram with ONE browser through @mermaid-js/mermaid-cli's Node API,
 * a few pages at a time. SVG ids derive from the output name, so unchanged diagrams give
 * identical bytes. A diagram that fails is returned as a failure; the rest still render.
 */
export async function renderDiagrams(
  diagrams: readonly Diagram[],
  options: {
    executablePath: string;
    format: 'svg' | 'png';
    concurrency?: number;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<{ rendered: RenderedDiagram[]; failed: FailedDiagram[] }> {
  const [{ default: puppeteer }, { renderMermaid }] = await Promise.all([
    import('puppeteer-core'),
    import('@mermaid-js/mermaid-cli'),
  ]);
  const profile = mkdtempSync(path.join(tmpdir(), 'surveyor-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: options.executablePath,
    headless: true,
    args: launchArgs(),
    userDataDir: profile,
  });
  // Every page mermaid-cli opens blocks the network before it loads anything.
  const offlineBrowser = new Proxy(browser, {
    get(target, key, receiver) {
      if (key !== 'newPage') return Reflect.get(target, key, receiver);
      return async () => {
        const page = await target.newPage();
        await blockRemoteRequests(page);
        return page;
      };
    },
  });
  const rendered: RenderedDiagram[] = [];
  const failed: FailedDiagram[] = [];
  try {
    // Mermaid-cli loads a page per diagram; a few pages at once keep every core busy.
    let next = 0;
    let done = 0;
    const worker = async () => {
      while (next < diagrams.length) {
        const diagram = diagrams[next++]!;
        const name = diagramName(diagram, options.format);
        try {
          const svgId = `surveyor-${name.replace(/\.\w+$/, '')}`;
          const output = await renderMermaid(offlineBrowser, diagram.code, options.format, {
            svgId,
            mermaidConfig: { theme: 'default', handDrawnSeed: 1 },
            backgroundColor: 'white',
          });
          const data =
            options.format === 'svg'
              ? new TextEncoder().encode(stripRemoteReferences(new TextDecoder().decode(output.data)))
              : output.data;
          rendered.push({ diagram, name, data });
        } catch (error) {
          failed.push({ diagram, message: (error instanceof Error ? error.message : String(error)).split('\n')[0]! });
        }
        options.onProgress?.(++done, diagrams.length);
      }
    };
    await Promise.all(
      Array.from(
        {
          length: Math.min(
            options.concurrency ?? Math.max(1, Math.min(4, availableParallelism())),
            Math.max(1, diagrams.length),
          ),
        },
        worker,
      ),
    );
    const order = (d: Diagram) => diagrams.indexOf(d);
    rendered.sort((a, b) => order(a.diagram) - order(b.diagram));
    failed.sort((a, b) => order(a.diagram) - order(b.diagram));
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
  return { rendered, failed };
}
