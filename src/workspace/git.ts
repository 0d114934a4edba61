import { spawnSync } from 'node:child_process';

/** What one git command returned; `status` is `null` when git could not be started. */
export interface GitOutput {
  status: number | null;
  stdout: Buffer;
  stderr: string;
}

/**
 * Settings that make git run a program named by the repository's own config: a hostile
 * checkout could set any of them in `.git/config`. Passed through `GIT_CONFIG_KEY_n`, which
 * git never splits at `=`, so a driver name holding one cannot dodge the override.
 */
const FIXED_SETTINGS: [string, string][] = [
  ['core.fsmonitor', 'false'],
  ['core.hooksPath', '/dev/null'], // `post-index-change` runs when a read refreshes the index
  ['core.pager', 'cat'],
  ['core.sshCommand', 'false'],
  ['core.askPass', ''],
  ['credential.helper', ''],
  ['log.showSignature', 'false'], // else `log` runs `gpg.program`
  ['gpg.program', 'false'],
  ['protocol.allow', 'never'], // nothing surveyor runs fetches; never let a promisor remote try
];

/** `filter.<driver>.clean|smudge|process` run on worktree reads (`diff` against the worktree); emptied, they run nothing. */
const DRIVER_KEY = /^filter\..+\.(clean|smudge|process|required)$/;

const driversByFolder = new Map<string, [string, string][]>();

/** The repository's filter drivers, neutralised: each command emptied, none required. Cached per folder. */
function driverOverrides(cwd: string, env: NodeJS.ProcessEnv): [string, string][] {
  let overrides = driversByFolder.get(cwd);
  if (!overrides) {
    // `git config` reads settings and runs nothing.
    const listed = spawnSync('git', ['config', '-z', '--name-only', '--get-regexp', '^filter\\.'], {
      cwd,
      stdio: ['ignore', 'pipe', 'ignore'],
      env,
    });
    const keys = listed.error || listed.status !== 0 ? [] : listed.stdout.toString('utf8').split('\0');
    overrides = keys
      .filter((key) => DRIVER_KEY.test(key))
      .map((key): [string, string] => [key, key.endsWith('.required') ? 'false' : '']);
    driversByFolder.set(cwd, overrides);
  }
  return overrides;
}

/**
 * Git commands, with the only options surveyor passes them, that read no file of the working
 * tree's content and so run no filter driver: they need no `git config` process first to
 * neutralise the drivers.
 */
const DRIVERLESS: Record<string, ReadonlySet<string>> = {
  'rev-parse': new Set(['--show-toplevel', '--is-shallow-repository', '--verify', '--quiet', '--end-of-options']),
  'ls-files': new Set(['-z', '-s', '--cached', '--others', '--exclude-standard']),
  'ls-tree': new Set(['-r', '-z', '--end-of-options']),
  'cat-file': new Set(['--batch']),
  // Compares the index with a tree, as raw records: reads no file of the working tree, prints no patch.
  'diff-index': new Set(['--cached', '-z', '--no-renames', '--relative', '--end-of-options']),
};

/** True when a command runs no filter driver: its subcommand is known and every option it passes is one of the known ones. */
function runsNoDriver(args: readonly string[]): boolean {
  const options = DRIVERLESS[args[0] ?? ''];
  return options !== undefined && args.slice(1).every((arg) => !arg.startsWith('-') || options.has(arg));
}

/** Subcommands that can print patches, which run `diff.external` and textconv drivers unless told not to. */
const PATCH_COMMANDS = new Set(['diff', 'log', 'show']);

/**
 * Runs one git command in `cwd` and waits for it. Every git process surveyor starts goes
 * through here, so the same hardening applies to all: no program the repository's config
 * names is ever run (fsmonitor, hooks, pager, filter, external diff and textconv drivers,
 * signature and credential programs), and reading takes no optional locks. Callers put
 * `--` before paths.
 */
export function runGit(cwd: string, args: readonly string[], input?: string | Buffer): GitOutput {
  const base: NodeJS.ProcessEnv = { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' };
  for (const name of ['GIT_EXTERNAL_DIFF', 'GIT_PAGER', 'GIT_CONFIG_PARAMETERS', 'GIT_CONFIG_COUNT']) delete base[name];
  const settings = runsNoDriver(args) ? FIXED_SETTINGS : [...FIXED_SETTINGS, ...driverOverrides(cwd, base)];
  const env: NodeJS.ProcessEnv = { ...base, GIT_CONFIG_COUNT: String(settings.length) };
  settings.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  const [command, ...rest] = args;
  const patchSafe = command !== undefined && PATCH_COMMANDS.has(command) ? ['--no-ext-diff', '--no-textconv'] : [];
  const full = ['--no-pager', '-c', 'core.fsmonitor=false', ...(command === undefined ? [] : [command]), ...patchSafe];
  const result = spawnSync('git', [...full, ...rest], {
    cwd,
    input,
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    maxBuffer: 1 << 30,
    env,
  });
  return {
    status: result.error ? null : result.status,
    stdout: result.stdout ?? Buffer.alloc(0),
    stderr: result.stderr ? result.stderr.toString('utf8') : '',
  };
}

/** The top folder of the git checkout holding `cwd`, or `undefined` outside one (or without git). */
export function gitTopLevel(cwd: string): string | undefined {
  const out = runGit(cwd, ['rev-parse', '--show-toplevel']);
  if (out.status !== 0) return undefined;
  const top = out.stdout.toString('utf8').trim();
  return top || undefined;
}

/**
 * The top folder of the git checkout holding `cwd` and the commit its HEAD names (`undefined`
 * before the first commit), in one git process; `undefined` outside a checkout.
 */
export function checkoutHead(cwd: string): { top: string; head: string | undefined } | undefined {
  const out = runGit(cwd, ['rev-parse', '--show-toplevel', '--verify', '--quiet', '--end-of-options', 'HEAD^{commit}']);
  // Exit 1 with the top folder printed: HEAD names no commit yet. Anything else: no checkout.
  if (out.status !== 0 && out.status !== 1) return undefined;
  const [top, head] = out.stdout.toString('utf8').split('\n');
  if (!top) return undefined;
  return { top, head: out.status === 0 && head && /^[0-9a-f]{40,64}$/.test(head) ? head : undefined };
}

/** The full object id `rev` names as a commit, or `undefined` when it names none. */
export function resolveCommit(cwd: string, rev: string): string | undefined {
  // `--end-of-options` keeps a revision that starts with `-` from being read as an option.
  const out = runGit(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
  if (out.status !== 0) return undefined;
  const id = out.stdout.toString('utf8').trim();
  return /^[0-9a-f]{40,64}$/.test(id) ? id : undefined;
}
