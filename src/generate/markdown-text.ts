/** Text for a Markdown table cell: pipes and line breaks escaped, HTML-significant characters as entities. */
export function tableCell(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|');
}

/** Inline code for prose: any contract string shows literally (code spans render no HTML and no entities). */
export function codeSpan(text: string): string {
  const code = text.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return longest || code.startsWith(' ') || code.endsWith(' ')
    ? `${ticks} ${code} ${ticks}`
    : `${ticks}${code}${ticks}`;
}

/** Inline code for a Markdown table cell: as `codeSpan`, with pipes escaped as GFM tables need. */
export function codeCell(text: string): string {
  return codeSpan(text.replace(/\|/g, '\\|'));
}
