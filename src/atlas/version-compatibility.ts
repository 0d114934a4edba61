import type * as z from 'zod';
import { zodSchema } from '../load-package.js';
import { isObject } from './contract-file.js';
import { type Located, lenient, parseItems } from './lenient-parse.js';

const compatibilityRowSchema = zodSchema((z) =>
  z.object({
    from: z.string(),
    to: z.string(),
    kind: lenient(z.string()),
    supported: lenient(z.boolean()),
  }),
);

/** A row of the compatibility table: one version transition and whether it is supported. */
export type CompatibilityRow = Located<z.output<ReturnType<typeof compatibilityRowSchema>>>;

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
    rows: parseItems(root.compatibility, compatibilityRowSchema(), '/compatibility'),
  };
  if (typeof root.current_version === 'string') table.currentVersion = root.current_version;
  return table;
}
