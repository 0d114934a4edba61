import { parseArgs } from 'node:util';
import { closest } from '../closest.js';
import { UsageError } from '../errors.js';
import type { CliIo } from './cli-io.js';

/** One option of a command, as parsed and as its help shows it. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** Placeholder of the value in help (`DIR`, `FILE`, `N`). */
  value?: string;
  /** One line for the help text. */
  description: string;
}

/** Options of a command by long name (without `--`). */
export type OptionSpecs = Record<string, OptionSpec>;

/** What `parseArgs` makes of a command's options: strings, booleans and repeated strings. */
export type OptionValues<O extends OptionSpecs> = {
  [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : O[K]['multiple'] extends true ? string[] : string;
};

/** A parsed command line of one command. */
export interface ParsedArgs<O extends OptionSpecs> {
  values: OptionValues<O>;
  positionals: string[];
}

/** A subcommand: its help (usage, options, examples) and what it runs. */
export interface Command<O extends OptionSpecs = OptionSpecs> {
  name: string;
  /** One line, for the global help. */
  summary: string;
  /** The synopsis after `surveyor NAME`, e.g. `[FILES...] [options]`. */
  usage: string;
  /** A paragraph or two on what the command does, for its own help. */
  description: string;
  options: O;
  /** `[command line, what it does]` pairs for its help. */
  examples: readonly (readonly [string, string])[];
  /** Extra help lines after the options (exit codes, formats). */
  notes?: string;
  run(args: ParsedArgs<O>, io: CliIo): Promise<number> | number;
}

/** `--config FILE`, the same for every command that reads the repository. */
export const CONFIG_OPTION = {
  type: 'string',
  value: 'FILE',
  description: 'config file (default: ROOT/surveyor.config.json when present)',
} as const satisfies OptionSpec;

/** `--format`, `--output` and `--report`: one run, several reports; `formats` lists the names for the help. */
export function reportOptions(formats: string) {
  return {
    format: { type: 'string', value: 'F', description: `report on standard output (or --output): ${formats}` },
    output: {
      type: 'string',
      value: 'FILE',
      description: 'write that report to FILE (folders created) instead of stdout',
    },
    report: {
      type: 'string',
      multiple: true,
      value: 'FORMAT=FILE',
      description: 'also write a report in FORMAT to FILE, from the same run',
    },
  } as const satisfies OptionSpecs;
}

/** Declares a command, keeping the type of its options for `run`. */
export function defineCommand<O extends OptionSpecs>(command: Command<O>): Command<O> {
  return command;
}

/** Every command gets `--help`. */
const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h', description: 'show this help' };

/** Whether the arguments ask for help (before any `--`). */
export function wantsHelp(args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}

/**
 * Parses a command's arguments strictly. An unknown option gets the nearest known one
 * as a suggestion; a missing value names the option.
 */
export function parseCommandArgs<O extends OptionSpecs>(command: Command<O>, args: string[]): ParsedArgs<O> {
  const options = { ...command.options, help: HELP_OPTION } as OptionSpecs;
  const config = Object.fromEntries(
    Object.entries(options).map(([name, spec]) => [
      name,
      {
        type: spec.type,
        ...(spec.multiple ? { multiple: true } : {}),
        ...(spec.short ? { short: spec.short } : {}),
      },
    ]),
  );
  try {
    const { values, positionals } = parseArgs({ args, options: config, allowPositionals: true, strict: true });
    return { values: values as OptionValues<O>, positionals };
  } catch (error) {
    throw new UsageError(describeParseError(error as Error & { code?: string }, command, options));
  }
}

function describeParseError(error: Error & { code?: string }, command: Command, options: OptionSpecs): string {
  const { message } = error;
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  if (unknown) {
    const given = unknown[1]!;
    const names = Object.keys(options).map((name) => `--${name}`);
    const hint = closest(given.replace(/=.*$/, ''), names);
    return `unknown option \`${given}\` for \`${command.name}\`${hint ? `, did you mean \`${hint}\`?` : ''}`;
  }
  const missing = /^Option '(-\w, )?(--[\w-]+)[^']*' argument missing/.exec(message);
  if (missing) return `\`${missing[2]}\` needs a value`;
  const boolean = /^Option '(-\w, )?(--[\w-]+)' does not take an argument/.exec(message);
  if (boolean) return `\`${boolean[2]}\` takes no value`;
  return message;
}

/** A command's own help: usage, what it does, its options, examples and notes. */
export function commandHelp(command: Command): string {
  const options = { ...command.options, help: HELP_OPTION } as OptionSpecs;
  const rows = Object.entries(options).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.value ? ` ${spec.value}` : ''}`;
    return [flag, `${spec.description}${spec.multiple ? ' (repeatable)' : ''}`] as const;
  });
  const width = Math.min(Math.max(...rows.map(([flag]) => flag.length)), 28);
  const lines = [
    `Usage: surveyor ${command.name} ${command.usage}`.trimEnd(),
    '',
    command.description,
    '',
    'Options:',
    ...rows.map(([flag, text]) =>
      flag.length > width ? `  ${flag}\n  ${' '.repeat(width)}  ${text}` : `  ${flag.padEnd(width)}  ${text}`,
    ),
  ];
  if (command.examples.length) {
    lines.push('', 'Examples:');
    for (const [line, what] of command.examples) lines.push(`  ${line}`, `      ${what}`);
  }
  if (command.notes) lines.push('', command.notes);
  return `${lines.join('\n')}\n`;
}

/** A whole number from an option, or a usage error naming the option. */
export function parseCount(option: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`--${option} expects a whole number, got \`${value}\``);
  return Number(value);
}
