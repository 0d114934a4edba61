import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { UstarReader } from '../../src/atlas/tarball.js';
import { ResultStore } from '../../src/cache/result-store.js';
import { changedFiles, checkChange } from '../../src/engine/change-check.js';
import type { RunResult } from '../../src/engine/diagnostic.js';
import { openSession } from '../../src/engine/run.js';
import { plannedPages } from '../../src/generate/planned-pages.js';
import { check, MemorySource } from '../../src/index.js';
import { formatJson } from '../../src/reporters/json.js';
import { packageVersion } from '../../src/version.js';
import { exampleTree, type Tree } from './atlas-tree.js';
import { beaconTree } from './beacon-repo.js';
import { keepNoDerivedValues } from './shared-derived.js';
import { writeUstar } from './tar-writer.js';

/** A small deterministic generator (mulberry32): the same seed gives the same edits. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The state a step edits: the files and "today". */
export interface RepoState {
  tree: Tree;
  now: Date;
}

/** One kind of edit; `undefined` when it does not apply to this state. */
/** One kind of edit of `state`; `base` is the state the sequence started from. */
type Edit = (
  state: RepoState,
  random: () => number,
  base: RepoState,
) => { state: RepoState; label: string } | undefined;

const pick = <T>(items: readonly T[], random: () => number): T | undefined =>
  items.length ? items[Math.floor(random() * items.length)] : undefined;
const textFiles = (tree: Tree, pattern: RegExp) =>
  Object.keys(tree)
    .filter((f) => pattern.test(f) && typeof tree[f] === 'string')
    .sort();
const DAY = 86_400_000;

/** Replaces one of the lines of a text with `replace(line)`. */
function editLine(text: string, random: () => number, replace: (line: string) => string): string {
  const lines = text.split('\n');
  const index = Math.floor(random() * lines.length);
  lines[index] = replace(lines[index]!);
  return lines.join('\n');
}

const WORDS = ['nightly', 'install-gate', 'prod-ha', 'perf', 'ready', 'blocked', '1.4.0', '1.3.2', 'upgrade', 'x'];

