import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../src/generate/unified-diff.js';

/** Applies a unified diff to `text` the way `patch` would, hunk by hunk. */
function applyDiff(text: string, diff: string): string {
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  const out: string[] = [];
  let at = 0;
  const body = diff.split('\n').slice(2, -1);
  for (let i = 0; i < body.length; i++) {
    const header = /^@@ -(\d+),(\d+) \+\d+,\d+ @@$/.exec(body[i]!);
    if (!header) continue;
    const start = Number(header[2]) === 0 ? Number(header[1]) : Number(header[1]) - 1;
    while (at < start) out.push(lines[at++]!);
    for (i++; i < body.length && !body[i]!.startsWith('@@'); i++) {
      const kind = body[i]![0];
      const line = body[i]!.slice(1);
      if (kind === ' ') {
        expect(lines[at]).toBe(line);
        out.push(lines[at++]!);
      } else if (kind === '-') {
        expect(lines[at]).toBe(line);
        at++;
      } else out.push(line);
    }
    i--;
  }
  while (at < lines.length) out.push(lines[at++]!);
  return out.length ? `${out.join('\n')}\n` : '';
}

function randomLines(count: number, seed: number): string {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  return Array.from({ length: count }, () => `line ${Math.floor(next() * 6)}`).join('\n') + (count ? '\n' : '');
}

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n', { from: 'a', to: 'b' })).toBe('');
  });

  it('shows a changed line with context and file-relative line numbers', () => {
    const before = `${['1', '2', '3', '4', '5', '6', '7', '8', '9'].join('\n')}\n`;
    const after = before.replace('5\n', 'five\n');
    expect(unifiedDiff(before, after, { from: 'page.md (before)', to: 'page.md (after)', firstLine: 11 })).toBe(
      [
        '--- page.md (before)',
        '+++ page.md (after)',
        '@@ -12,7 +12,7 @@',
        ' 2',
        ' 3',
        ' 4',
        '-5',
        '+five',
        ' 6',
        ' 7',
        ' 8',
        '',
      ].join('\n'),
    );
  });

  it('shows a change of the final newline alone, as `diff -u` does', () => {
    expect(unifiedDiff('a\nb', 'a\nb\n', { from: 'a', to: 'b' })).toBe(
      ['--- a', '+++ b', '@@ -1,2 +1,2 @@', ' a', '-b', '\\ No newline at end of file', '+b', ''].join('\n'),
    );
  });

  it('produces diffs that turn the old text into the new one', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const before = randomLines(seed % 23, seed);
      const after = randomLines((seed * 7) % 19, seed * 31 + 3);
      expect(applyDiff(before, unifiedDiff(before, after, { from: 'a', to: 'b' }))).toBe(after);
    }
  });
});
