// The headings a finding's fingerprint names, read as the docs rules read them: from the page's
// remark outline, so a heading with a link, inline code or markup, `#` lines inside code or HTML
// blocks, setext headings and front matter all read as GitHub reads them.
import type { HeadingAnchor, HeadingAnchors } from '../engine/fingerprint.js';
import type { Range } from '../workspace/line-index.js';
import { isTooDeep } from '../workspace/too-deep.js';
import type { Workspace } from '../workspace/workspace.js';
import { OUTLINE_KIND, OUTLINE_READING, type PageOutline } from './docs-page.js';
import type { DocsSite } from './docs-site.js';
import { unparseableMarkdown } from './markdown-nesting.js';
import { githubSlug } from './slug.js';

/**
 * The memo kind of a page's heading anchors, apart from the outline's: a run that only needs
 * fingerprints (a warm or `--staged` run) reads this small group, never the outlines.
 */
export const HEADING_ANCHORS_KIND = 'heading-anchors-1';

/**
 * Each heading's first line and GitHub's slug of its text without the duplicate counter,
 * so a finding keeps its anchor when an equal heading is added above it. A heading with an
 * explicit `{#id}` is slugged as GitHub does, from its text as written.
 */
export function outlineAnchors(outline: {
  headings: readonly { range: Range; githubText: string }[];
}): HeadingAnchor[] {
  return outline.headings.map((heading) => [heading.range.start.line, githubSlug(heading.githubText)]);
}

/** Where the headings of a page come from when the memo holds none for its content. */
export interface HeadingSources {
  workspace: Workspace;
  /** The run's docs site, when a rule built one: a page it parsed is not parsed again. */
  docs?: DocsSite | undefined;
  /** Pages larger than this (`docs.maxPageBytes`) are not parsed, and have no anchors. */
  maxPageBytes: number;
}

/**
 * The heading anchors of the Markdown files `files`, ready for `fingerprintFindings`: each
 * recalled by the file's content when the workspace's memo holds them, else taken from the
 * page's outline when one is at hand or from the page the docs site parsed in this run, else
 * parsed (remark is imported only then). A page larger than `maxPageBytes`, unreadable or too
 * nested to parse has none.
 */
export async function collectHeadingAnchors(sources: HeadingSources, files: Iterable<string>): Promise<HeadingAnchors> {
  const anchors = new Map<string, readonly HeadingAnchor[] | undefined>();
  for (const file of files) {
    if (!anchors.has(file)) anchors.set(file, await headingAnchorsOf(sources, file));
  }
  return (file) => anchors.get(file);
}

async function headingAnchorsOf(sources: HeadingSources, file: string): Promise<readonly HeadingAnchor[] | undefined> {
  const { workspace } = sources;
  // The limit is the run's, not the content's: it is applied before the memo, which holds what the content gives.
  const size = workspace.size(file);
  if (size === undefined || size > sources.maxPageBytes) return undefined;
  const compute = () => pageAnchors(sources, file);
  const recalled = await workspace.derived(HEADING_ANCHORS_KIND, file, compute);
  if (recalled === null || isAnchorList(recalled)) return recalled ?? undefined;
  // A memo entry of another shape (a damaged cache file) is not trusted.
  return (await compute()) ?? undefined;
}

/** The anchors of a page's content; `null` (kept in the memo as such) when the page cannot be parsed. */
async function pageAnchors({ workspace, docs }: HeadingSources, file: string): Promise<HeadingAnchor[] | null> {
  const outline = workspace.recallAtHand(OUTLINE_KIND, file) as PageOutline | undefined;
  if (outline && Array.isArray(outline.headings)) return outlineAnchors(outline);
  const loaded = await docs?.loaded(file);
  if (loaded?.ok) return outlineAnchors(loaded.page);
  const text = workspace.text(file);
  // As the docs site: binary and deeply nested pages are not handed to the parser.
  if (!text.ok || unparseableMarkdown(text.text)) return null;
  try {
    return outlineAnchors(await workspace.readMarkdown(file, text.text, OUTLINE_READING));
  } catch (error) {
    if (isTooDeep(error)) return null;
    throw error;
  }
}

function isAnchorList(value: unknown): value is HeadingAnchor[] {
  return (
    Array.isArray(value) &&
    value.every(
      (entry) =>
        Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'number' && typeof entry[1] === 'string',
    )
  );
}
