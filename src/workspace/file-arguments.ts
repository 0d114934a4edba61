import path from 'node:path';
import { UsageError } from '../errors.js';
import type { Workspace } from './workspace.js';

type Picomatch = typeof import('picomatch');

/** True when a file argument is a glob (`*`, `?`, `[...]`, `{a,b}`, extglobs), not a path. */
export function isGlob(argument: string, picomatch: Picomatch): boolean {
  return picomatch.scan(argument).isGlob;
}

/**
 * A command-line file argument (a path or glob relative to `cwd`) as a root-relative one,
 * with forward slashes; throws `UsageError` when it points outside the root.
 */
export function rootRelativeArgument(argument: string, cwd: string, root: string, picomatch: Picomatch): string {
  const scan = picomatch.scan(argument);
  const base = scan.isGlob ? scan.base : argument;
  const relative = path.relative(root, path.resolve(cwd, base || '.'));
  if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative))
    throw new UsageError(`\`${argument}\` is outside the root \`${path.relative(cwd, root) || '.'}\``);
  const prefix = relative.split(path.sep).join('/');
  if (!scan.isGlob) return prefix;
  return prefix ? `${prefix}/${scan.glob}` : scan.glob;
}

/**
 * The files of the repository that root-relative arguments name, as ESLint reads them: a
 * file is itself, a folder every file under it, a glob every file it matches. An argument
 * that names no file of the repository is a `UsageError`, never a silent "no problems".
 */
export function expandFileArguments(workspace: Workspace, args: readonly string[], picomatch: Picomatch): string[] {
  const files = new Set<string>();
  for (const arg of args) {
    const normal = arg.replace(/^\.\//, '').replace(/\/+$/, '');
    let matched: readonly string[];
    if (isGlob(normal, picomatch)) matched = workspace.match(normal);
    else if (normal === '' || normal === '.') matched = [...workspace.files];
    else if (workspace.hasFile(normal)) matched = [normal];
    else if (workspace.hasDirectory(normal)) matched = workspace.files.filter((f) => f.startsWith(`${normal}/`));
    else matched = [];
    if (matched.length === 0)
      throw new UsageError(
        `\`${arg}\` matches no file of the repository: check the path (files git ignores are not checked)`,
      );
    for (const file of matched) files.add(file);
  }
  return [...files].sort();
}

/** Whether a root-relative file is named by some of the arguments (itself, a folder above it, or a glob matching it). */
export function argumentMatcher(args: readonly string[], picomatch: Picomatch): (file: string) => boolean {
  const tests = args.map((arg) => {
    const normal = arg.replace(/^\.\//, '').replace(/\/+$/, '');
    if (isGlob(normal, picomatch)) return picomatch(normal, { dot: true });
    if (normal === '' || normal === '.') return () => true;
    return (file: string) => file === normal || file.startsWith(`${normal}/`);
  });
  return (file) => tests.some((test) => test(file));
}
