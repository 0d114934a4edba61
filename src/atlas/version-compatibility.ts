import { isObject } from './contract-file.js';
import { BOOLEAN, type FieldsOf, type Located, parseItems, REQUIRED_STRING, STRING } from './lenient-parse.js';

const ROW_FIELDS = { from: REQUIRED_STRING, to: REQUIRED_STRING, kind: STRING, supported: BOOLEAN };

/** A row of the compatibility table: one version transition and whether it is supported. */
export type CompatibilityRow = Located<FieldsOf<typeof ROW_FIELDS>>;

/** `version-compatibility.json`: the current version and the supported transitions. */
export interface VersionCompatibility {
  file: string;
  currentVersion?: string;
  rows: CompatibilityRow[];
}

/** Reads the compatibility table leniently; `undefined` without a `compatibility` list. */
export function readVersionCompatibility(file: string, value: unknown): VersionCompatibility | undefined {
  if (!isObject(value) || !Array.isArray(value.compatibility)) return undefined;
  const root = value;
  const table: VersionCompatibility = {
    file,
    rows: parseItems(root.compatibility, ROW_FIELDS, '/compatibility'),
  };
  if (typeof root.current_version === 'string') table.currentVersion = root.current_version;
  return table;
}
