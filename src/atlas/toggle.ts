import { loadPackage } from '../load-package.js';
import type { ValueLookup } from './helm-values.js';

/**
 * A rollout contract toggle: `a.b.c` (the key is set: present and not `null`, `""` or
 * `false`) or `a.b.c=value` (its value, as a YAML scalar string, equals `value`).
 */
export interface Toggle {
  text: string;
  keys: string[];
  expected?: string;
}

/** Parses a toggle; `undefined` when it names no key. */
export function parseToggle(text: string): Toggle | undefined {
  const equals = text.indexOf('=');
  const path = equals === -1 ? text : text.slice(0, equals);
  const keys = path.trim().split('.');
  if (keys.some((k) => k === '')) return undefined;
  return equals === -1 ? { text, keys } : { text, keys, expected: text.slice(equals + 1) };
}

/** True when the toggle holds for a looked-up value. */
export function toggleHolds(toggle: Toggle, lookup: ValueLookup): boolean {
  if (!lookup.found) return false;
  if (toggle.expected === undefined) return isSet(lookup.value);
  return scalarEquals(lookup.value, toggle.expected);
}

/** "Set" in the contract's sense: present and not `null`, `""` or `false`. */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '' && value !== false;
}

/** A scalar as YAML writes it: `true`, `3`, `0.99`, a string as itself. */
export function yamlScalarString(value: unknown): string | undefined {
  if (value === null) return 'null';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function scalarEquals(value: unknown, expected: string): boolean {
  const written = yamlScalarString(value);
  if (written === undefined) return false;
  if (written === expected) return true;
  // `replicaCount=4.0` holds for `4`: compare what the expected text means as YAML too.
  if (typeof value === 'string') return false;
  try {
    const { parse } = loadPackage<typeof import('yaml')>('yaml');
    return parse(expected) === value;
  } catch {
    return false;
  }
}
