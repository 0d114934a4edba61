/** The most a Markdown report may hold: a GitHub comment's limit (65,536), counted in UTF-8 bytes to be safe. */
export const MARKDOWN_LIMIT = 65_536;

/**
 * The most detailed rendering that fits the limit: `render` is called with each level of
 * detail in turn (the first is the most detailed) until its text fits. When even the
 * least detailed does not, it is cut at a line boundary and says so.
 */
export function fitMarkdown<L>(
  levels: readonly L[],
  render: (level: L) => string,
  limit = MARKDOWN_LIMIT,
): { text: string; level: L } {
  let text = '';
  for (const level of levels) {
    text = render(level);
    if (Buffer.byteLength(text, 'utf8') <= limit) return { text, level };
  }
  const note = '\n…cut here: the report is longer than a Markdown summary can hold.\n';
  const room = limit - Buffer.byteLength(note, 'utf8');
  let cut = '';
  let bytes = 0;
  for (const line of text.split('\n')) {
    const size = Buffer.byteLength(line, 'utf8') + 1;
    if (bytes + size > room) break;
    cut += `${line}\n`;
    bytes += size;
  }
  return { text: cut + note, level: levels[levels.length - 1]! };
}
