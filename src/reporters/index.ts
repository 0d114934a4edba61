import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatMarkdown } from './markdown.js';
import type { Reporter } from './reporter.js';
import { formatSarif } from './sarif.js';
import { formatStylish } from './stylish.js';

export type { Reporter, ReporterOptions } from './reporter.js';

/** Name of an output format, as given to `--format`. */
export type FormatName = 'stylish' | 'json' | 'sarif' | 'junit' | 'github' | 'markdown';

/** The reporter for each output format. */
export const reporters: Readonly<Record<FormatName, Reporter>> = {
  stylish: formatStylish,
  json: formatJson,
  sarif: formatSarif,
  junit: formatJunit,
  github: formatGithub,
  markdown: formatMarkdown,
};

/** Every format name, in the order help text lists them. */
export const formatNames = Object.keys(reporters) as readonly FormatName[];

/** Whether a string names an output format. */
export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(reporters, name);
}
