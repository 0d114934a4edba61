import { createHash } from 'node:crypto';
import { setBounded } from '../bounded-map.js';
import type { ResolvedConfig } from '../config/config.js';
import { mayHoldMarkers, REGIONS_READING } from '../generate/markers.js';
import { type MermaidParseResult, mermaidVersion, parseMermaid } from '../mermaid/parse.js';
import { MermaidPool } from '../mermaid/parse-pool.js';
import type { SchemaSet } from '../schema/schema-set.js';
import { isTooDeep, TOO_DEEP_REASON } from '../workspace/too-deep.js';
import type { Workspace } from '../workspace/workspace.js';
import { DocsPage, type MermaidBlock, OUTLINE_KIND, OUTLINE_READING } from './docs-page.js';
import { type FrontMatterSchema, loadFrontMatterSchema } from './frontmatter-schema.js';
import { unparseableMarkdown } from './markdown-nesting.js';
import { MkDocsConfig } from './mkdocs-config.js';
import type { MkdocsSlugOptions } from './slug.js';

/** Why a page could not be parsed. */
export type PageProblem =
  | { kind: 'too-large'; size: number; limit: number }
  | { kind: 'unreadable'; message: string; line?: number; column?: number }
  | { kind: 'binary' }
  /** Nested so deeply that the Markdown parser would crawl or overflow its stack. */
  | { kind: 'too-nested'; reason: string };

/** Why a Mermaid block is not handed to mermaid's parser. */
export type MermaidBlockProblem =
  | { kind: 'unclosed' }
  | { kind: 'empty' }
  | { kind: 'too-big'; size: number; limit: number }
  | { kind: 'too-long'; lines: number; limit: number };

/** The memo kind of "the heading-id options of this MkDocs config, when it inherits no other". */
const SLUG_OPTIONS = 'mkdocs-slug-options-1';

