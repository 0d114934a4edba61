/** `a`, `a and b`, `a, b and c` (or `or`): values in backticks, listed in prose, the first `limit` of them. */
export function listInProse(values: readonly string[], conjunction: 'and' | 'or' = 'and', limit = 10): string {
  const shown = values.slice(0, limit).map((v) => `\`${v}\``);
  if (values.length > limit) shown.push(`${values.length - limit} more`);
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} ${conjunction} ${shown.at(-1)}`;
}

/** The text with its first letter in upper case. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `1 file`, `2 files`: a count and its noun, plural when it is not one. */
export function counted(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
