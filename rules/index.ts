import type { Rule } from '../src/engine/rule.js';
import jsonDuplicateKey from './json/duplicate-key.js';
import jsonSyntax from './json/syntax.js';
import registryPathExists from './registry/path-exists.js';
import schemaCompile from './schema/compile.js';
import schemaUnmapped from './schema/unmapped.js';
import schemaValid from './schema/valid.js';
import workspaceSymlinkEscape from './workspace/symlink-escape.js';

/** Every rule surveyor has, in documentation order. */
export const allRules: readonly Rule[] = [
  jsonSyntax,
  jsonDuplicateKey,
  schemaCompile,
  schemaValid,
  schemaUnmapped,
  registryPathExists,
  workspaceSymlinkEscape,
];
