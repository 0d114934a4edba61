import { describe, expect, it, onTestFinished } from 'vitest';
import { openSession } from '../../src/engine/run.js';
import type { Generator } from '../../src/generate/generator.js';
import { generators } from '../../src/generate/generators.js';
import { planPages } from '../../src/generate/regenerate.js';
import { renderRegion } from '../../src/generate/region-memo.js';
import { MemorySource } from '../../src/workspace/file-source.js';
import type { ContentMemo } from '../../src/workspace/workspace.js';
import { exampleTree, type Tree } from '../support/atlas-tree.js';
import { RecordingSource } from '../support/recording-source.js';
import { keepNoDerivedValues } from '../support/shared-derived.js';

/** A memo in a map, as the result cache keeps values between runs. */
function mapMemo(): ContentMemo {
  const values = new Map<string, unknown>();
  return {
    recall: (kind, id) => values.get(`${kind}\0${id}`),
    remember: (kind, id, value) => void values.set(`${kind}\0${id}`, value),
  };
}

/** The `install-matrix` generator, counting its renders. */
function counted(): { generator: Generator; renders: () => number } {
  const real = generators.get('install-matrix')!;
  let renders = 0;
  return {
    generator: {
      ...real,
      render: (model, attributes) => {
        renders++;
        return real.render(model, attributes);
      },
    },
    renders: () => renders,
  };
}

/** The region's body in a run over `tree` with `memo`, as a cached run would get it for a page holding `current`. */
async function render(tree: Tree, memo: ContentMemo, generator: Generator, current?: string): Promise<string> {
  const session = await openSession({ source: new MemorySource(tree) });
  session.workspace.memo = memo;
  return renderRegion(session.workspace, await session.facts.atlas(), generator, {}, current);
}

const VALUES = 'ops/k8s/values/prod-single-zone.yaml';

describe('generated regions in the result cache', () => {
  it('take a page for current while the files of the parts its generator reads are unchanged, the values files it asked for included', async () => {
    const memo = mapMemo();
    const { generator, renders } = counted();
    const base = exampleTree();
    const scenario = 'ops/e2e/scenarios/upgrade/upgrade-minor-1-3.json';
    expect(Object.hasOwn(base, scenario)).toBe(true);
    const first = await render(base, memo, generator);
    expect(renders()).toBe(1);
    // A page holding what was rendered is current without a render; one holding anything else is rendered again.
    expect(await render(base, memo, generator, first)).toBe(first);
    expect(renders()).toBe(1);
    expect(await render(base, memo, generator, `${first}stale row\n`)).toBe(first);
    expect(renders()).toBe(2);

    // A page, or a contract the generator does not read, leaves the region as it was.
    await render({ ...base, 'docs/index.md': `${base['docs/index.md']}\nMore.\n` }, memo, generator, first);
    await render({ ...base, [scenario]: '{}\n' }, memo, generator, first);
    expect(renders()).toBe(2);

    // A values file a profile names is read through `effectiveValues`: editing it renders again.
    expect(first).toContain('/readyz/store');
    const probe = (base[VALUES] as string).replace('/readyz/store', '/edited');
    const edited = await render({ ...base, [VALUES]: probe }, memo, generator, first);
    expect(renders()).toBe(3);
    expect(edited).toContain('/edited');

    // So does the matrix, one of its declared parts.
    const matrix = 'ops/k8s/install-matrix.json';
    const renamed = (base[matrix] as string).replace('"airgapped"', '"airgapped-renamed"');
    expect(await render({ ...base, [matrix]: renamed }, memo, generator, first)).toContain('airgapped-renamed');
    expect(renders()).toBe(4);
  });

  it('limited to one scenario, are rendered again only when a scenario of that id changes, or a file takes or gives up the id', async () => {
    const memo = mapMemo();
    const real = generators.get('scenario-steps')!;
    let renders = 0;
    const generator: Generator = {
      ...real,
      render: (model, attributes) => {
        renders++;
        return real.render(model, attributes);
      },
    };
    const dir = 'ops/e2e/scenarios/upgrade';
    const own = `${dir}/upgrade-minor-1-3.json`;
    const other = `${dir}/upgrade-patch.json`;
    const steps = async (tree: Tree, current?: string) => {
      const session = await openSession({ source: new MemorySource(tree) });
      session.workspace.memo = memo;
      const attributes = { scenario: 'upgrade-minor-1-3' };
      return renderRegion(session.workspace, await session.facts.atlas(), generator, attributes, current);
    };
    const base = exampleTree();
    const first = await steps(base);
    expect(first).toContain('`upgrade-minor-1-3`');
    expect(first).not.toContain('`upgrade-patch`');
    expect(renders).toBe(1);
    // Another scenario's edit leaves the region as it was.
    const otherEdited = { ...base, [other]: (base[other] as string).replace('"upgrade"', '"upgrade-edited"') };
    expect(await steps(otherEdited, first)).toBe(first);
    expect(renders).toBe(1);
    // Its own scenario's edit renders it again.
    const ownEdited = { ...base, [own]: (base[own] as string).replace('"snapshot-store"', '"snapshot-edited"') };
    expect(await steps(ownEdited, first)).toContain('snapshot-edited');
    expect(renders).toBe(2);
    // Another file taking the id: both scenarios of that id are shown.
    const taken = {
      ...base,
      [other]: (base[other] as string).replace('"id": "upgrade-patch"', '"id": "upgrade-minor-1-3"'),
    };
    const both = await steps(taken, first);
    expect(renders).toBe(3);
    expect(both.match(/\*\*`upgrade-minor-1-3`\*\*/g)).toHaveLength(2);
    // Its own file giving it up: no scenario of that id is left.
    const givenUp = { ...base, [own]: (base[own] as string).replace('"id": "upgrade-minor-1-3"', '"id": "renamed"') };
    expect(await steps(givenUp, first)).toBe('No upgrade scenarios.\n');
    expect(renders).toBe(4);
  });

  it('refuse a generator that reads a part of the model its `reads` does not list', async () => {
    const sneaky: Generator = {
      name: 'sneaky',
      description: 'Reads more than it says',
      attributes: {},
      reads: ['installMatrix'],
      render: (model) => `${model.rolloutContract?.profiles.length ?? 0}\n`,
    };
    const session = await openSession({ source: new MemorySource(exampleTree()) });
    const model = await session.facts.atlas();
    expect(() => renderRegion(session.workspace, model, sneaky, {})).toThrow(
      'generator `sneaky` reads `rolloutContract` of the model, which its `reads` does not list',
    );
  });

  it('read, in a cached run, only the pages that mention markers to find the regions', async () => {
    // The run's memo alone: values another test file of this worker derived would spare the first run its reads.
    onTestFinished(keepNoDerivedValues());
    const memo = mapMemo();
    const tree = exampleTree();
    const pagesRead = async () => {
      const source = new RecordingSource(new MemorySource(tree));
      const session = await openSession({ source });
      session.workspace.memo = memo;
      await planPages(session.workspace, await session.facts.atlas(), { maxPageBytes: 1_000_000 });
      return new Set(source.accesses.filter((a) => a.op === 'read' && a.file.endsWith('.md')).map((a) => a.file));
    };
    const markdown = Object.keys(tree).filter((file) => file.endsWith('.md'));
    const withMarkers = markdown.filter((file) => (tree[file] as string).includes('surveyor:'));
    expect(withMarkers.length).toBeGreaterThan(0);
    expect(withMarkers.length).toBeLessThan(markdown.length);
    expect(await pagesRead()).toEqual(new Set(markdown));
    expect(await pagesRead()).toEqual(new Set(withMarkers));
  });
});
