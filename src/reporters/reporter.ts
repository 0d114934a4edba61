import type { RunResult } from '../engine/diagnostic.js';

/** Options every reporter accepts; reporters ignore what does not apply to them. */
export interface ReporterOptions {
  /** Emit ANSI colours (stylish only); the CLI decides from TTY, `--no-color` and `NO_COLOR`. */
  color: boolean;
  /** github: the most findings annotated (errors first); the rest are counted in one notice. Default 50. */
  maxAnnotations?: number;
  /** Where the complete report of the same run is, for a Markdown summary that had to leave detail out. */
  fullReport?: string;
}

/** A reporter is a pure function from a run result to the text it prints. */
export type Reporter = (result: RunResult, options: ReporterOptions) => string;
