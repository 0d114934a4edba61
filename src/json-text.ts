/** One open array or object of the value being written. */
type Frame =
  | { array: readonly unknown[]; index: number }
  | { object: Record<string, unknown>; keys: string[]; index: number; written: number };

/**
 * A JSON value as `JSON.stringify` writes it (compact), cut to `max` characters with `…`.
 * Written with an explicit stack and stopped once `max` is reached, so a value nested
 * 20,000 deep from a hostile file neither overflows the call stack (as `JSON.stringify`
 * and `String` do) nor costs more than the text shown.
 */
export function jsonText(value: unknown, max = Number.POSITIVE_INFINITY): string {
  let out = '';
  const frames: Frame[] = [];
  let next: { value: unknown } | undefined = { value };
  while (out.length <= max) {
    if (next) {
      const current = next.value;
      next = undefined;
      if (Array.isArray(current)) {
        out += '[';
        frames.push({ array: current, index: 0 });
      } else if (current !== null && typeof current === 'object') {
        out += '{';
        frames.push({ object: current as Record<string, unknown>, keys: Object.keys(current), index: 0, written: 0 });
      } else {
        out += scalarText(current);
      }
      continue;
    }
    const frame = frames.at(-1);
    if (!frame) break;
    if ('array' in frame) {
      if (frame.index < frame.array.length) {
        if (frame.index > 0) out += ',';
        const item = frame.array[frame.index++];
        next = { value: item === undefined || typeof item === 'function' ? null : item };
      } else {
        out += ']';
        frames.pop();
      }
      continue;
    }
    let key: string | undefined;
    while (frame.index < frame.keys.length && key === undefined) {
      const candidate = frame.keys[frame.index++]!;
      const item = frame.object[candidate];
      if (item !== undefined && typeof item !== 'function') key = candidate;
    }
    if (key === undefined) {
      out += '}';
      frames.pop();
      continue;
    }
    out += `${frame.written++ > 0 ? ',' : ''}${JSON.stringify(key)}:`;
    next = { value: frame.object[key] };
  }
  return out.length > max ? `${out.slice(0, Math.max(0, max - 1))}…` : out;
}

function scalarText(value: unknown): string {
  if (typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? String(value);
}
