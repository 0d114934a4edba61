import { defineRule } from '../../src/engine/rule.js';
import { localSchemaOf } from '../../src/schema/schema-mapping.js';

/** `ops/` → `ops/**`; globs stay as written. */
function folderGlobs(folders: readonly string[]): string[] {
  return folders.map((f) => (f.endsWith('/') ? `${f}**` : f));
}

/** The memo kind of "this text is valid JSON". */
const VALID_JSON = 'valid-json-1';

export default defineRule({
  id: 'schema/unmapped',
  description: 'Every JSON file under the contract folders is covered by a schema',
  severity: 'warning',
  inputs: (config) => folderGlobs(config.schemas.contractFolders),
  readsSchemas: true,
  messages: {
    unmapped: '`{{file}}` is not covered by any schema: map it in a registry or in `schemas.map`, so it is checked',
    remote:
      '`{{file}}` is not covered by any schema of the repository: its `$schema` `{{declared}}` is remote and never fetched',
  },
  rationale: `A contract file that no schema covers is silently unchecked: a typo in it reaches production as
data. Under \`schemas.contractFolders\` (\`ops/\` with the atlas preset; none otherwise) every JSON file
that is not itself a schema must be mapped to one, through \`schemas.map\`, a registry file, or its own
\`$schema\`. The Atlas contracts that the repository maps to no schema are covered by surveyor's built-in
schemas (\`schemas/atlas/\`). Files that do not parse are left to \`json/syntax\`.`,
  examples: {
    valid: [
      {
        name: 'A contract mapped through its own `$schema`',
        files: {
          'ops/k8s/install-matrix.json':
            '{ "$schema": "../schema/k8s/install-matrix.schema.json", "schema_version": 1 }\n',
          'ops/schema/k8s/install-matrix.schema.json':
            '{ "$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object" }\n',
        },
      },
    ],
    invalid: [
      {
        name: 'A waivers file that nothing maps',
        files: {
          'ops/k8s/install-matrix.json':
            '{ "$schema": "../schema/k8s/install-matrix.schema.json", "schema_version": 1 }\n',
          'ops/schema/k8s/install-matrix.schema.json':
            '{ "$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object" }\n',
          'ops/release/evidence/waivers.json': '{ "waivers": [] }\n',
        },
        findings: [{ file: 'ops/release/evidence/waivers.json', line: 1, column: 1, messageId: 'unmapped' }],
      },
      {
        name: 'A contract whose `$schema` is a remote URL',
        files: {
          'ops/k8s/install-matrix.json': '{ "schema_version": 1, "profiles": [] }\n',
          'ops/k8s/ingress-classes.json':
            '{ "$schema": "https://schemas.example.com/ingress-classes.json", "classes": [] }\n',
        },
        findings: [{ file: 'ops/k8s/ingress-classes.json', line: 1, column: 1, messageId: 'remote' }],
      },
    ],
  },
  check(context) {
    const { facts, workspace, config } = context;
    if (config.schemas.contractFolders.length === 0) return;
    const underContracts = workspace.matcher(folderGlobs(config.schemas.contractFolders));
    const mapped = new Set(facts.mappings.map((m) => m.instance));
    for (const file of facts.instanceFiles) {
      if (!underContracts(file) || mapped.has(file) || !context.inScope(file)) continue;
      // Whether it is JSON at all (`json/syntax` reports it otherwise) is recalled by content: a rerun reads no unchanged file.
      if (!workspace.derivedNow(VALID_JSON, file, () => workspace.jsonValue(file) !== undefined)) continue;
      const local = localSchemaOf(workspace, file, (url) => facts.schemas.fileByUrl(url));
      if (local?.remote) context.report({ file, messageId: 'remote', data: { file, declared: local.declared } });
      else context.report({ file, messageId: 'unmapped', data: { file } });
    }
  },
});
