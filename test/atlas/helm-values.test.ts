import { describe, expect, it } from 'vitest';
import type { YamlMapFile } from '../../src/atlas/contract-file.js';
import { coalesce, EffectiveValues } from '../../src/atlas/helm-values.js';
import { YamlDocument } from '../../src/workspace/yaml-document.js';

const layer = (file: string, text: string): YamlMapFile => ({
  file,
  value: new YamlDocument(text).value as Record<string, unknown>,
});
const chart = layer(
  'chart/values.yaml',
  'image:\n  repository: r\n  tag: "1.4.0"\n  digest: ""\nrollout:\n  enabled: false\n  steps: [10, 50]\nserver:\n  probe: /readyz\nlabels:\n  team: core\nsidecar: none\n',
);
const profile = layer(
  'values/prod.yaml',
  'image:\n  tag: null\n  digest: sha256:abc\nrollout:\n  steps: [100]\nlabels: plain\nsidecar:\n  enabled: true\nextra: null\n',
);
const values = new EffectiveValues(chart, profile);

describe('effective Helm values', () => {
  it('merge maps, replace lists and scalars, and remove keys set to `null`, as Helm coalesces them', () => {
    expect(values.merged()).toEqual({
      image: { repository: 'r', digest: 'sha256:abc' },
      rollout: { enabled: false, steps: [100] },
      server: { probe: '/readyz' },
      labels: 'plain',
      sidecar: { enabled: true },
    });
    expect(coalesce({}, chart.value)).toEqual(chart.value);
  });

  it('say which file set each value, and where a `null` removed one', () => {
    expect(values.lookup(['image', 'digest'])).toEqual({
      found: true,
      value: 'sha256:abc',
      origin: { file: 'values/prod.yaml', pointer: '/image/digest' },
    });
    expect(values.lookup(['image', 'repository'])).toEqual({
      found: true,
      value: 'r',
      origin: { file: 'chart/values.yaml', pointer: '/image/repository' },
    });
    expect(values.lookup(['server', 'probe'])).toEqual({
      found: true,
      value: '/readyz',
      origin: { file: 'chart/values.yaml', pointer: '/server/probe' },
    });
    expect(values.lookup(['image', 'tag'])).toEqual({
      found: false,
      removed: true,
      origin: { file: 'values/prod.yaml', pointer: '/image/tag' },
    });
    expect(values.lookup(['rollout', 'steps'])).toEqual({
      found: true,
      value: [100],
      origin: { file: 'values/prod.yaml', pointer: '/rollout/steps' },
    });
  });

  it('treat a profile scalar over a chart map as replacing it, and a profile map over a chart scalar likewise', () => {
    expect(values.lookup(['labels', 'team'])).toEqual({
      found: false,
      removed: false,
      origin: { file: 'values/prod.yaml', pointer: '/labels' },
    });
    expect(values.lookup(['sidecar', 'enabled'])).toEqual({
      found: true,
      value: true,
      origin: { file: 'values/prod.yaml', pointer: '/sidecar/enabled' },
    });
  });

  it('place a value set nowhere where the profile would set it', () => {
    expect(values.lookup(['hpa', 'enabled'])).toEqual({
      found: false,
      removed: false,
      origin: { file: 'values/prod.yaml', pointer: '/hpa/enabled' },
    });
  });
});