/** Diagrams seen before parsing moves to worker threads: fewer are cheaper to parse in the main thread. */
const POOL_THRESHOLD = 8;
/** The opening line of a Mermaid fence, as `expectDiagrams` counts them. */
const MERMAID_FENCE = /^ {0,3}(?:`{3,}|~{3,})[ \t]*mermaid\b/gm;

/** Diagram texts whose verdicts a process keeps. */
const KEPT_VERDICTS = 1000;

/**
 * Mermaid's verdicts by diagram text, kept for the whole process: a verdict depends on the
 * text alone (mermaid resets its configuration before each diagram, then applies the
 * diagram's own directives), parsing is the slowest part of checking the docs, and a
 * process that checks many times (the library API, tests) meets the same diagrams again.
 * Oldest first out, so a long-lived process does not grow without end.
 */
const verdicts = new Map<string, Promise<MermaidParseResult>>();

/**
 * A diagram text's key in `verdicts`: its digest, because a block's text is a slice of its
 * page's text, and the text itself as a key would keep the whole page for the process.
 */
function verdictKey(text: string): string {
  return createHash('sha256').update(text).digest('base64');
}

/** The memo kind of mermaid's verdicts in the result cache: they depend on the text and mermaid's version alone. */
function verdictKind(): string {
  return `mermaid-verdict-2:${mermaidVersion()}`;
}

function keepVerdict(key: string, verdict: Promise<MermaidParseResult>): void {
  setBounded(verdicts, key, verdict, KEPT_VERDICTS);
  // A parse that could not run at all (mermaid failed to load) is not a verdict on the text.
  verdict.catch(() => {
    if (verdicts.get(key) === verdict) verdicts.delete(key);
  });
}

/** A page parsed, or why it could not be. */
export type PageResult = { ok: true; page: DocsPage } | { ok: false; file: string; problem: PageProblem };

/**
 * The docs site of a run, built once and shared by every docs rule: the MkDocs config
 * and each Markdown page parsed at most once (front matter, headings and anchors,
 * links, code spans, Mermaid blocks). Pages are parsed on first request, so a run
 * restricted to a few files parses those and the pages they link to.
 */
export class DocsSite {
  readonly #workspace: Workspace;
  readonly #config: ResolvedConfig;
  readonly #repositorySchemas: () => SchemaSet;
  readonly #pages = new Map<string, Promise<PageResult>>();
  #pageFiles: string[] | undefined;
  #mkdocs: MkDocsConfig | null | undefined;
  #frontMatterSchema: FrontMatterSchema | undefined;
  readonly #diagrams = new WeakMap<MermaidBlock, Promise<MermaidParseResult>>();
  #pool: MermaidPool | null | undefined;

  constructor(workspace: Workspace, config: ResolvedConfig, repositorySchemas: () => SchemaSet) {
    this.#workspace = workspace;
    this.#config = config;
    this.#repositorySchemas = repositorySchemas;
  }

  /** The pages the docs rules check: `docs.pages` minus `docs.exclude`, sorted. */
  get pageFiles(): readonly string[] {
    if (!this.#pageFiles) {
      const excluded = this.#workspace.matcher(this.#config.docs.exclude);
      this.#pageFiles = this.#workspace.match(this.#config.docs.pages).filter((f) => !excluded(f));
    }
    return this.#pageFiles;
  }

  /** The MkDocs config (`docs.mkdocs`), or `undefined` when the repository has none. */
  get mkdocs(): MkDocsConfig | undefined {
    if (this.#mkdocs === undefined) {
      const file = this.#config.docs.mkdocs;
      this.#mkdocs = this.#workspace.hasFile(file) ? new MkDocsConfig(this.#workspace, file) : null;
    }
    return this.#mkdocs ?? undefined;
  }

  /**
   * How the MkDocs config makes heading ids (`toc`'s separator and slugify), which every page
   * needs: recalled by the config's content in a cached run, so a run that checks a few pages
   * parses no YAML for it. A config that inherits another (`INHERIT`) depends on more than its
   * own text and is read each time.
   */
  #slugOptions(): MkdocsSlugOptions | undefined {
    const file = this.#config.docs.mkdocs;
    if (this.#mkdocs !== undefined || !this.#workspace.hasFile(file)) return this.mkdocs?.slugOptions;
    const recalled = this.#workspace.derivedNow(SLUG_OPTIONS, file, (): { slugOptions?: MkdocsSlugOptions } => {
      const config = this.mkdocs!;
      const inherits = config.files.length > 1 || config.problems.some((problem) => problem.kind === 'inherit');
      return inherits ? {} : { slugOptions: config.slugOptions };
    });
    return recalled.slugOptions ?? this.mkdocs?.slugOptions;
  }

  /** The schema front matter is validated against. */
  get frontMatterSchema(): FrontMatterSchema {
    this.#frontMatterSchema ??= loadFrontMatterSchema(this.#workspace, this.#config, this.#repositorySchemas);
    return this.#frontMatterSchema;
  }

  /** Any Markdown file of the repository, parsed once. */
  load(file: string): Promise<PageResult> {
    let pending = this.#pages.get(file);
    if (!pending) {
      pending = this.#parse(file);
      this.#pages.set(file, pending);
    }
    return pending;
  }

  /** A Markdown file as `load` gave it in this run, without loading one it was not asked for. */
  loaded(file: string): Promise<PageResult> | undefined {
    return this.#pages.get(file);
  }

  /** The checked pages that `include` accepts and that parse, in path order. */
  async pages(include: (file: string) => boolean = () => true): Promise<DocsPage[]> {
    const pages: DocsPage[] = [];
    for (const file of this.pageFiles) {
      if (!include(file)) continue;
      const result = await this.load(file);
      if (result.ok) pages.push(result.page);
    }
    return pages;
  }

  /** Why a Mermaid block is not parsed (`docs.mermaidMaxLines`, `docs.mermaidMaxTextSize`), or `undefined`. */
  mermaidBlockProblem(block: MermaidBlock): MermaidBlockProblem | undefined {
    const { mermaidMaxLines, mermaidMaxTextSize } = this.#config.docs;
    if (!block.closed) return { kind: 'unclosed' };
    if (block.value.trim() === '') return { kind: 'empty' };
    if (block.value.length > mermaidMaxTextSize)
      return { kind: 'too-big', size: block.value.length, limit: mermaidMaxTextSize };
    const lines = block.value.split('\n').length;
    if (lines > mermaidMaxLines) return { kind: 'too-long', lines, limit: mermaidMaxLines };
    return undefined;
  }

  /**
   * Mermaid's verdict on a block, computed once per text: in worker threads when `parseDiagrams`
   * started them for a run with several diagrams, else in the main thread.
   */
  parseDiagram(block: MermaidBlock): Promise<MermaidParseResult> {
    let result = this.#diagrams.get(block);
    if (!result) {
      // A cached run's verdict first (kept between runs), then this process's, else mermaid's.
      const key = verdictKey(block.value);
      const recalled = this.#recalledVerdict(key);
      result = recalled ? Promise.resolve(recalled) : verdicts.get(key);
      if (!result) {
        result = this.#pool ? this.#pool.parse(block.value) : parseMermaid(block.value);
        keepVerdict(key, result);
      }
      if (!recalled && this.#workspace.memo) {
        const memo = this.#workspace.memo;
        // A parse that fails is the rule's to report; only verdicts are remembered.
        result.then(
          (verdict) => memo.remember(verdictKind(), key, verdict),
          () => undefined,
        );
      }
      this.#diagrams.set(block, result);
    }
    return result;
  }

  /** Mermaid's verdict on a diagram text (by its key) as an earlier run with the result cache kept it, if any. */
  #recalledVerdict(key: string): MermaidParseResult | undefined {
    return this.#workspace.memo?.recall(verdictKind(), key) as MermaidParseResult | undefined;
  }

  /**
   * Starts the parse pool's threads before the pages are parsed, when the pages `include`
   * accepts hold enough Mermaid fences for the pool to pay off: a thread takes a few tenths of a second
   * to import mermaid, which it then does while this thread parses pages and runs other rules.
   * The fences are counted in the text, without parsing: a guess at the work to come, never a
   * verdict (a verdict a cached run kept leaves the pool less to do, not a different answer).
   */
  expectDiagrams(include: (file: string) => boolean): void {
    if (this.#pool !== undefined) return;
    let fences = 0;
    for (const file of this.pageFiles) {
      if (!include(file) || this.#pages.has(file)) continue;
      const size = this.#workspace.size(file);
      if (size !== undefined && size > this.#config.docs.maxPageBytes) continue;
      const text = this.#workspace.text(file);
      if (text.ok) fences += text.text.match(MERMAID_FENCE)?.length ?? 0;
      if (fences >= POOL_THRESHOLD) {
        this.#pool = MermaidPool.create() ?? null;
        this.#pool?.warm();
        return;
      }
    }
  }

  /**
   * Starts parsing every block at once, in worker threads when there are enough of them
   * for the pool to pay off, so the caller can await the verdicts one by one while the
   * rest are still being parsed.
   */
  parseDiagrams(blocks: readonly MermaidBlock[]): void {
    // Diagrams a cached run has seen need no parser, so they do not count towards starting the pool.
    const unseen = blocks.filter((block) => {
      if (this.#diagrams.has(block)) return false;
      const key = verdictKey(block.value);
      return !verdicts.has(key) && !this.#recalledVerdict(key);
    }).length;
    if (this.#pool === undefined && unseen >= POOL_THRESHOLD) this.#pool = MermaidPool.create() ?? null;
    for (const block of blocks) void this.parseDiagram(block);
  }

  async #parse(file: string): Promise<PageResult> {
    const size = this.#workspace.size(file);
    const limit = this.#config.docs.maxPageBytes;
    if (size !== undefined && size > limit) return { ok: false, file, problem: { kind: 'too-large', size, limit } };
    const text = this.#workspace.text(file);
    if (!text.ok) {
      const problem = text.problem;
      return {
        ok: false,
        file,
        problem:
          problem.kind === 'encoding'
            ? { kind: 'unreadable', message: problem.message, line: problem.line, column: problem.column }
            : { kind: 'unreadable', message: problem.message },
      };
    }
    const unparseable = unparseableMarkdown(text.text);
    if (unparseable) return { ok: false, file, problem: unparseable };
    let page: DocsPage;
    try {
      // The outline is a function of the text alone: a page a cached run has seen is not parsed again.
      // Generation reads the regions of a page with markers later in the run: from this parse, not another.
      const outline = await this.#workspace.derived(OUTLINE_KIND, file, () =>
        this.#workspace.readMarkdown(
          file,
          text.text,
          OUTLINE_READING,
          mayHoldMarkers(text.text) ? [REGIONS_READING] : [],
        ),
      );
      page = new DocsPage(file, text.text, outline, this.#slugOptions());
    } catch (error) {
      // Nesting the guard above lets through can still exhaust the stack.
      if (isTooDeep(error))
        return {
          ok: false,
          file,
          problem: { kind: 'too-nested', reason: TOO_DEEP_REASON },
        };
      throw error;
    }
    return { ok: true, page };
  }
}
