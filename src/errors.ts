/** The command line was used wrongly (unknown option, missing argument); the CLI exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The configuration file is unreadable or invalid; the CLI exits 2. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
