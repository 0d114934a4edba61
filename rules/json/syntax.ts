import { defineRule } from '../../src/engine/rule.js';

export default defineRule({
  id: 'json/syntax',
  description: 'JSON files parse: no trailing commas, comments, truncation, byte order mark or invalid UTF-8',
  severity: 'error',
  inputs: (config) => config.json.files,
  findingsPerFile: true,
  messages: {
    syntax: '{{message}}',
    encoding: '{{message}}',
    unreadable: 'Cannot read the file: {{message}}',
  },
  rationale: `Every contract, schema and registry in the repository is JSON, and a file that does not parse
silently drops out of every other check. The finding is placed at the exact line and column where
parsing stops (for a truncated file, at its end, with the place where the unclosed object or array
was opened as a related location).

A byte order mark is reported but does not stop the other rules: the value after it still parses.
Files that are not UTF-8 (UTF-16, Latin-1) are reported at the first invalid byte.

Files that legitimately hold JSON with comments (\`tsconfig.json\`, \`.vscode/*.json\`) are excluded by
default; add others to \`json.exclude\`.`,
  examples: {
    valid: [
      {
        name: 'An object with nested values',
        files: { 'ops/k8s/install-matrix.json': '{\n  "schema_version": 1,\n  "profiles": [{ "name": "kind" }]\n}\n' },
      },
      { name: 'Any JSON value at the top level', files: { 'ops/list.json': '["a", "b"]\n', 'ops/count.json': '3\n' } },
    ],
    invalid: [
      {
        name: 'A trailing comma',
        files: { 'ops/k8s/install-matrix.json': '{\n  "schema_version": 1,\n  "profiles": [],\n}\n' },
        findings: [{ file: 'ops/k8s/install-matrix.json', line: 3, column: 17, messageId: 'syntax' }],
      },
      {
        name: 'A truncated file',
        files: {
          'ops/report/generated/readiness-score.json': '{\n  "score": 100,\n  "inputs": {\n    "docs": "pass"\n',
        },
        findings: [{ file: 'ops/report/generated/readiness-score.json', line: 5, column: 1, messageId: 'syntax' }],
      },
      {
        name: 'An empty file',
        files: { 'ops/empty.json': '' },
        findings: [{ file: 'ops/empty.json', line: 1, column: 1, messageId: 'syntax' }],
      },
      {
        name: 'A byte order mark',
        files: { 'ops/bom.json': '\uFEFF{ "a": 1 }\n' },
        findings: [{ file: 'ops/bom.json', line: 1, column: 1, messageId: 'syntax' }],
      },
      {
        name: 'Bytes that are not UTF-8 (Latin-1 `é`)',
        files: {
          'ops/latin1.json': Uint8Array.from([
            0x7b, 0x0a, 0x20, 0x20, 0x22, 0x6e, 0x22, 0x3a, 0x20, 0x22, 0x63, 0x61, 0x66, 0xe9, 0x22, 0x0a, 0x7d, 0x0a,
          ]),
        },
        findings: [{ file: 'ops/latin1.json', line: 2, column: 12, messageId: 'encoding' }],
      },
      {
        name: 'A comment',
        files: { 'ops/comment.json': '{\n  // the profile\n  "name": "kind"\n}\n' },
        findings: [{ file: 'ops/comment.json', line: 2, column: 3, messageId: 'syntax' }],
      },
    ],
  },
  check(context) {
    for (const file of context.facts.jsonFiles) {
      if (!context.inScope(file)) continue;
      const text = context.workspace.text(file);
      if (!text.ok) {
        const { problem } = text;
        if (problem.kind === 'encoding') {
          context.report({
            file,
            position: {
              start: { line: problem.line, column: problem.column },
              end: { line: problem.line, column: problem.column + 1 },
            },
            messageId: 'encoding',
            data: { message: problem.message },
          });
        } else {
          context.report({ file, messageId: 'unreadable', data: { message: problem.message } });
        }
        continue;
      }
      const document = context.workspace.json(file)!;
      for (const problem of document.problems) {
        context.report({
          file,
          span: problem.span,
          messageId: 'syntax',
          data: { message: problem.message },
          related: problem.related
            ? [{ file, span: problem.related.span, message: problem.related.message }]
            : undefined,
        });
      }
    }
  },
});
