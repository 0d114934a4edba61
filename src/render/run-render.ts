import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { writeIfChanged } from '../atomic-write.js';
import type { UserConfig } from '../config/config-schema.js';
import { openSession, type Session } from '../engine/run.js';
import { SetupError } from '../errors.js';
import type { FileSource } from '../workspace/file-source.js';
import { findChromium } from './chromium.js';
import { type Diagram, type FailedDiagram, renderDiagrams } from './render.js';

/** Options of `surveyor render`. */
export interface RenderOptions {
  root?: string;
  source?: FileSource;
  configPath?: string;
  config?: UserConfig;
  /** Where the images go (created when missing). */
  out: string;
  format: 'svg' | 'png';
  env: Record<string, string | undefined>;
  onProgress?: (done: number, total: number) => void;
}

/** What `surveyor render` did. */
export interface RenderResult {
  diagrams: number;
  /** Output files written because their bytes changed. */
  written: string[];
  /** Output files whose bytes were already current. */
  unchanged: string[];
  failed: (FailedDiagram & { line: number })[];
}

/** Every Mermaid block of the docs pages, in page order. */
export async function diagramsOf(session: Session): Promise<Diagram[]> {
  const diagrams: Diagram[] = [];
  for (const page of await session.facts.docs.pages()) {
    page.mermaidBlocks.forEach((block, i) =>
      diagrams.push({ file: page.file, line: block.firstLine, index: i + 1, code: block.value }),
    );
  }
  return diagrams;
}

/**
 * Renders every Mermaid block of the docs, generated and hand-written, with one
 * browser, writing `<page>-<n>.svg|png` under `out` only when the bytes change.
 * Throws `SetupError` when no browser is found.
 */
export async function runRender(options: RenderOptions): Promise<RenderResult> {
  const session = await openSession(options);
  const executablePath = findChromium(options.env, session.config.render.chromium);
  if (!executablePath) {
    throw new SetupError(
      'no Chromium to render with: install it (`apt-get install chromium`) or set PUPPETEER_EXECUTABLE_PATH (or `render.chromium` in the config) to a Chrome or Chromium binary',
    );
  }
  const diagrams = await diagramsOf(session);
  const { rendered, failed } = await renderDiagrams(diagrams, {
    executablePath,
    format: options.format,
    onProgress: options.onProgress,
  });
  mkdirSync(options.out, { recursive: true });
  const written: string[] = [];
  const unchanged: string[] = [];
  for (const { name, data } of rendered)
    (writeIfChanged(options.out, name, data) ? written : unchanged).push(path.join(options.out, name));
  return {
    diagrams: diagrams.length,
    written,
    unchanged,
    failed: failed.map((f) => ({
      ...f,
      line: f.diagram.line + Math.max(0, Number(/line (\d+)/i.exec(f.message)?.[1] ?? 1) - 1),
    })),
  };
}
