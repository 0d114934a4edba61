import { describe, expect, it } from 'vitest';
import { parseToml } from '../../src/workspace/toml-document.js';
import { parseYaml, parseYamlDocuments } from '../../src/workspace/yaml-document.js';

describe('YamlDocument reads YAML as Helm does', () => {
  it('applies merge keys, a single alias and a list where earlier maps win, and locates merged values at their source', () => {
    const text =
      'a: &a\n  tag: one\n  pull: Always\nb: &b\n  tag: two\nsingle:\n  <<: *a\n  pull: Never\nlisted:\n  <<: [*b, *a]\n';
    const document = parseYaml(text);
    expect(document.problems).toEqual([]);
    expect(document.value).toEqual({
      a: { tag: 'one', pull: 'Always' },
      b: { tag: 'two' },
      single: { tag: 'one', pull: 'Never' },
      listed: { tag: 'two', pull: 'Always' },
    });
    const at = (pointer: string) => {
      const { span, exact } = document.locate(pointer);
      return { text: text.slice(span.start, span.end), line: document.lines.position(span.start).line, exact };
    };
    expect(at('/single/tag')).toEqual({ text: 'one', line: 2, exact: true });
    expect(at('/single/pull')).toEqual({ text: 'Never', line: 8, exact: true });
    expect(at('/listed/tag')).toEqual({ text: 'two', line: 5, exact: true });
    expect(at('/listed/pull')).toEqual({ text: 'Always', line: 3, exact: true });
  });

  it('keeps a quoted `<<` as an ordinary key', () => {
    expect(parseYaml('x:\n  "<<": 1\n').value).toEqual({ x: { '<<': 1 } });
  });

  it('keeps tags inert: custom and known tags give plain JSON values, never objects of another kind', () => {
    const document = parseYaml(
      'cmd: !!python/name:os.system ls\nenv: !ENV HOME\nbytes: !!binary aGVsbG8=\nset: !!set { a, b }\nwhen: !!timestamp 2001-12-14\n',
    );
    expect(document.problems).toEqual([]);
    expect(document.value).toEqual({
      cmd: 'ls',
      env: 'HOME',
      bytes: 'aGVsbG8=',
      set: { a: null, b: null },
      when: '2001-12-14',
    });
  });

  const BOMB = 'Unexpected aliases expanding past 1000 nodes (a YAML bomb): write the values out or nest fewer aliases';

  it('bounds aliases: a YAML bomb is a problem, not an explosion', () => {
    let text = 'l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let level = 1; level <= 12; level++) {
      text += `l${level}: &l${level} [${Array.from({ length: 10 }, () => `*l${level - 1}`).join(', ')}]\n`;
    }
    const document = parseYaml(text);
    expect(document.value).toBeUndefined();
    // Placed at the first alias, where the expansion starts.
    const first = text.indexOf('*l0');
    expect(document.problems).toEqual([{ span: { start: first, end: first + 3 }, message: BOMB }]);
  });

  it('bounds aliases through merge keys too', () => {
    let text = 'm0: &m0 { a: 1 }\n';
    for (let level = 1; level <= 30; level++) {
      text += `m${level}: &m${level}\n  <<: [${Array.from({ length: 4 }, () => `*m${level - 1}`).join(', ')}]\n  k${level}: 1\n`;
    }
    const document = parseYaml(text);
    expect(document.problems.map((p) => p.message)).toEqual([BOMB]);
  });
});

describe('YamlDocument lets its tree go once the value is read', () => {
  it('parses again only to locate below the root, and locates the same as a fresh parse', () => {
    const text = '# values\nimage:\n  tag: "1.2"\nreplicas: 3\n';
    const document = parseYaml(text);
    expect(document.treeKept).toBe(false);
    expect(document.empty).toBe(false);
    const root = document.locate('');
    expect(text.slice(root.span.start, root.span.end)).toBe('image:\n  tag: "1.2"\nreplicas: 3\n');
    expect(document.treeKept).toBe(false);
    const tag = document.locate('/image/tag');
    expect(document.treeKept).toBe(true);
    expect(text.slice(tag.span.start, tag.span.end)).toBe('"1.2"');
    expect(text.slice(tag.key!.start, tag.key!.end)).toBe('tag');
    expect(document.document.contents).not.toBeNull();
    expect(parseYaml('# only a comment\n')).toMatchObject({ empty: true, treeKept: false });
  });

  it('locates each document of a stream in its own part of the text', () => {
    const text = 'a: 1\n---\na: 2\n---\n# none\n';
    const documents = parseYamlDocuments(text);
    expect(documents.map((d) => [d.value, d.empty, d.treeKept])).toEqual([
      [{ a: 1 }, false, false],
      [{ a: 2 }, false, false],
      [null, false, false],
    ]);
    const second = documents[1]!.locate('/a');
    expect(second.span).toEqual({ start: text.indexOf('2'), end: text.indexOf('2') + 1 });
    expect(documents[0]!.locate('/a').span).toEqual({ start: 3, end: 4 });
  });
});

describe('YAML and TOML nested past the parser stack', () => {
  const depth = 20_000;
  const flow = `${'['.repeat(depth)}1${']'.repeat(depth)}`;

  it('are one problem that says so, not an engine error', async () => {
    const yamlProblems = parseYaml(`a: ${flow}\n`).problems.map((p) => p.message);
    const tomlProblems = (await parseToml(`a = ${flow}\n`)).problems.map((p) => p.message);
    // The yaml library may record the overflow more than once; every record says the same.
    expect(yamlProblems.length).toBeGreaterThan(0);
    expect(new Set(yamlProblems)).toEqual(new Set(["It nests too deeply for the parser's stack"]));
    expect(tomlProblems).toEqual(["It nests too deeply for the parser's stack"]);
  });
});
