import { BaselineError } from '../baseline/baseline-file.js';
import { closest } from '../closest.js';
import { ConfigError, SetupError, UsageError } from '../errors.js';
import { GateInputError } from '../gate/gate-error.js';
import { packageVersion } from '../version.js';
import type { CliIo } from './cli-io.js';
import { type Command, commandHelp, parseCommandArgs, wantsHelp } from './command.js';
import { checkCommand } from './commands/check.js';
import { gateCommand } from './commands/gate.js';
import { generateCommand } from './commands/generate.js';
import { initCommand } from './commands/init.js';
import { renderCommand } from './commands/render.js';
import { explainCommand, rulesCommand } from './commands/rules.js';

export type { CliIo } from './cli-io.js';

/** Every command, in the order the help lists them. */
export const commands: readonly Command[] = [
  checkCommand,
  initCommand,
  generateCommand,
  gateCommand,
  renderCommand,
  rulesCommand,
  explainCommand,
] as unknown as readonly Command[];

/** The global help: every command with one line, and where each one's own help is. */
export function globalHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `surveyor — keeps an Atlas-shaped repository honest

Usage: surveyor COMMAND [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run \`surveyor COMMAND --help\` for a command's options and examples.
  surveyor --help | --version

Exit codes: 0 no errors (and warnings within --max-warnings), 1 findings fail the run,
2 surveyor could not do its job (bad arguments, unreadable config, internal error).
For gate: 0 ready, 1 blocked, 2 the release could not be evaluated.
`;
}

/** Runs the command line and returns the exit code; never throws. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const command = commands.find((c) => c.name === argv[0]);
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (
      error instanceof UsageError ||
      error instanceof ConfigError ||
      error instanceof SetupError ||
      error instanceof GateInputError ||
      error instanceof BaselineError
    ) {
      const see = error instanceof UsageError ? ` (see \`surveyor ${command ? `${command.name} ` : ''}--help\`)` : '';
      io.stderr(`surveyor: ${error.message}${see}\n`);
    } else {
      const detail = io.env.SURVEYOR_DEBUG && error instanceof Error ? `\n${error.stack}` : '';
      io.stderr(`surveyor: internal error: ${error instanceof Error ? error.message : String(error)}${detail}\n`);
    }
    return 2;
  }
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  switch (name) {
    case undefined:
    case '--help':
    case '-h':
      io.stdout(globalHelp());
      return name === undefined ? 2 : 0;
    case 'help': {
      // `surveyor help check` is `surveyor check --help`.
      const topic = commands.find((c) => c.name === rest[0]);
      io.stdout(topic ? commandHelp(topic) : globalHelp());
      return 0;
    }
    case '--version':
    case '-v':
      io.stdout(`${packageVersion()}\n`);
      return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const hint = closest(
      name,
      commands.map((c) => c.name),
    );
    throw new UsageError(`unknown command \`${name}\`${hint ? `, did you mean \`${hint}\`?` : ''}`);
  }
  if (wantsHelp(rest)) {
    io.stdout(commandHelp(command));
    return 0;
  }
  return command.run(parseCommandArgs(command, rest), io);
}
