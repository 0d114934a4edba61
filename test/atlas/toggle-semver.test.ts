import { describe, expect, it } from 'vitest';
import type { ValueLookup } from '../../src/atlas/helm-values.js';
import { changeKind, compareSemver, parseSemver } from '../../src/atlas/semver.js';
import { parseToggle, toggleHolds } from '../../src/atlas/toggle.js';

const origin = { file: 'v.yaml', pointer: '/a' };
const found = (value: unknown): ValueLookup => ({ found: true, value, origin });
const absent: ValueLookup = { found: false, removed: false, origin };

describe('toggles', () => {
  it('parse `a.b.c` and `a.b.c=value`, splitting at the first `=`', () => {
    expect(parseToggle('image.tag')).toEqual({ text: 'image.tag', keys: ['image', 'tag'] });
    expect(parseToggle('rollout.analysis.successRate=0.99')).toEqual({
      text: 'rollout.analysis.successRate=0.99',
      keys: ['rollout', 'analysis', 'successRate'],
      expected: '0.99',
    });
    expect(parseToggle('args=--x=1')?.expected).toBe('--x=1');
    expect(parseToggle('a..b')).toBeUndefined();
  });

  it.each([
    ['a key that is set', 'x', found('v'), true],
    ['a map', 'x', found({ a: 1 }), true],
    ['zero', 'x', found(0), true],
    ['`false`', 'x', found(false), false],
    ['an empty string', 'x', found(''), false],
    ['`null`', 'x', found(null), false],
    ['an absent key', 'x', absent, false],
    ['`=value` on an equal string', 'x=postgres', found('postgres'), true],
    ['`=value` on a number', 'x=4', found(4), true],
    ['`=value` on a number written otherwise', 'x=4.0', found(4), true],
    ['`=value` on a boolean', 'x=true', found(true), true],
    ['`=value` on a quoted string that looks like a number', 'x=1', found('1'), true],
    ['`=value` on a different string', 'x=sqlite', found('postgres'), false],
    ['`=value` on a map', 'x=1', found({}), false],
    ['`=value` on an absent key', 'x=1', absent, false],
  ])('%s', (_name, text, lookup, holds) => {
    expect(toggleHolds(parseToggle(text)!, lookup)).toBe(holds);
  });
});

describe('semantic versions', () => {
  it('parse strictly', () => {
    expect(parseSemver('1.4.0')).toEqual({ major: 1, minor: 4, patch: 0, prerelease: [] });
    expect(parseSemver('1.4.0-rc.1+build.5')?.prerelease).toEqual(['rc', '1']);
    for (const bad of ['1.4', '01.4.0', 'v1.4.0', '1.4.0-', '']) expect(parseSemver(bad)).toBeUndefined();
  });

  it('order by precedence, prereleases below their release', () => {
    const order = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1',
      '1.1.0',
      '2.0.0',
    ];
    for (let i = 1; i < order.length; i++)
      expect(compareSemver(parseSemver(order[i - 1]!)!, parseSemver(order[i]!)!)).toBe(-1);
  });

  it.each([
    ['1.3.1', '1.3.2', 'patch'],
    ['1.3.2', '1.4.0', 'minor'],
    ['1.9.4', '2.0.0', 'major'],
    ['1.4.0', '1.3.2', 'rollback'],
    ['1.4.0', '1.4.0-rc.1', 'rollback'],
    ['1.4.0', '1.4.0', undefined],
    ['1.4.0-rc.1', '1.4.0', undefined],
  ])('%s → %s is %s', (from, to, kind) => {
    expect(changeKind(parseSemver(from)!, parseSemver(to)!)).toBe(kind);
  });
});
