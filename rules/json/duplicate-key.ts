import { defineRule } from '../../src/engine/rule.js';

export default defineRule({
  id: 'json/duplicate-key',
  description: 'No key is written twice in one JSON object',
  severity: 'error',
  inputs: (config) => config.json.files,
  findingsPerFile: true,
  messages: {
    duplicate: 'Unexpected duplicate key `{{key}}`: only this last value counts, remove one of them',
  },
  rationale: `\`JSON.parse\`, Ajv and most tools silently keep the last of two equal keys, so an edit to the first
copy has no effect and a reviewer reading the file sees a value that is not the one used. The finding
is placed at the second occurrence, with the first as a related location.`,
  examples: {
    valid: [
      {
        name: 'Equal keys in different objects',
        files: { 'ops/a.json': '{ "a": { "name": 1 }, "b": { "name": 2 } }\n' },
      },
    ],
    invalid: [
      {
        name: 'A profile whose `suite` is written twice',
        files: {
          'ops/k8s/install-matrix.json':
            '{\n  "profiles": [\n    { "name": "kind", "suite": "nightly", "suite": "install-gate" }\n  ]\n}\n',
        },
        findings: [{ file: 'ops/k8s/install-matrix.json', line: 3, column: 43, messageId: 'duplicate' }],
      },
    ],
  },
  check(context) {
    for (const file of context.facts.jsonFiles) {
      if (!context.inScope(file)) continue;
      const document = context.workspace.json(file);
      if (!document) continue;
      for (const duplicate of document.duplicates) {
        context.report({
          file,
          span: duplicate.span,
          pointer: duplicate.pointer,
          messageId: 'duplicate',
          data: { key: duplicate.key },
          related: [{ file, span: duplicate.first, message: `First \`${duplicate.key}\`` }],
        });
      }
    }
  },
});
