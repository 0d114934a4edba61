/** The command line was used wrongly (unknown option, missing argument); the CLI exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The configuration file is unreadable or invalid; the CLI exits 2. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Something the machine lacks (a browser to render with); the CLI exits 2 with how to fix it. */
export class SetupError extends Error {
  override name = 'SetupError';
}
