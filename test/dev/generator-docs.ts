import { generators } from '../../src/generate/generators.js';
import { PAGE_NOTICE } from '../../src/generate/regenerate.js';
import { GENERATED_NOTICE } from '../../src/reference/rule-docs.js';

/** The reference page of `surveyor generate`: the marker syntax and every generator with its attributes. */
export function renderGeneratorsDoc(): string {
  const lines = [
    GENERATED_NOTICE.replace(
      "the rule's metadata and examples: edit the rule",
      "the generators' metadata: edit `src/generate/`",
    ),
    '',
    '# Generated docs',
    '',
    '`surveyor generate` derives diagrams and tables from the Atlas contracts and writes them into',
    'Markdown pages between markers. Nothing outside the markers is touched; a page is written',
    '(atomically) only when its content changes. `surveyor generate --check` writes nothing, prints a',
    'unified diff per region that differs, and exits 1; `surveyor check` reports the same regions as',
    '[`generated/drift`](rules/generated/drift.md).',
    '',
    '```markdown',
    '<!-- surveyor:begin upgrade-flow profile=prod-ha direction=LR -->',
    '(generated)',
    '<!-- surveyor:end upgrade-flow -->',
    '```',
    '',
    'A page can also be generated from a `<!-- surveyor:page NAME [key=value ...] -->` marker to its end;',
    'the generated part then opens with',
    '',
    '```markdown',
    PAGE_NOTICE,
    '```',
    '',
    'A marker is an HTML comment alone on its lines at the top level of the page, as the Markdown',
    "parser (remark) reads it. Marker-looking text anywhere else is the page's own text: in code",
    '(inline, indented or fenced, at any depth), in a sentence, in a list item or a quote, or inside',
    'another comment. A top-level comment that starts like a marker but is not closed, or has text',
    'after it on its line, is reported. Pages larger than `docs.maxPageBytes`, or too deeply nested to',
    'parse quickly, are reported and left alone.',
    '',
    'Output is deterministic (sorted,',
    'stable node ids, LF, no timestamps) and every contract string in a diagram is written as a quoted',
    'label with entities (`#34;` for `"`), so quotes, brackets, `-->`, `%%`, `<script>` or any unicode',
    'show as text and can neither break the diagram nor inject into the page.',
    '',
    '## Generators',
    '',
  ];
  for (const generator of generators.values()) {
    lines.push(`### \`${generator.name}\``, '', `${generator.description}.`, '');
    const attributes = Object.entries(generator.attributes);
    if (attributes.length === 0) {
      lines.push('No attributes.', '');
      continue;
    }
    lines.push('| attribute | meaning | values |', '| --- | --- | --- |');
    for (const [name, spec] of attributes) {
      const values = spec.values
        ? spec.values.map((v) => `\`${v}\``).join(', ')
        : spec.profile
          ? 'an install-matrix profile'
          : spec.scenario
            ? 'an upgrade scenario id'
            : 'any';
      lines.push(`| \`${name}\` | ${spec.description} | ${values} |`);
    }
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
