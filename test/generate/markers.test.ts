import { describe, expect, it } from 'vitest';
import { parseRegions, replaceRegions } from '../../src/generate/markers.js';

const slice = (text: string, span: { start: number; end: number }) => text.slice(span.start, span.end);

describe('parseRegions', () => {
  it('finds regions with their attributes and content', () => {
    const text =
      '# Page\n<!-- surveyor:begin upgrade-flow profile=prod-ha direction="LR" -->\nold\n<!-- surveyor:end upgrade-flow -->\ntail\n';
    const { regions, problems } = parseRegions(text);
    expect(problems).toEqual([]);
    expect(regions).toHaveLength(1);
    expect(regions[0]!.name).toBe('upgrade-flow');
    expect(regions[0]!.attributes).toEqual({ profile: 'prod-ha', direction: 'LR' });
    expect(slice(text, regions[0]!.content)).toBe('\nold\n');
    expect(replaceRegions(text, new Map([[regions[0]!, '\nnew\n']]))).toBe(text.replace('\nold\n', '\nnew\n'));
  });

  it('takes a page marker as a region to the end of the file', () => {
    const text =
      '---\ntitle: Flows\n---\n# Flows\n<!-- surveyor:page version-graph -->\nanything\n<!-- surveyor:end nothing -->\n';
    const { regions, problems } = parseRegions(text);
    expect(problems).toEqual([]);
    expect(regions.map((r) => [r.name, r.wholePage, slice(text, r.content)])).toEqual([
      ['version-graph', true, '\nanything\n<!-- surveyor:end nothing -->\n'],
    ]);
  });

  it('ignores markers inside fenced code blocks', () => {
    const text = '```markdown\n<!-- surveyor:begin upgrade-flow -->\n```\n\n~~~~\n<!-- surveyor:end x -->\n~~~~\n';
    expect(parseRegions(text)).toEqual({ regions: [], problems: [] });
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
  ])('reports %s and keeps no region for it', (_name, text, message) => {
    const { regions, problems } = parseRegions(text);
    expect(regions).toEqual([]);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]!.message).toMatch(message);
    expect(slice(text, problems[0]!.span)).toMatch(/^<!-- surveyor:/);
  });
});
