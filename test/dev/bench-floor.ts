// The floors a check run is compared with, each in its own process (start-up included):
//   node bench-floor.js cold ROOT   list, read and JSON.parse every file, parse every page with
//                                   remark, compile the schemas that validate something, parse
//                                   every Mermaid block with mermaid's parser (each distinct text
//                                   once, in the worker pool surveyor parses with, beside the rest);
//   node bench-floor.js warm ROOT   list, read and hash every file;
//   node bench-floor.js staged ROOT list git's index and read one staged blob.
// Each prints `{"files":N,"maxRssKb":N}` (cold adds the Mermaid blocks and distinct texts).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { type MermaidParseResult, parseMermaid } from '../../src/mermaid/parse.js';
import { MermaidPool } from '../../src/mermaid/parse-pool.js';
import { runGit } from '../../src/workspace/git.js';
import { parseMarkdown } from '../../src/workspace/markdown-document.js';

const [mode, rootArg] = process.argv.slice(2);
const root = path.resolve(rootArg ?? '.');
const listed = runGit(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']);
let counts = {};
const files = listed.stdout
  .toString('utf8')
  .split('\0')
  .filter((f) => f && !f.startsWith('node_modules/'));

if (mode === 'warm') {
  for (const file of files)
    createHash('sha1')
      .update(readFileSync(path.join(root, file)))
      .digest('hex');
} else if (mode === 'staged') {
  const index = runGit(root, ['ls-files', '-s', '-z']).stdout.toString('utf8').split('\0');
  const oid = index[0]!.split(' ')[1]!;
  runGit(root, ['cat-file', '--batch'], `${oid}\n`);
} else {
  // Mermaid's parser costs milliseconds a diagram (it copies its whole configuration on every
  // parse), so it runs as surveyor runs it: in worker threads while this thread does the rest,
  // and once per distinct text, since the same text always gets the same verdict.
  const pool = MermaidPool.create();
  const verdicts = new Map<string, Promise<MermaidParseResult>>();
  let blocks = 0;
  const values = new Map<string, unknown>();
  for (const file of files) {
    const text = readFileSync(path.join(root, file), 'utf8');
    if (file.endsWith('.json')) {
      try {
        values.set(file, JSON.parse(text));
      } catch {
        // malformed files cost the same to read
      }
    } else if (file.startsWith('docs/') && file.endsWith('.md')) {
      for (const match of text.matchAll(/```mermaid\n([\s\S]*?)```/g)) {
        blocks++;
        const block = match[1]!;
        if (!verdicts.has(block)) verdicts.set(block, pool ? pool.parse(block) : parseMermaid(block));
      }
      await parseMarkdown(text);
    }
  }
  // The schemas that validate something: those the contracts map names, with every schema registered for `$ref`s.
  const used = new Set<string>();
  const registry = values.get('ops/inventory/contracts-map.json') as { items?: { schema?: string }[] } | undefined;
  for (const item of registry?.items ?? []) if (item.schema) used.add(item.schema);
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  for (const [file, value] of values) {
    if (file.endsWith('.schema.json') && value && typeof value === 'object') {
      const schema = { ...(value as Record<string, unknown>) };
      delete schema.$schema;
      try {
        ajv.addSchema(schema, file);
      } catch {
        // a duplicate $id costs nothing to skip
      }
    }
  }
  for (const file of used) {
    try {
      ajv.getSchema(file);
    } catch {
      // a schema that does not compile still cost its compile
    }
  }
  await Promise.all(verdicts.values());
  pool?.close();
  counts = { mermaidBlocks: blocks, mermaidTexts: verdicts.size };
}
process.stdout.write(
  `${JSON.stringify({ files: files.length, ...counts, maxRssKb: process.resourceUsage().maxRSS })}\n`,
);
