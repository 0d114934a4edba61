import { describe, expect, it } from 'vitest';
import { parseRegions, replaceRegions } from '../../src/generate/markers.js';
import { parseMarkdown } from '../../src/workspace/markdown-document.js';

const slice = (text: string, span: { start: number; end: number }) => text.slice(span.start, span.end);

/** The regions of a page, read from its Markdown tree as `surveyor generate` reads them. */
async function regionsOf(text: string) {
  return parseRegions(text, (await parseMarkdown(text)).tree);
}

describe('parseRegions', () => {
  it('finds regions with their attributes and content', async () => {
    const text =
      '# Page\n<!-- surveyor:begin upgrade-flow profile=prod-ha direction="LR" -->\nold\n<!-- surveyor:end upgrade-flow -->\ntail\n';
    const { regions, problems } = await regionsOf(text);
    expect(problems).toEqual([]);
    expect(regions).toHaveLength(1);
    expect(regions[0]!.name).toBe('upgrade-flow');
    expect(regions[0]!.attributes).toEqual({ profile: 'prod-ha', direction: 'LR' });
    expect(slice(text, regions[0]!.content)).toBe('\nold\n');
    expect(replaceRegions(text, new Map([[regions[0]!, '\nnew\n']]))).toBe(text.replace('\nold\n', '\nnew\n'));
  });

  it('takes a page marker as a region to the end of the file', async () => {
    const text =
      '---\ntitle: Flows\n---\n# Flows\n<!-- surveyor:page version-graph -->\nanything\n<!-- surveyor:end nothing -->\n';
    const { regions, problems } = await regionsOf(text);
    expect(problems).toEqual([]);
    expect(regions.map((r) => [r.name, r.wholePage, slice(text, r.content)])).toEqual([
      ['version-graph', true, '\nanything\n<!-- surveyor:end nothing -->\n'],
    ]);
  });

  it('ignores markers inside fenced code blocks', async () => {
    const text = '```markdown\n<!-- surveyor:begin upgrade-flow -->\n```\n\n~~~~\n<!-- surveyor:end x -->\n~~~~\n';
    expect(await regionsOf(text)).toEqual({ regions: [], problems: [] });
  });

  it.each([
    ['a begin without end', '<!-- surveyor:begin upgrade-flow -->\n', /without `<!-- surveyor:end upgrade-flow -->`/],
    ['an end without begin', '<!-- surveyor:end upgrade-flow -->\n', /without a matching/],
    ['a mismatched end', '<!-- surveyor:begin a -->\n<!-- surveyor:end b -->\n', /expected `surveyor:end a`/],
    [
      'nested regions',
      '<!-- surveyor:begin a -->\n<!-- surveyor:begin b -->\n<!-- surveyor:end b -->\n<!-- surveyor:end a -->\n',
      /cannot nest/,
    ],
    ['a marker without a name', '<!-- surveyor:begin -->\n', /without a generator name/],
    ['a bad attribute', '<!-- surveyor:begin a profile -->\n<!-- surveyor:end a -->\n', /expected `key=value`/],
  ])('reports %s and keeps no region for it', async (_name, text, message) => {
    const { regions, problems } = await regionsOf(text);
    expect(regions).toEqual([]);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]!.message).toMatch(message);
    expect(slice(text, problems[0]!.span)).toMatch(/^<!-- surveyor:/);
  });

  const REGION = '<!-- surveyor:begin upgrade-flow -->\nold\n<!-- surveyor:end upgrade-flow -->';
  it.each([
    ['inline code', `Write \`${REGION.replaceAll('\n', ' ')}\` around a diagram.\n`],
    ['a sentence (inline HTML)', `Before ${REGION.replaceAll('\n', ' ')} after.\n`],
    ['indented code', `Text.\n\n${REGION.replace(/^/gm, '    ')}\n`],
    [
      'a fence nested in a list',
      `- item\n  - nested\n\n    \`\`\`markdown\n${REGION.replace(/^/gm, '    ')}\n    \`\`\`\n`,
    ],
    ['a fence nested in a blockquote', `> \`\`\`\n${REGION.replace(/^/gm, '> ')}\n> \`\`\`\n`],
    ['a list item', `- ${REGION.replaceAll('\n', '\n  ')}\n`],
    ['a blockquote', `${REGION.replace(/^/gm, '> ')}\n`],
    [
      'another HTML comment',
      '<!-- how to add a diagram:\n  <!-- surveyor:begin upgrade-flow\n  <!-- surveyor:end upgrade-flow\n-->\n',
    ],
    ['a comment that only mentions a marker', `<!-- see <!-- surveyor:begin upgrade-flow --> -->\n`],
  ])('takes marker-looking text in %s as the page text', async (_name, text) => {
    expect(await regionsOf(text)).toEqual({ regions: [], problems: [] });
  });

  it('reports a top-level marker that is not alone on its line, or not closed, rather than ignoring it', async () => {
    const trailing = '<!-- surveyor:begin upgrade-flow --> text\n';
    expect((await regionsOf(trailing)).problems.map((p) => p.message)).toEqual([
      'Unexpected text after the `surveyor:begin` marker: put the marker alone on its line',
    ]);
    const unclosed = 'Intro.\n\n<!-- surveyor:begin upgrade-flow\nold\n';
    const { problems } = await regionsOf(unclosed);
    expect(problems.map((p) => [p.message, slice(unclosed, p.span)])).toEqual([
      ['Unexpected `surveyor:begin` marker without `-->`: close the comment on its own line', '<!-- surveyor:begin'],
    ]);
  });

  it('reads an indented, multi-line marker comment at the top level', async () => {
    const text =
      'Intro.\n   <!-- surveyor:begin upgrade-flow\n     profile=prod -->\nold\n<!-- surveyor:end upgrade-flow -->\n';
    const { regions, problems } = await regionsOf(text);
    expect(problems).toEqual([]);
    expect(regions.map((r) => [r.attributes, slice(text, r.begin), slice(text, r.content)])).toEqual([
      [{ profile: 'prod' }, '<!-- surveyor:begin upgrade-flow\n     profile=prod -->', '\nold\n'],
    ]);
  });
});
