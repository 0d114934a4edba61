import { describe, expect, it } from 'vitest';
import { readEvidenceIdentity } from '../../src/atlas/evidence-files.js';
import { readInstallMatrix } from '../../src/atlas/install-matrix.js';
import { parseItems, readFields } from '../../src/atlas/lenient-parse.js';

const FIELDS = {
  name: { type: 'string', required: true },
  enabled: { type: 'boolean' },
  steps: { type: 'array' },
} as const;

describe('reading contract objects leniently', () => {
  it('keeps fields of the right type, leaves out the others and ignores keys it does not name', () => {
    const steps = ['a', 2];
    const item = readFields({ name: 'perf', enabled: 'yes', steps, extra: 1 }, FIELDS);
    expect(item).toEqual({ name: 'perf', steps: ['a', 2] });
    expect(item && 'enabled' in item).toBe(false);
    // An array is copied: the contract's parsed value is never shared with what reads it.
    expect(item?.steps).not.toBe(steps);
  });

  it('gives nothing for a value that is no object or lacks a required field', () => {
    for (const value of [null, 'perf', 3, ['perf'], {}, { name: 7 }, { enabled: true }])
      expect(readFields(value, FIELDS)).toBeUndefined();
  });

  it("reads a field only as the object's own, never one it inherits", () => {
    const inherited = Object.create({ name: 'inherited' }) as object;
    expect(readFields(inherited, FIELDS)).toBeUndefined();
  });

  it('keeps the items of a list that fit, each with its pointer and index, whatever the others hold', () => {
    expect(parseItems([{ name: 'a' }, { name: 1 }, 'b', { name: 'c', enabled: false }], FIELDS, '/profiles')).toEqual([
      { name: 'a', pointer: '/profiles/0', index: 0 },
      { name: 'c', enabled: false, pointer: '/profiles/3', index: 3 },
    ]);
    expect(parseItems({ name: 'a' }, FIELDS, '/profiles')).toEqual([]);
  });

  it('reads the install matrix and the evidence identity this way', () => {
    const matrix = readInstallMatrix('m.json', {
      profiles: [{ name: 'perf', values_file: 4, suite: 'nightly' }, { values_file: 'x.yaml' }],
      scenarios: [{ name: 'up', kind: 'upgrade', profile: 'perf', target_ref: null }],
    });
    expect(matrix?.profiles).toEqual([{ name: 'perf', suite: 'nightly', pointer: '/profiles/0', index: 0 }]);
    expect(matrix?.scenarios).toEqual([
      { name: 'up', kind: 'upgrade', profile: 'perf', pointer: '/scenarios/0', index: 0 },
    ]);
    expect(readEvidenceIdentity('i.json', { git_sha: 'abc', release_id: 5 })).toEqual({
      file: 'i.json',
      git_sha: 'abc',
    });
    expect(readEvidenceIdentity('i.json', ['abc'])).toBeUndefined();
  });
});
