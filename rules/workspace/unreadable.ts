import { defineRule } from '../../src/engine/rule.js';

export default defineRule({
  id: 'workspace/unreadable',
  description: 'Every file of the repository is a regular file, and every folder can be listed',
  severity: 'error',
  inputs: ['**'],
  messages: {
    fifo: '`{{file}}` is a FIFO (named pipe), not a regular file: it is not read, commit a regular file instead',
    device: '`{{file}}` is a device, not a regular file: it is not read, commit a regular file instead',
    socket: '`{{file}}` is a socket, not a regular file: it is not read, commit a regular file instead',
    folder: 'Cannot list the folder `{{file}}` (`{{reason}}`): its files are not checked, make it readable',
  },
  rationale: `Reading a FIFO waits for a writer that never comes, and reading a device never ends or has side
effects, so surveyor opens only regular files: anything else is reported here and never read.
A folder it cannot list (no permission, a path too long for the system) is reported too, and
the run goes on with the rest of the repository rather than stopping, so what is missing from
the check is said, not silent.`,
  examples: {
    valid: [
      {
        name: 'Regular files only',
        files: { 'ops/a.json': '{}\n' },
      },
    ],
    invalid: [
      {
        name: 'A FIFO where a contract was',
        files: { 'ops/a.json': '{}\n', 'ops/pipe.json': { special: 'fifo' } },
        findings: [{ file: 'ops/pipe.json', line: 1, column: 1, messageId: 'fifo' }],
      },
      {
        name: 'A folder that cannot be listed',
        files: { 'ops/a.json': '{}\n', 'ops/locked': { unlistableFolder: 'EACCES' } },
        findings: [{ file: 'ops/locked/', line: 1, column: 1, messageId: 'folder' }],
      },
    ],
  },
  check(context) {
    for (const entry of context.workspace.unreadableEntries) {
      if (!entry.unreadable || !context.inScope(entry.path)) continue;
      const { unreadable } = entry;
      context.report({
        file: entry.path,
        messageId: unreadable.kind,
        data: { file: entry.path, reason: unreadable.kind === 'folder' ? unreadable.reason : '' },
      });
    }
  },
});
