import { describe, expect, it } from 'vitest';
import { codeCell, codeSpan, tableCell } from '../../src/generate/markdown-text.js';
import { mermaidLabel, NodeIds } from '../../src/generate/mermaid-text.js';
import { parseMermaid } from '../../src/mermaid/parse.js';

/** What a reader sees: entities decoded, the zero-width spaces that keep hyphens apart dropped. */
function shown(label: string): string {
  return label
    .slice(1, -1)
    .replace(/#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/\u200b/g, '');
}

const HOSTILE = [
  'say "hi"',
  'a] --> b[pwned',
  'x --> y',
  '%% not a comment',
  '<script>alert(1)</script>',
  '{curly} (round) [square] |pipe| ;semi; #hash',
  'ünïcødé → 日本語 😀',
  'end',
  'click a call alert()',
  'line\nbreak',
  '`backticks` & <b>bold</b>',
];

describe('mermaidLabel', () => {
  it.each(HOSTILE.map((text) => [text]))('keeps %j as text inside a diagram that parses', async (text) => {
    const label = mermaidLabel(text);
    expect(label).toMatch(/^"[A-Za-z0-9 .,:_/()=+#;-]*"$/);
    expect(shown(label)).toBe(text.replace(/\n/g, ' '));
    const diagram = `flowchart TD\n  a[${label}] -->|${label}| b{${label}}\n  b --> c[${mermaidLabel('after')}]`;
    expect(await parseMermaid(diagram)).toEqual({ ok: true, diagramType: 'flowchart-v2' });
  });
});

describe('NodeIds', () => {
  it('gives readable, unique, stable ids that are never a bare keyword', () => {
    const ids = new NodeIds();
    expect(ids.id('s', 'end')).toBe('s_end');
    expect(ids.id('s', 'a-b')).toBe('s_a_b');
    expect(ids.id('s', 'a_b')).toBe('s_a_b_2');
    expect(ids.id('s', 'a-b')).toBe('s_a_b');
    expect(ids.id('s', '日本')).toBe('s_x');
  });
});

describe('table cells', () => {
  it('escape pipes and HTML, and fence code with enough backticks', () => {
    expect(tableCell('a|b <c> & d')).toBe('a\\|b &lt;c&gt; &amp; d');
    expect(codeCell('a|b')).toBe('`a\\|b`');
    expect(codeCell('x `y` z')).toBe('`` x `y` z ``');
    expect(codeSpan('a|b')).toBe('`a|b`');
  });
});
