type Edit = { kind: ' ' | '-' | '+'; line: string };

/** Line edits turning `a` into `b`, by Myers' O(ND) shortest edit script. */
function diffLines(a: readonly string[], b: readonly string[]): Edit[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max;
  const v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  outer: for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) break outer;
    }
  }
  const edits: Edit[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0 && (x > 0 || y > 0); d--) {
    const state = trace[d]!;
    const k = x - y;
    const previousK = k === -d || (k !== d && state[offset + k - 1]! < state[offset + k + 1]!) ? k + 1 : k - 1;
    const previousX = state[offset + previousK]!;
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      x--;
      y--;
      edits.push({ kind: ' ', line: a[x]! });
    }
    if (d > 0) {
      if (x === previousX) edits.push({ kind: '+', line: b[--y]! });
      else edits.push({ kind: '-', line: a[--x]! });
    }
  }
  return edits.reverse();
}

/**
 * A unified diff (`---`/`+++` headers, `@@` hunks with `context` lines around each
 * change) from `before` to `after`; empty when they are equal. Line numbers are offset
 * by `firstLine - 1` so hunks point into the whole file.
 */
export function unifiedDiff(
  before: string,
  after: string,
  options: { from: string; to: string; firstLine?: number; context?: number },
): string {
  if (before === after) return '';
  const context = options.context ?? 3;
  const shift = (options.firstLine ?? 1) - 1;
  const split = (text: string) => (text === '' ? [] : text.replace(/\n$/, '').split('\n'));
  const edits = diffLines(split(before), split(after));
  // Number every edit in both files, then group changes whose gaps are at most 2 × context.
  const numbered: (Edit & { old: number; new: number })[] = [];
  let oldLine = 1 + shift;
  let newLine = 1 + shift;
  for (const edit of edits) {
    numbered.push({ ...edit, old: oldLine, new: newLine });
    if (edit.kind !== '+') oldLine++;
    if (edit.kind !== '-') newLine++;
  }
  const changed = numbered.flatMap((e, i) => (e.kind === ' ' ? [] : [i]));
  const groups: [number, number][] = [];
  for (const index of changed) {
    const last = groups.at(-1);
    if (last && index - last[1] <= 2 * context + 1) last[1] = index;
    else groups.push([index, index]);
  }
  const lines = [`--- ${options.from}`, `+++ ${options.to}`];
  for (const [first, last] of groups) {
    const hunk = numbered.slice(Math.max(0, first - context), Math.min(numbered.length, last + context + 1));
    const oldCount = hunk.filter((e) => e.kind !== '+').length;
    const newCount = hunk.filter((e) => e.kind !== '-').length;
    const oldStart = oldCount === 0 ? hunk[0]!.old - 1 : hunk.find((e) => e.kind !== '+')!.old;
    const newStart = newCount === 0 ? hunk[0]!.new - 1 : hunk.find((e) => e.kind !== '-')!.new;
    lines.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`);
    for (const edit of hunk) lines.push(`${edit.kind}${edit.line}`);
  }
  return `${lines.join('\n')}\n`;
}
