import path from 'node:path';
import type { Span } from '../workspace/json-document.js';
import { toPointer } from '../workspace/json-document.js';
import { toRepoPath } from '../workspace/repo-path.js';
import type { Workspace } from '../workspace/workspace.js';
import { gitignoreMatcher } from './gitignore-patterns.js';
import type { MkdocsSlugOptions } from './slug.js';

/** A problem of the MkDocs config, in the config file (or a file it inherits) that has it. */
export type MkDocsProblem =
  | { kind: 'yaml'; file: string; span: Span; message: string }
  | { kind: 'unreadable'; file: string }
  | { kind: 'not-mapping'; file: string; found: string }
  /** `INHERIT` at `/INHERIT` of `file` names `value`, which `reason`. */
  | { kind: 'inherit'; file: string; value: string; reason: string }
  /** `docs_dir` leaves the repository. */
  | { kind: 'docs-dir'; file: string; value: string };

/** One page of `nav`, where it is written. */
export interface NavEntry {
  /** The path as written, relative to `docs_dir`. */
  page: string;
  file: string;
  pointer: string;
}

/** A `nav` item that is neither a page, a titled page, a link nor a section. */
export interface NavShapeProblem {
  file: string;
  pointer: string;
}

/** MkDocs' own exclusions, added before `exclude_docs`: dotfiles and `/templates/`. */
const DEFAULT_EXCLUDES = ['.*', '/templates/'];

/**
 * `mkdocs.yml` as the docs rules need it: `docs_dir`, `nav` with positions, the
 * `exclude_docs` and `not_in_nav` patterns, `redirect_maps`, and the `toc` slug options.
 * `INHERIT` is followed (inside the repository only) and merged as MkDocs does: maps
 * merge key by key, anything else replaces. Unknown tags (`!ENV`, `!!python/name:`) are
 * read as plain values.
 */
export class MkDocsConfig {
  readonly file: string;
  /** The config file and every file it inherits, child first. */
  readonly files: string[] = [];
  /** Repo-relative docs folder without a trailing `/` (`''` for the root). */
  readonly docsDir: string;
  /** Pages of `nav`; `undefined` when there is no `nav` (MkDocs then lists every page). */
  readonly nav: NavEntry[] | undefined;
  readonly navShapeProblems: NavShapeProblem[] = [];
  /** `redirect_maps` of the redirects plugin: old page → new page or URL, both relative to `docs_dir`. */
  readonly redirects: ReadonlyMap<string, string>;
  readonly slugOptions: MkdocsSlugOptions;
  readonly problems: MkDocsProblem[] = [];
  readonly #excluded: (docsPath: string) => boolean;
  readonly #notInNav: (docsPath: string) => boolean;

  constructor(workspace: Workspace, file: string) {
    this.file = file;
    const { value, origins } = this.#load(workspace, file, []);
    const configDir = path.posix.dirname(file) === '.' ? '' : path.posix.dirname(file);

    const docsDir = typeof value.docs_dir === 'string' ? value.docs_dir : 'docs';
    const resolved = toRepoPath(path.posix.join(configDir, docsDir));
    if (!resolved.ok) {
      this.problems.push({ kind: 'docs-dir', file: origins.get('docs_dir') ?? file, value: docsDir });
    }
    this.docsDir = resolved.ok ? resolved.path.replace(/\/+$/, '') : 'docs';

    this.#excluded = gitignoreMatcher([...DEFAULT_EXCLUDES, ...patternLines(value.exclude_docs)]);
    this.#notInNav = gitignoreMatcher(patternLines(value.not_in_nav));

    if (value.nav === undefined || value.nav === null) {
      this.nav = undefined;
    } else {
      this.nav = [];
      this.#collectNav(value.nav, ['nav'], origins.get('nav') ?? file);
    }

    this.redirects = readRedirects(value.plugins);
    this.slugOptions = readTocOptions(workspace, value.markdown_extensions, origins.get('markdown_extensions') ?? file);
  }

  /** The path of a repository file relative to `docs_dir`, or `undefined` when it lies outside. */
  docsPath(file: string): string | undefined {
    if (this.docsDir === '') return file;
    return file.startsWith(`${this.docsDir}/`) ? file.slice(this.docsDir.length + 1) : undefined;
  }

  /** The repository path of a path relative to `docs_dir`. */
  repoPath(docsPath: string): string {
    return this.docsDir === '' ? docsPath : `${this.docsDir}/${docsPath}`;
  }

  /** True when `exclude_docs` (or MkDocs' default exclusions) leave the page out of the site. */
  isExcluded(docsPath: string): boolean {
    return this.#excluded(docsPath);
  }

  /** True when `not_in_nav` says the page is meant to stay out of the navigation. */
  isNotInNav(docsPath: string): boolean {
    return this.#notInNav(docsPath);
  }

