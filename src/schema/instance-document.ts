import type { PointerLocation, Span } from '../workspace/json-document.js';
import type { Workspace } from '../workspace/workspace.js';

/** The formats an instance may be written in. */
export type InstanceFormat = 'json' | 'yaml' | 'toml';

/** The format of an instance file by its extension; `undefined` for a file surveyor cannot read as an instance. */
export function instanceFormat(file: string): InstanceFormat | undefined {
  if (/\.json$/i.test(file)) return 'json';
  if (/\.ya?ml$/i.test(file)) return 'yaml';
  if (/\.toml$/i.test(file)) return 'toml';
  return undefined;
}

/** One document of an instance file: its value and how to place a pointer into it. */
export interface InstanceDocument {
  value: unknown;
  /** The document's index in a YAML stream (0 for JSON and TOML). */
  index: number;
  locate(pointer: string): PointerLocation;
}

/** An instance file read for validation, or why it cannot be validated. */
export type InstanceRead =
  | { ok: true; format: InstanceFormat; documents: InstanceDocument[] }
  /** `problem` is set for YAML and TOML syntax errors; JSON ones are `json/syntax`'s, unreadable text `json/syntax`'s or the model's. */
  | { ok: false; format: InstanceFormat; problem?: { span: Span; message: string } };

/**
 * Reads an instance in its format: a JSON file, each document of a YAML stream (empty ones
 * between separators skipped), or a TOML file. `undefined` for other files.
 */
export async function readInstance(workspace: Workspace, file: string): Promise<InstanceRead | undefined> {
  const format = instanceFormat(file);
  if (format === 'json') {
    const document = workspace.json(file);
    if (!document?.ok) return { ok: false, format };
    return { ok: true, format, documents: [{ value: document.value, index: 0, locate: (p) => document.locate(p) }] };
  }
  if (format === 'yaml') {
    const documents = workspace.yamlDocuments(file);
    if (!documents) return { ok: false, format };
    const broken = documents.find((d) => !d.ok);
    if (broken) return { ok: false, format, problem: broken.problems[0]! };
    const read = documents.map((document, index) => ({
      value: document.value,
      index,
      locate: (p: string) => document.locate(p),
      empty: document.empty,
    }));
    const kept = read.length > 1 ? read.filter((d) => !d.empty) : read;
    return {
      ok: true,
      format,
      documents: kept.map(({ value, index, locate }) => ({ value: value ?? null, index, locate })),
    };
  }
  if (format === 'toml') {
    const document = await workspace.toml(file);
    if (!document) return { ok: false, format };
    if (!document.ok) return { ok: false, format, problem: document.problems[0]! };
    return { ok: true, format, documents: [{ value: document.value, index: 0, locate: (p) => document.locate(p) }] };
  }
  return undefined;
}

/** The `# yaml-language-server: $schema=<url>` modeline of a YAML text, with the span of its URL. */
export function yamlModeline(text: string): { value: string; span: Span } | undefined {
  const match = /^[ \t]*#[ \t]*yaml-language-server:[ \t]*\$schema=(\S+)/m.exec(text);
  if (!match) return undefined;
  const start = match.index + match[0].length - match[1]!.length;
  return { value: match[1]!, span: { start, end: start + match[1]!.length } };
}

/**
 * A TOML file's own top-level `$schema = "..."` (before the first table header), found in the
 * text so mapping needs no parse; with the span of the string's content.
 */
export function tomlSchemaKey(text: string): { value: string; span: Span } | undefined {
  const header = /^[ \t]*\[/m.exec(text);
  const head = header ? text.slice(0, header.index) : text;
  const match = /^[ \t]*(?:"\$schema"|'\$schema')[ \t]*=[ \t]*(?:"([^"\\\n]*)"|'([^'\n]*)')/m.exec(head);
  if (!match) return undefined;
  const value = match[1] ?? match[2]!;
  const start = match.index + match[0].length - value.length - 1;
  return { value, span: { start, end: start + value.length } };
}
