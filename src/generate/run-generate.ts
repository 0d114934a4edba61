import { WriteRefusedError, writeIfChanged } from '../atomic-write.js';
import type { UserConfig } from '../config/config-schema.js';
import { openSession, type Session } from '../engine/run.js';
import { UsageError } from '../errors.js';
import { DiskSource, type FileSource } from '../workspace/file-source.js';
import { LineIndex } from '../workspace/line-index.js';
import { plannedPages } from './planned-pages.js';
import type { PagePlan } from './regenerate.js';
import { unifiedDiff } from './unified-diff.js';

/** Options of `surveyor generate`. */
export interface GenerateOptions {
  root?: string;
  source?: FileSource;
  configPath?: string;
  config?: UserConfig;
  /** Write nothing; report drift as diffs. */
  check?: boolean;
  /** A session already opened (the gate's), so nothing is listed, read or parsed twice. */
  session?: Session;
}

/** A problem with a page's markers or a region's generator or attributes, located. */
export interface GenerateProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** What `surveyor generate` found and did. */
export interface GenerateResult {
  pages: PagePlan[];
  /** One unified diff per region whose content differs from what would be generated. */
  diffs: { file: string; region: string; diff: string }[];
  problems: GenerateProblem[];
  /** Pages written (never in check mode). */
  written: string[];
}

/**
 * Regenerates every marked region from the Atlas model. With `check`, nothing is
 * written and drift comes back as unified diffs; otherwise pages whose content changes
 * are written atomically, in place (mode, owner, links inside the root kept). Regions
 * with problems, and pages that may not be written, are left as they are and reported.
 */
export async function runGenerate(options: GenerateOptions): Promise<GenerateResult> {
  const session = options.session ?? (await openSession(options));
  const pages = await plannedPages(session.facts);
  const diffs: GenerateResult['diffs'] = [];
  const problems: GenerateProblem[] = [];
  for (const page of pages) {
    const lines = new LineIndex(page.text);
    const at = (offset: number) => lines.position(offset);
    for (const problem of page.markerProblems)
      problems.push({ file: page.file, ...at(problem.span.start), message: problem.message });
    for (const region of page.regions) {
      for (const message of region.problems)
        problems.push({ file: page.file, ...at(region.region.begin.start), message });
      if (region.expected === undefined || region.expected === region.current) continue;
      const firstLine = at(region.region.content.start).line;
      const diff = unifiedDiff(region.current, region.expected, {
        from: `${page.file} (region ${region.region.name}, as it is)`,
        to: `${page.file} (region ${region.region.name}, as surveyor generate writes it)`,
        firstLine,
      });
      diffs.push({ file: page.file, region: region.region.name, diff });
    }
  }
  const written: string[] = [];
  if (!options.check) {
    const source = session.workspace.source;
    if (!(source instanceof DiskSource))
      throw new UsageError('generate can only write pages on disk; use --check for other sources');
    for (const page of pages) {
      if (page.next === page.text) continue;
      try {
        if (writeIfChanged(source.root, page.file, page.next, { refuseReadOnly: true })) written.push(page.file);
      } catch (error) {
        // A page surveyor may not or cannot write is a finding about that page; the others are still written.
        const reason =
          error instanceof WriteRefusedError
            ? error.message
            : `\`${page.file}\` cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
        problems.push({ file: page.file, line: 1, column: 1, message: `${reason}: its regions were not updated` });
      }
    }
  }
  return { pages, diffs, problems, written };
}
