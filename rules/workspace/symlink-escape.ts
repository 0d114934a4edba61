import { defineRule } from '../../src/engine/rule.js';

export default defineRule({
  id: 'workspace/symlink-escape',
  description: 'No file of the repository is a symbolic link leading outside it',
  severity: 'error',
  inputs: ['**'],
  volatile: ['target'],
  messages: {
    escapes:
      '`{{file}}` is a symbolic link to `{{target}}`, outside the repository: it is not read, commit the file itself',
    dangling: '`{{file}}` is a symbolic link whose target does not exist: it is not read',
    loop: '`{{file}}` is a symbolic link that leads back to itself through `{{target}}`: it is not read, break the loop',
    folder:
      '`{{file}}` lies in `{{folder}}`, a folder that leads outside the repository to `{{target}}`: it is not read, commit the folder itself',
  },
  rationale: `surveyor never reads outside the repository root, so a contract, schema or page that is a symbolic
link to somewhere else is checked by nothing, and resolves differently on every machine. Such links
are reported and never followed; links that stay inside the repository are followed as usual.`,
  examples: {
    valid: [
      {
        name: 'A link to another file of the repository',
        files: { 'ops/a.json': '{}\n', 'ops/b.json': { symlink: 'a.json' } },
      },
    ],
    invalid: [
      {
        name: 'A link to a file outside the repository',
        files: { 'ops/secrets.json': { symlink: '../../etc/secrets.json' } },
        findings: [{ file: 'ops/secrets.json', line: 1, column: 1, messageId: 'escapes' }],
      },
      {
        name: 'Two links that lead to each other',
        files: { 'ops/a.json': { symlink: 'b.json' }, 'ops/b.json': { symlink: 'a.json' } },
        findings: [
          { file: 'ops/a.json', line: 1, column: 1, messageId: 'loop' },
          { file: 'ops/b.json', line: 1, column: 1, messageId: 'loop' },
        ],
      },
    ],
  },
  check(context) {
    for (const entry of context.workspace.escapingLinks) {
      if (!context.inScope(entry.path) || !entry.escapes) continue;
      const { target, dangling, loop, folder } = entry.escapes;
      context.report({
        file: entry.path,
        messageId: folder !== undefined ? 'folder' : loop ? 'loop' : dangling ? 'dangling' : 'escapes',
        data: { file: entry.path, target, folder: folder ?? '' },
      });
    }
  },
});
