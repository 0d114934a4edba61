import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { writeIfChanged } from '../atomic-write.js';
import type { UserConfig } from '../config/config-schema.js';
import { openSession, type Session } from '../engine/run.js';
import { SetupError } from '../errors.js';
import type { FileSource } from '../workspace/file-source.js';
import { findChromium } from './chromium.js';
import {
  type Diagram,
  diagramName,
  type FailedDiagram,
  MERMAID_THEME,
  mermaidVersion,
  renderDiagrams,
  svgIdOf,
} from './render.js';
import { RenderCache, renderKey } from './render-cache.js';

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
  /** Called as diagrams render: how many of the diagrams that need drawing are done. */
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
  const diagrams = await diagramsOf(session);
  mkdirSync(options.out, { recursive: true });
  // Diagrams whose source, theme, Mermaid version and output are unchanged are not drawn again.
  const cache = RenderCache.open(options.out);
  const mermaid = mermaidVersion();
  const keys = new Map(
    diagrams.map((diagram) => {
      const name = diagramName(diagram, options.format);
      const key = renderKey({
        code: diagram.code,
        theme: MERMAID_THEME,
        mermaid,
        format: options.format,
        svgId: svgIdOf(name),
      });
      return [diagram, { name, key }] as const;
    }),
  );
  const stale = diagrams.filter((d) => !cache.isCurrent(keys.get(d)!.name, keys.get(d)!.key));
  const written: string[] = [];
  const unchanged: string[] = diagrams
    .filter((d) => !stale.includes(d))
    .map((d) => path.join(options.out, keys.get(d)!.name));
  let failed: FailedDiagram[] = [];
  if (stale.length) {
    const executablePath = findChromium(options.env, session.config.render.chromium);
    if (!executablePath) {
      throw new SetupError(
        'no Chromium to render with: install it (`apt-get install chromium`) or set PUPPETEER_EXECUTABLE_PATH (or `render.chromium` in the config) to a Chrome or Chromium binary',
      );
    }
    const result = await renderDiagrams(stale, {
      executablePath,
      format: options.format,
      onProgress: options.onProgress,
    });
    failed = result.failed;
    for (const { diagram, name, data } of result.rendered) {
      (writeIfChanged(options.out, name, data) ? written : unchanged).push(path.join(options.out, name));
      cache.record(name, keys.get(diagram)!.key, data);
    }
  }
  const failedNames = new Set(failed.map((f) => keys.get(f.diagram)!.name));
  cache.save([...keys.values()].map((k) => k.name).filter((name) => !failedNames.has(name)));
  return {
    diagrams: diagrams.length,
    written,
    unchanged: unchanged.sort(),
    failed: failed.map((f) => ({
      ...f,
      line: f.diagram.line + Math.max(0, Number(/line (\d+)/i.exec(f.message)?.[1] ?? 1) - 1),
    })),
  };
}
