import type { Facts } from '../../src/engine/facts.js';
import { defineRule } from '../../src/engine/rule.js';

const draft07 = '"$schema": "http://json-schema.org/draft-07/schema#"';
const draft2020 = '"$schema": "https://json-schema.org/draft/2020-12/schema"';

export default defineRule({
  id: 'schema/compile',
  description:
    'Every JSON Schema compiles: a known draft, valid keywords, and `$ref`s that resolve inside the repository',
  severity: 'error',
  // Which schemas are compiled depends on the instances mapped to them: instances are inputs too.
  inputs: (config) => [...config.json.files, ...config.schemas.files, '**/*.{yaml,yml,toml}'],
  readsSchemas: true,
  messages: {
    problem: '{{message}}',
  },
  rationale: `A schema that does not compile checks nothing: every file mapped to it goes unvalidated. This
rule checks each schema in the draft its \`$schema\` declares (draft-04, draft-06, draft-07, 2019-09 or
2020-12; \`schemas.defaultDraft\` when it declares none), and reports:

- an unknown \`$schema\` URI, at \`$schema\`;
- keyword values the draft's meta-schema rejects (\`"type": "strin"\`), at that keyword;
- \`$ref\`s that do not resolve to a schema of the repository, or to a place inside it, at the \`$ref\`.
  References may be file-relative (\`../common/defs.schema.json#/definitions/semver\`), repo-relative
  (\`ops/schema/common/defs.schema.json\`), or an absolute \`$id\` of a repository schema; they may cross
  drafts. A remote \`$ref\` is never fetched: add the schema to the repository instead;
- \`$ref\` cycles that never reach a keyword consuming the value (\`a → b → a\` through \`$ref\` and the
  applicators that apply to the value itself: \`allOf\`, \`anyOf\`, \`oneOf\`, \`not\`, \`if\`/\`then\`/\`else\`,
  \`dependentSchemas\` and schema-valued \`dependencies\`): validating against them would not terminate.
  Recursion through an applicator that moves to a property, an item or a name (\`properties\`,
  \`patternProperties\`, \`additionalProperties\`, \`propertyNames\`, \`items\`, \`prefixItems\`,
  \`additionalItems\`, \`contains\`, \`unevaluated*\`) ends with the data, so it is no cycle.

A schema referencing a broken schema is not compiled either; the finding is reported once, at the broken one.

Ajv generates code only for the schemas that validate something: those an instance is mapped to, and
those they reach through \`$ref\`s. Each is compiled once, and what Ajv refuses only while generating
code (\`nullable\` without \`type\`, a \`$ref\` it resolves differently) is reported at that schema. A
schema no instance uses is checked as above without generating code, which on a repository of
thousands of schemas is most of the work: such a refusal shows once an instance uses it. Ajv's strict
mode is off by default (\`schemas.strict\`), since many real schemas only compile without it; with it
on, every schema is compiled, since strict mode's findings (an unknown keyword) only come from
generating code.`,
  examples: {
    valid: [
      {
        name: 'A 2020-12 schema referencing a draft-07 schema in another file',
        files: {
          'ops/schema/common/defs.schema.json': `{\n  ${draft07},\n  "definitions": { "semver": { "type": "string", "pattern": "^\\\\d+\\\\.\\\\d+\\\\.\\\\d+$" } }\n}\n`,
          'ops/schema/upgrade/scenario.schema.json': `{\n  ${draft2020},\n  "type": "object",\n  "properties": { "from_version": { "$ref": "../common/defs.schema.json#/definitions/semver" } }\n}\n`,
        },
      },
      {
        name: 'A schema no instance uses is not compiled: its `nullable` without `type` shows once an instance uses it',
        files: {
          'ops/schema/a.schema.json': `{\n  ${draft2020},\n  "properties": { "note": { "nullable": true } }\n}\n`,
        },
      },
      {
        name: 'A recursive schema (the recursion goes through `properties`, so it terminates)',
        files: {
          'ops/schema/tree.schema.json': `{\n  ${draft2020},\n  "type": "object",\n  "properties": { "children": { "type": "array", "items": { "$ref": "#" } } }\n}\n`,
        },
      },
    ],
    invalid: [
      {
        name: 'An unknown draft',
        files: {
          'ops/schema/a.schema.json':
            '{\n  "$schema": "https://json-schema.org/draft/2030-01/schema",\n  "type": "object"\n}\n',
        },
        findings: [{ file: 'ops/schema/a.schema.json', line: 2, column: 14, messageId: 'problem' }],
      },
      {
        name: 'A keyword value the meta-schema rejects',
        files: {
          'ops/schema/a.schema.json': `{\n  ${draft2020},\n  "properties": {\n    "suite": { "type": "strin" }\n  }\n}\n`,
        },
        findings: [{ file: 'ops/schema/a.schema.json', line: 4, column: 24, messageId: 'problem' }],
      },
      {
        name: 'A schema an instance uses that Ajv refuses to compile: `nullable` without `type`',
        files: {
          'ops/schema/a.schema.json': `{\n  ${draft2020},\n  "properties": { "note": { "nullable": true } }\n}\n`,
          'ops/data/a.json': '{\n  "$schema": "../schema/a.schema.json",\n  "note": null\n}\n',
        },
        findings: [{ file: 'ops/schema/a.schema.json', line: 3, column: 29, messageId: 'problem' }],
      },
      {
        name: 'A `$ref` to a definition that does not exist',
        files: {
          'ops/schema/common/defs.schema.json': `{ ${draft07}, "definitions": {} }\n`,
          'ops/schema/a.schema.json': `{\n  ${draft2020},\n  "$ref": "common/defs.schema.json#/definitions/semver"\n}\n`,
        },
        findings: [{ file: 'ops/schema/a.schema.json', line: 3, column: 11, messageId: 'problem' }],
      },
      {
        name: 'A remote `$ref`, which is never fetched',
        files: {
          'ops/schema/a.schema.json': `{\n  ${draft2020},\n  "$ref": "https://schemas.example.com/atlas/profile.json"\n}\n`,
        },
        findings: [{ file: 'ops/schema/a.schema.json', line: 3, column: 11, messageId: 'problem' }],
      },
      {
        name: 'A `$ref` cycle between two files',
        files: {
          'ops/schema/a.schema.json': `{\n  ${draft2020},\n  "$ref": "b.schema.json"\n}\n`,
          'ops/schema/b.schema.json': `{\n  ${draft2020},\n  "allOf": [{ "$ref": "a.schema.json" }]\n}\n`,
        },
        findings: [{ file: 'ops/schema/b.schema.json', line: 3, column: 23, messageId: 'problem' }],
      },
      {
        name: 'A `$ref` cycle through `dependentSchemas`: an object with `parent` is validated against the same schema forever',
        files: {
          'ops/schema/node.schema.json': `{\n  ${draft2020},\n  "type": "object",\n  "dependentSchemas": { "parent": { "$ref": "#" } }\n}\n`,
        },
        findings: [{ file: 'ops/schema/node.schema.json', line: 4, column: 45, messageId: 'problem' }],
      },
    ],
  },
  check(context) {
    const schemas = context.facts.schemas;
    const inScope = (file: string) => context.inScope(file);
    const problems = schemas.problems(inScope);
    const compiled = context.config.schemas.strict === true ? undefined : schemasInUse(context.facts);
    for (const file of context.facts.schemaFiles) {
      if (!inScope(file) || (compiled && !compiled.has(file))) continue;
      const compileProblem = schemas.compileProblem(file);
      if (compileProblem) problems.push(compileProblem);
    }
    for (const problem of problems) {
      context.report({
        file: problem.file,
        pointer: problem.pointer,
        onKey: problem.onKey,
        messageId: 'problem',
        data: { message: problem.message },
        related: problem.related?.map((r) => ({ file: r.file, pointer: r.pointer, message: r.message })),
      });
    }
  },
});

/**
 * The schemas that validate something: each schema an instance is mapped to and every schema it
 * reaches through `$ref`s; `undefined` (compile them all) when the mapping cannot be worked out.
 */
function schemasInUse(facts: Facts): Set<string> | undefined {
  try {
    const used = new Set<string>();
    for (const mapping of facts.mappings)
      if (mapping.exists) for (const file of facts.schemas.reached(mapping.schema)) used.add(file);
    return used;
  } catch {
    return undefined;
  }
}