/** Every kind of edit the differential test applies, each a realistic change to an Atlas repository. */
const EDITS: Record<string, Edit> = {
  jsonValue: ({ tree, now }, random) => {
    const file = pick(textFiles(tree, /^ops\/.*\.json$/), random);
    if (!file) return undefined;
    const text = tree[file] as string;
    const next = editLine(text, random, (line) =>
      line.replace(
        /: ("[^"]*"|\d+|true|false)/,
        () => `: ${pick([JSON.stringify(pick(WORDS, random)), '7', 'false'], random)}`,
      ),
    );
    return { state: { tree: { ...tree, [file]: next }, now }, label: `value in ${file}` };
  },
  jsonSyntax: ({ tree, now }, random) => {
    const file = pick(textFiles(tree, /\.json$/), random);
    if (!file) return undefined;
    const broken = editLine(tree[file] as string, random, (line) => `${line},`);
    return { state: { tree: { ...tree, [file]: broken }, now }, label: `syntax in ${file}` };
  },
  jsonDuplicateKey: ({ tree, now }, random) => {
    const file = pick(textFiles(tree, /\.json$/), random);
    if (!file) return undefined;
    const text = tree[file] as string;
    const next = text.replace(
      /\{\n(\s*)("[^"]+": [^\n]*,)\n/,
      (whole, indent: string, member: string) => `${whole}${indent}${member}\n`,
    );
    return { state: { tree: { ...tree, [file]: next }, now }, label: `duplicate key in ${file}` };
  },
  schemaEdit: ({ tree, now }, random) => {
    const file = pick(textFiles(tree, /\.schema\.json$/), random);
    if (!file) return undefined;
    const text = tree[file] as string;
    const edits = [
      (t: string) => t.replace(/"type": "string"/, '"type": "integer"'),
      (t: string) => t.replace(/"minimum": \d+/, '"minimum": 50'),
      (t: string) => t.replace(/"additionalProperties": false/, '"additionalProperties": true'),
      (t: string) => t.replace(/"enum": \[/, '"enum": ["only", '),
      (t: string) => t.replace(/"required": \[/, '"required": ["extra_field", '),
      (t: string) => t.replace(/"\$ref": "[^"]*"/, '"$ref": "#/nowhere"'),
    ];
    const next = pick(edits, random)!(text);
    return { state: { tree: { ...tree, [file]: next }, now }, label: `schema ${file}` };
  },
  declareDraft: ({ tree, now }, random) => {
    // An instance that starts declaring a draft becomes a schema, and leaves the instances.
    const file = pick(textFiles(tree, /^ops\/(?!schema\/).*\.json$/), random);
    if (!file) return undefined;
    const text = tree[file] as string;
    const next = text.includes('"$schema"')
      ? text.replace(/"\$schema": "[^"]*",?\n\s*/, '')
      : text.replace(/^\{/, '{\n  "$schema": "https://json-schema.org/draft/2020-12/schema",');
    return { state: { tree: { ...tree, [file]: next }, now }, label: `$schema in ${file}` };
  },
  yamlValue: ({ tree, now }, random) => {
    const file = pick(textFiles(tree, /\.ya?ml$/), random);
    if (!file) return undefined;
    const toggles = [
      '  logLevel: debug',
      'debug:\n  pprofEnabled: true',
      'replicaCount: 1',
      'image:\n  tag: latest',
      '  replicas: 3',
      ':bad',
    ];
    const next = `${tree[file] as string}\n${pick(toggles, random)}\n`;
    return { state: { tree: { ...tree, [file]: next }, now }, label: `values ${file}` };
  },
  docsEdit: ({ tree, now }, random) => {
    const file = pick(textFiles(tree, /^docs\/.*\.md$/), random);
    if (!file) return undefined;
    const text = tree[file] as string;
    const other = pick(Object.keys(tree).sort(), random)!;
    const edits = [
      (t: string) => t.replace(/^title: .*$/m, 'title: Another Title'),
      (t: string) =>
        t.replace(
          /^last_reviewed: .*$/m,
          `last_reviewed: 202${Math.floor(random() * 7)}-0${1 + Math.floor(random() * 9)}-15`,
        ),
      (t: string) =>
        `${t}\nSee [the page](missing-page.md) and [that one](${path.posix.relative(path.posix.dirname(file), other)}#a-heading).\n`,
      (t: string) => `${t}\nThe file \`${other}\` and \`ops/nowhere.json\` matter.\n`,
      (t: string) => t.replace(/^# .*$/m, ''),
      (t: string) => `${t}\n# A second title\n`,
      (t: string) => t.replace(/```mermaid\n/, '```mermaid\nflowchart LR\n  a -->> \n'),
      (t: string) => t.replace(/^## .*$/m, '## Renamed section'),
    ];
    const next = pick(edits, random)!(text);
    return { state: { tree: { ...tree, [file]: next }, now }, label: `docs ${file}` };
  },
  mkdocsEdit: ({ tree, now }, random) => {
    const file = 'mkdocs.yml';
    if (typeof tree[file] !== 'string') return undefined;
    const next = editLine(tree[file] as string, random, (line) =>
      line.includes('.md') ? line.replace(/[a-z-]+\.md/, 'gone.md') : line,
    );
    return { state: { tree: { ...tree, [file]: next }, now }, label: 'mkdocs nav' };
  },
  addFile: ({ tree, now }, random) => {
    const source = pick(
      Object.keys(tree)
        .filter((f) => typeof tree[f] === 'string')
        .sort(),
      random,
    );
    if (!source) return undefined;
    const target = source.replace(/(\.[a-z]+)$/, `-copy${Math.floor(random() * 3)}$1`);
    return { state: { tree: { ...tree, [target]: tree[source]! }, now }, label: `add ${target}` };
  },
  deleteFile: ({ tree, now }, random) => {
    const file = pick(Object.keys(tree).sort(), random);
    if (!file) return undefined;
    const next = { ...tree };
    delete next[file];
    return { state: { tree: next, now }, label: `delete ${file}` };
  },
  renameFile: ({ tree, now }, random) => {
    const file = pick(Object.keys(tree).sort(), random);
    if (!file) return undefined;
    const target = file.replace(/([^/]+)$/, `renamed-$1`);
    const next = { ...tree, [target]: tree[file]! };
    delete next[file];
    return { state: { tree: next, now }, label: `rename ${file}` };
  },
  tarballMember: ({ tree, now }, random) => {
    const file = Object.keys(tree).find((f) => /\.(tar|tgz)$/.test(f));
    if (!file) return undefined;
    const bytes = Buffer.from(tree[file] as Uint8Array);
    const gzipped = file.endsWith('.tgz');
    const reader = new UstarReader();
    reader.push(gzipped ? gunzipSync(bytes) : bytes);
    if (reader.end()) return undefined;
    const members = [...reader.members.keys()].sort();
    const member = pick(members, random);
    if (!member) return undefined;
    // The reader keeps digests only: members are rewritten with new content, the chosen one changed.
    const entries = members.map((m) => ({
      path: m,
      data: Buffer.from(m === member ? `changed ${random()}\n` : `${m}\n`),
    }));
    const tar = writeUstar(entries);
    return {
      state: { tree: { ...tree, [file]: new Uint8Array(gzipped ? gzipSync(tar) : tar) }, now },
      label: `tarball member ${member}`,
    };
  },
  configEdit: ({ tree, now }, random, base) => {
    const file = 'surveyor.config.json';
    const parse = (text: unknown): Record<string, any> | undefined => {
      if (typeof text !== 'string') return {};
      try {
        const value = JSON.parse(text) as unknown;
        return value !== null && typeof value === 'object' && !Array.isArray(value)
          ? (value as Record<string, any>)
          : undefined;
      } catch {
        return undefined;
      }
    };
    // A config an earlier edit broke is edited from the starting one: otherwise only going back to an
    // earlier state would repair it, and the steps until then would compare the same config error.
    const repaired = parse(tree[file]) === undefined;
    const current = parse(tree[file]) ?? parse(base.tree[file]) ?? {};
    const rules = [
      'json/duplicate-key',
      'docs/stale-review',
      'schema/valid',
      'evidence/sha256',
      'docs/link',
      'matrix/values-file',
    ];
    const edits = [
      () => ({
        ...current,
        rules: { ...current.rules, [pick(rules, random)!]: pick(['off', 'warning', 'info', 'error'], random) },
      }),
      () => ({ ...current, docs: { ...current.docs, staleDays: pick([30, 180, 2000], random) } }),
      () => ({ ...current, ignore: pick([[], ['docs/drafts/**'], ['ops/e2e/**']], random) }),
    ];
    const next = pick(edits, random)!();
    return {
      state: { tree: { ...tree, [file]: `${JSON.stringify(next, null, 2)}\n` }, now },
      label: repaired ? 'config repaired' : 'config',
    };
  },
  date: ({ tree, now }, random) => ({
    state: { tree, now: new Date(now.getTime() + Math.round((random() - 0.4) * 400) * DAY) },
    label: 'date',
  }),
};

/**
 * The edit a step applies: a random one, except that a config an earlier step broke is repaired
 * first, so that a broken config costs one step of comparing the same config error, not every
 * step until the sequence happens to go back to an earlier state.
 */
function pickEdit(state: RepoState, names: readonly string[], random: () => number): Edit {
  const config = state.tree['surveyor.config.json'];
  if (typeof config === 'string') {
    try {
      JSON.parse(config);
    } catch {
      return EDITS.configEdit!;
    }
  }
  return EDITS[pick(names, random)!]!;
}

/** `count` seeded edits of a state, each the first of up to ten tries that applies, with their labels. */
function applyEdits(
  state: RepoState,
  count: number,
  random: () => number,
  base: RepoState,
): { state: RepoState; labels: string[] } {
  const names = Object.keys(EDITS);
  const labels: string[] = [];
  let edited = state;
  for (let edit = 0; edit < count; edit++) {
    for (let tries = 0; tries < 10; tries++) {
      const next = pickEdit(edited, names, random)(edited, random, base);
      if (next) {
        edited = next.state;
        labels.push(next.label);
        break;
      }
    }
  }
  return { state: edited, labels };
}

/** What one differential run found: the first step whose cached report differs, if any. */
export interface DifferentialOutcome {
  steps: number;
  mismatch?: { step: number; labels: string[]; cached: string; uncached: string };
}

/** The report without what may differ between identical runs (`durationMs`). */
function comparable(report: string): string {
  return report.replace(/"durationMs": \d+/, '"durationMs": 0');
}

/** What one step compared: its edits, and the reports of the run with the cache and the run without. */
interface StepReports {
  label: string;
  cached: string;
  uncached: string;
}

/**
 * Runs `steps` steps, each given a cache folder (a fresh temporary one, shared by the steps),
 * until the first whose two reports differ.
 */
async function compareSteps(
  prefix: string,
  steps: number,
  step: (cacheLocation: string) => Promise<StepReports>,
): Promise<DifferentialOutcome> {
  const cacheLocation = mkdtempSync(path.join(tmpdir(), prefix));
  const labels: string[] = [];
  try {
    for (let n = 1; n <= steps; n++) {
      const { label, cached, uncached } = await step(cacheLocation);
      labels.push(label);
      if (comparable(cached) !== comparable(uncached))
        return { steps: n, mismatch: { step: n, labels: labels.slice(-8), cached, uncached } };
    }
    return { steps };
  } finally {
    rmSync(cacheLocation, { recursive: true, force: true });
  }
}

/**
 * Applies `steps` seeded random edits to a repository and after each compares the report
 * of a run with the cache (in a fresh temporary folder, shared by the steps) with the report
 * of a run without it. Every few steps the state goes back to an earlier one, so that
 * findings stored long ago are reused too.
 */
export function runDifferential(base: RepoState, seed: number, steps: number): Promise<DifferentialOutcome> {
  const random = seeded(seed);
  const history: RepoState[] = [base];
  const references = new Map<string, string>();
  let state = base;
  return compareSteps('surveyor-differential-', steps, async (cacheLocation) => {
    let label = 'back to an earlier state';
    if (random() < 0.1) {
      state = pick(history, random)!;
    } else {
      const edited = applyEdits(state, 1, random, base);
      state = edited.state;
      label = edited.labels.join(' + ');
      history.push(state);
    }
    const options = { source: new MemorySource(state.tree), now: state.now };
    // A state met before (gone back to, or an edit that changed nothing) has the reference report
    // of its first uncached run: the same content and date give the same report.
    const key = stateKey(state);
    let uncached = references.get(key);
    if (uncached === undefined) {
      uncached = await check(options).then(formatJsonOf, errorText);
      references.set(key, uncached);
    }
    const cached = await check({ ...options, cacheLocation }).then(formatJsonOf, errorText);
    return { label, cached, uncached };
  });
}

/**
 * The same for change checks (`--staged`, `--changed-since`): each step compares a state with
 * the one it was edited from (one or two seeded edits, sometimes from an earlier state), once
 * with the cache (shared by the steps, so the base side takes unchanged files' findings from the
 * changed side, see `ChangeLedger`) and once without; the reports, changes and counts included, must agree.
 */
export function runChangeDifferential(base: RepoState, seed: number, steps: number): Promise<DifferentialOutcome> {
  const random = seeded(seed);
  const history: RepoState[] = [base];
  let state = base;
  return compareSteps('surveyor-change-differential-', steps, async (cacheLocation) => {
    const from = random() < 0.2 ? pick(history, random)! : state;
    const edited = applyEdits(from, random() < 0.3 ? 2 : 1, random, base);
    state = edited.state;
    history.push(state);
    const current = new MemorySource(state.tree);
    const baseSource = new MemorySource(from.tree);
    const sources = { current, base: baseSource, label: 'HEAD', changed: changedFiles(current, baseSource) };
    const options = { rules: allRules, now: state.now, staged: true };
    const uncached = await checkChange(sources, options).then(formatJsonOf, errorText);
    const store = new ResultStore(cacheLocation, packageVersion());
    const cached = await checkChange(sources, { ...options, cache: store }).then(formatJsonOf, errorText);
    store.save();
    return { label: edited.labels.join(' + '), cached, uncached };
  });
}

/** A digest of a state's files (names, kinds and bytes) and date: equal for states a run cannot tell apart. */
function stateKey({ tree, now }: RepoState): string {
  const hash = createHash('sha256').update(now.toISOString());
  for (const file of Object.keys(tree).sort()) {
    const content = tree[file]!;
    const [kind, bytes] =
      typeof content === 'string'
        ? ['text', Buffer.from(content, 'utf8')]
        : content instanceof Uint8Array
          ? ['bytes', content]
          : ['entry', Buffer.from(JSON.stringify(content), 'utf8')];
    hash.update(`\0${file}\0${kind}\0${bytes.length}\0`).update(bytes);
  }
  return hash.digest('hex');
}

const formatJsonOf = (result: RunResult) => formatJson(result);

function errorText(error: unknown): string {
  return `error: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * A small repository with every kind of input the cache keys on, cheap enough to check
 * twice per step: the beacon repository (gzipped evidence tarball, config, chart outside
 * `ops/`), two repository schemas mapped by the config, and three docs pages with a
 * Mermaid block, links, backticked paths and a nav.
 */
async function smallTree(): Promise<Tree> {
  const example = exampleTree();
  const tree = beaconTree();
  const config = JSON.parse(tree['surveyor.config.json'] as string) as Record<string, unknown>;
  config.schemas = {
    map: [{ instances: ['ops/k8s/install-matrix.json'], schema: 'ops/schema/k8s/install-matrix.schema.json' }],
  };
  tree['surveyor.config.json'] = `${JSON.stringify(config, null, 2)}\n`;
  for (const file of [
    'ops/schema/k8s/install-matrix.schema.json',
    'ops/schema/common/defs.schema.json',
    'mkdocs.yml',
    'docs/index.md',
    'docs/release/readiness.md',
    'docs/drafts/helm-values-layering.md',
  ])
    tree[file] = example[file]!;
  tree[GENERATED_PAGE] = GENERATED_REGIONS;
  // Regions current at the start, so an edit a region shows makes it drift (and a stale region would not).
  const [plan] = await plannedPages((await openSession({ source: new MemorySource(tree) })).facts);
  tree[GENERATED_PAGE] = plan!.next;
  return tree;
}

/** A page with a region of every generator: what it shows changes with the matrix, contracts, values, scenarios and alerts. */
const GENERATED_PAGE = 'docs/operations/flows.md';
const GENERATED_REGIONS = `---
title: Generated Flows
---

# Generated Flows

${[
  'install-matrix',
  'upgrade-flow',
  'upgrade-flow profile=regional-primary direction=TD',
  'rollback-flow',
  'scenario-steps scenario=minor-2-0-to-2-1',
  'version-graph',
  'rollout-gates profile=regional-primary',
  'evidence-coverage',
  'observability part=alerts',
  'observability part=slos',
]
  .map((region) => `<!-- surveyor:begin ${region} -->\n<!-- surveyor:end ${region.split(' ')[0]} -->\n`)
  .join('\n')}`;

/**
 * One differential test: `run` with `SURVEYOR_DIFFERENTIAL_STEPS` steps and seed
 * `SURVEYOR_DIFFERENTIAL_SEED` when set (for the longer runs of `npm run differential` and
 * `differential:change`), else the defaults; it fails at the first step whose reports differ.
 */
function describeSteps(
  title: string,
  name: (steps: number, seed: number) => string,
  defaults: { seed: number; steps: number },
  run: (seed: number, steps: number) => Promise<DifferentialOutcome>,
): void {
  const steps = Number(process.env.SURVEYOR_DIFFERENTIAL_STEPS ?? defaults.steps);
  const seed = Number(process.env.SURVEYOR_DIFFERENTIAL_SEED ?? defaults.seed);
  describe(title, () => {
    // The uncached run is the reference: it derives every value itself rather than recalling what
    // another run of the worker derived, so a memo key that misses an input shows as a difference.
    beforeAll(keepNoDerivedValues);

    it(name(steps, seed), async () => {
      const outcome = await run(seed, steps);
      if (outcome.mismatch) {
        const { step, labels, cached, uncached } = outcome.mismatch;
        expect(cached, `step ${step} after: ${labels.join(' → ')}`).toBe(uncached);
      }
      expect(outcome.steps).toBe(steps);
    }, 3_600_000);
  });
}

const START = new Date('2026-11-27T00:00:00Z');

/** The change-check differential test of one seed (see `runChangeDifferential`). */
export function describeChangeDifferential(defaultSeed: number, defaultSteps: number): void {
  describeSteps(
    'the cache never changes the verdict of a change check',
    (steps, seed) =>
      `gives the report of an uncached change check after each of ${steps} random changes (seed ${seed})`,
    { seed: defaultSeed, steps: defaultSteps },
    async (seed, steps) => runChangeDifferential({ tree: await smallTree(), now: START }, seed, steps),
  );
}

/**
 * The differential test of one seed (see `runDifferential`), on the small repository, or the
 * example with `SURVEYOR_DIFFERENTIAL_BASE=example` (`npm run differential`).
 */
export function describeDifferential(defaultSeed: number, defaultSteps: number): void {
  const base = process.env.SURVEYOR_DIFFERENTIAL_BASE ?? 'small';
  describeSteps(
    'the cache never changes a verdict',
    (steps, seed) =>
      `gives the report of an uncached run after each of ${steps} random edits (seed ${seed}, ${base} repository)`,
    { seed: defaultSeed, steps: defaultSteps },
    async (seed, steps) =>
      runDifferential({ tree: base === 'example' ? exampleTree() : await smallTree(), now: START }, seed, steps),
  );
}
