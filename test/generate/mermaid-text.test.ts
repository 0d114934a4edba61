import fc from 'fast-check';
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

  it('gives each new key the smallest free suffix, as trying every suffix from 2 would', () => {
    /** The plain definition: try `base`, then `base_2`, `base_3`, … until one is free. */
    const plain = () => {
      const byKey = new Map<string, string>();
      const used = new Set<string>();
      return (prefix: string, key: string) => {
        const known = byKey.get(`${prefix}\u0000${key}`);
        if (known) return known;
        const base = `${prefix}_${key.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'x'}`;
        let id = base;
        for (let n = 2; used.has(id); n++) id = `${base}_${n}`;
        used.add(id);
        byKey.set(`${prefix}\u0000${key}`, id);
        return id;
      };
    };
    // Keys that collide: `a`, `a-2` (whose id is another base's suffixed id), `a_2_2`, punctuation only.
    const key = fc.constantFrom('a', 'a-', '-a', 'a-2', 'a_2', 'a 2 2', 'a_2_2', 'a_3', '--', '', 'b', 'a.2');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('s', 's_a'), key), { maxLength: 40 }), (calls) => {
        const ids = new NodeIds();
        const expected = plain();
        for (const [prefix, k] of calls) expect(ids.id(prefix, k)).toBe(expected(prefix, k));
      }),
      { numRuns: 500 },
    );
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
