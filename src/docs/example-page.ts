/** Front matter of the pages in the docs rules' examples; each field can be replaced or dropped (`undefined`). */
export interface ExampleFrontMatter {
  title?: string;
  audience?: string;
  type?: string;
  status?: string;
  owner?: string;
  last_reviewed?: string;
}

const DEFAULTS: Required<ExampleFrontMatter> = {
  title: 'Install Matrix',
  audience: 'operators',
  type: 'reference',
  status: 'stable',
  owner: 'platform-ops',
  last_reviewed: '2026-11-12',
};

/** The text of an example docs page: front matter (defaults overridden by `fields`) and a body. */
export function examplePage(fields: ExampleFrontMatter, body: string): string {
  const merged: Record<string, string | undefined> = { ...DEFAULTS, ...fields };
  const lines = Object.entries(merged)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => `${key}: ${value}`);
  return `---\n${lines.join('\n')}\n---\n\n${body}`;
}