  #load(
    workspace: Workspace,
    file: string,
    chain: string[],
  ): { value: Record<string, unknown>; origins: Map<string, string> } {
    this.files.push(file);
    const empty = { value: {}, origins: new Map<string, string>() };
    const document = workspace.yaml(file);
    if (!document) {
      this.problems.push({ kind: 'unreadable', file });
      return empty;
    }
    if (!document.ok) {
      // The first error is the one to fix; the rest are usually its echoes.
      const first = document.problems[0]!;
      this.problems.push({ kind: 'yaml', file, span: first.span, message: first.message });
      return empty;
    }
    const value = document.value;
    if (value === null || value === undefined) return empty;
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.problems.push({
        kind: 'not-mapping',
        file,
        found: Array.isArray(value) ? 'a list' : `\`${String(value)}\``,
      });
      return empty;
    }
    const own = { ...(value as Record<string, unknown>) };
    const origins = new Map(Object.keys(own).map((key) => [key, file]));
    const inherit = own.INHERIT;
    delete own.INHERIT;
    origins.delete('INHERIT');
    if (inherit === undefined) return { value: own, origins };

    const fail = (reason: string) => {
      this.problems.push({ kind: 'inherit', file, value: String(inherit), reason });
      return { value: own, origins };
    };
    if (typeof inherit !== 'string') return fail('is not a path');
    const dir = path.posix.dirname(file);
    const parent = toRepoPath(path.posix.join(dir === '.' ? '' : dir, inherit));
    if (!parent.ok) return fail('leaves the repository');
    if (!workspace.hasFile(parent.path)) return fail('does not exist');
    if (parent.path === file || chain.includes(parent.path)) return fail('inherits back from this file');
    const base = this.#load(workspace, parent.path, [...chain, file]);
    for (const key of Object.keys(own)) base.origins.set(key, file);
    return { value: mergeConfig(base.value, own) as Record<string, unknown>, origins: base.origins };
  }

  #collectNav(value: unknown, tokens: (string | number)[], file: string): void {
    if (!Array.isArray(value)) {
      this.navShapeProblems.push({ file, pointer: toPointer(tokens) });
      return;
    }
    value.forEach((item, index) => {
      const at = [...tokens, index];
      if (typeof item === 'string') {
        this.#navPage(item, at, file);
      } else if (typeof item === 'object' && item !== null && !Array.isArray(item) && Object.keys(item).length === 1) {
        const [title, target] = Object.entries(item as Record<string, unknown>)[0]!;
        if (typeof target === 'string') this.#navPage(target, [...at, title], file);
        else if (Array.isArray(target)) this.#collectNav(target, [...at, title], file);
        else this.navShapeProblems.push({ file, pointer: toPointer([...at, title]) });
      } else {
        this.navShapeProblems.push({ file, pointer: toPointer(at) });
      }
    });
  }

  #navPage(target: string, tokens: (string | number)[], file: string): void {
    // Links to other sites and absolute site paths are not pages.
    if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(target) || target.startsWith('/') || target.startsWith('#')) return;
    this.nav!.push({ page: target, file, pointer: toPointer(tokens) });
  }
}

/** Deep merge as MkDocs' `INHERIT` does (mergedeep, replace strategy): maps merge, the child wins otherwise. */
function mergeConfig(parent: unknown, child: unknown): unknown {
  if (isMapping(parent) && isMapping(child)) {
    const merged: Record<string, unknown> = { ...parent };
    for (const [key, value] of Object.entries(child))
      merged[key] = key in merged ? mergeConfig(merged[key], value) : value;
    return merged;
  }
  return child;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function patternLines(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/\r?\n/);
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** Plugins and Markdown extensions are a list of names or `{name: options}`, or one mapping. */
function namedEntries(value: unknown): [string, unknown][] {
  if (Array.isArray(value)) {
    return value.flatMap((item): [string, unknown][] => {
      if (typeof item === 'string') return [[item, undefined]];
      return isMapping(item) ? Object.entries(item) : [];
    });
  }
  return isMapping(value) ? Object.entries(value) : [];
}

function readRedirects(plugins: unknown): Map<string, string> {
  const redirects = new Map<string, string>();
  for (const [name, options] of namedEntries(plugins)) {
    if (name !== 'redirects' || !isMapping(options) || !isMapping(options.redirect_maps)) continue;
    for (const [from, to] of Object.entries(options.redirect_maps))
      if (typeof to === 'string') redirects.set(from.replace(/^\/+/, ''), to);
  }
  return redirects;
}

function readTocOptions(workspace: Workspace, extensions: unknown, file: string): MkdocsSlugOptions {
  const options: MkdocsSlugOptions = {};
  for (const [name, settings] of namedEntries(extensions)) {
    if ((name !== 'toc' && name !== 'markdown.extensions.toc') || !isMapping(settings)) continue;
    if (typeof settings.separator === 'string') options.separator = settings.separator;
  }
  // `slugify: !!python/name:...` names a function; the tag is the only trace of it in the value.
  const text = workspace.yaml(file)?.text ?? '';
  const slugify = /^\s*slugify\s*:\s*!!python\/(?:name|object\/apply):([\w.]+)/m.exec(text)?.[1];
  if (slugify && /unicode|uslugify/i.test(slugify)) options.unicode = true;
  return options;
}
