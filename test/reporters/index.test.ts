import { describe, expect, it } from 'vitest';
import { formatNames, isFormatName, reporters } from '../../src/reporters/index.js';
import { cleanRun, colourOptions, plainOptions, sampleRun } from './sample-run.js';

describe('reporters', () => {
  it('has a reporter for every format name', () => {
    expect(formatNames).toEqual(['stylish', 'json', 'sarif', 'junit', 'github', 'markdown']);
    for (const name of formatNames) expect(typeof reporters[name]).toBe('function');
  });

  it('recognises format names and nothing else', () => {
    for (const name of formatNames) expect(isFormatName(name)).toBe(true);
    for (const name of ['', 'Stylish', 'text', 'toString', 'constructor', '__proto__']) {
      expect(isFormatName(name)).toBe(false);
    }
  });

  it.each(formatNames)('%s output is deterministic, newline-terminated and LF-only', (name) => {
    for (const run of [sampleRun, cleanRun]) {
      const out = reporters[name](run(), plainOptions);
      expect(out).toBe(reporters[name](run(), plainOptions));
      expect(out.endsWith('\n')).toBe(true);
      expect(out.endsWith('\n\n')).toBe(false);
      expect(out).not.toContain('\r');
    }
  });

  it.each(formatNames.filter((name) => name !== 'stylish'))('%s output has no colour even when asked', (name) => {
    expect(reporters[name](sampleRun(), colourOptions)).toBe(reporters[name](sampleRun(), plainOptions));
  });
});
