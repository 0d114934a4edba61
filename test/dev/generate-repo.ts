// A generated Atlas repository N times the size of examples/atlas, for the bench: N× the
// profiles (values files, matrix entries and scenarios, contract entries), upgrade
// scenarios, schemas (copies with their own `$id`s, mapped in the contracts map), docs
// pages (copies in the nav), evidence (SBOMs, image artifacts, assets, tarball members),
// all consistent, with every digest sealed as `collect-evidence.mjs` would.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { compareText } from '../../src/compare-text.js';
import { type TarEntry, writeUstar } from '../support/tar-writer.js';

/** What `generateAtlasRepo` wrote. */
export interface GeneratedAtlasRepo {
  root: string;
  files: number;
  profiles: number;
  scenarios: number;
}

type Json = any;

const MATRIX = 'ops/k8s/install-matrix.json';
const CONTRACT = 'ops/k8s/rollout-safety-contract.json';
const MANIFEST = 'ops/release/evidence/manifest.json';
const TARBALL = 'ops/release/evidence/bundle.tar';
const REGISTRY = 'ops/inventory/contracts-map.json';
const SCHEMA_INDEX = 'ops/schema/generated/schema-index.json';
const SCENARIOS = 'ops/e2e/scenarios/upgrade/';
const CHART = 'ops/k8s/charts/atlas';

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const byPath = compareText;

function readTree(root: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const file = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(file);
      else files.set(file, readFileSync(path.join(root, file)));
    }
  };
  walk('');
  return files;
}

/** Generated regions a replica's page keeps, with the attribute that scopes each to one profile or scenario. */
const SCOPED_REGIONS: Readonly<Record<string, string | undefined>> = {
  'rollout-gates': 'profile',
  'scenario-steps': 'scenario',
  observability: undefined,
};

/**
 * A replica's copy of a docs page. Most generated regions draw the whole repository (every
 * profile, scenario or evidence asset), so a copy of such a region in every replica would make
 * the docs grow with the square of the scale: at 1× each of the 20 copies of the scenario-steps
 * page held 120 diagrams. A replica keeps the regions scoped to one profile or scenario, moved to
 * its own (`profile=prod-ha` becomes `profile=prod-ha-r01`), and those that do not grow
 * (observability); the others, and a generated page's generated part, are dropped. The original
 * site keeps them all, so every generator still runs once on the whole repository. Each
 * hand-written diagram gets a comment naming the replica, so its text is its own, as a real
 * repository's diagrams are: a parser that remembers verdicts by text parses every copy.
 */
function replicaPage(page: string, copy: string): string {
  return page
    .replace(/^(```mermaid\n.*\n)/gm, `$1%% replica ${copy}\n`)
    .replace(/<!-- surveyor:page [\s\S]*$/, '')
    .replace(
      /<!-- surveyor:begin ([a-z][a-z0-9-]*)[^>]*?-->[\s\S]*?<!-- surveyor:end \1 -->\n?/g,
      (region, name: string) => {
        if (!(name in SCOPED_REGIONS)) return '';
        const scope = SCOPED_REGIONS[name];
        if (scope === undefined) return region;
        const scoped = new RegExp(`^(<!-- surveyor:begin ${name}[^>]*? ${scope}=)([\\w.-]+)`);
        return scoped.test(region) ? region.replace(scoped, `$1$2-${copy}`) : '';
      },
    );
}

/**
 * Writes, under `target` (replaced if it exists), an Atlas repository `scale` times the
 * size of the example at `exampleRoot`, clean under surveyor's rules.
 */
export function generateAtlasRepo(exampleRoot: string, target: string, scale: number): GeneratedAtlasRepo {
  const example = readTree(exampleRoot);
  const text = (file: string) => example.get(file)!.toString('utf8');
  const out = new Map<string, string | Uint8Array>();
  const copies = Array.from({ length: scale - 1 }, (_, i) => `r${String(i + 1).padStart(2, '0')}`);

  for (const [file, bytes] of example) {
    if (file.startsWith('docs/') || file.startsWith('ops/k8s/values/') || file === TARBALL) continue;
    out.set(file, bytes);
  }

  // Profiles: every example profile, and a copy of it per replica, each with its values file.
  const matrix = JSON.parse(text(MATRIX)) as Json;
  const contract = JSON.parse(text(CONTRACT)) as Json;
  const names: string[] = matrix.profiles.map((p: Json) => p.name);
  const renamed = (name: string, copy: string | undefined) => (copy ? `${name}-${copy}` : name);
  const profiles: Json[] = [];
  const scenarios: Json[] = [];
  const entries: Json[] = [];
  for (const copy of [undefined, ...copies]) {
    for (const name of names) {
      const profile = matrix.profiles.find((p: Json) => p.name === name);
      const newName = renamed(name, copy);
      const valuesFile = `ops/k8s/values/${newName}.yaml`;
      out.set(valuesFile, `${text(profile.values_file)}${copy ? `# replica ${copy} of the ${name} profile\n` : ''}`);
      profiles.push({ ...profile, name: newName, values_file: valuesFile });
      for (const scenario of matrix.scenarios.filter((s: Json) => s.profile === name)) {
        scenarios.push({ ...scenario, name: scenario.name.replace(name, newName), profile: newName });
      }
      const entry = contract.profiles.find((p: Json) => p.name === name);
      entries.push({ ...entry, id: newName, name: newName, values_file: valuesFile });
    }
  }
  profiles.sort((a, b) => byPath(a.name, b.name));
  entries.sort((a, b) => byPath(a.name, b.name));
  scenarios.sort((a, b) => byPath(a.profile, b.profile));
  out.set(MATRIX, json({ ...matrix, profiles, scenarios }));
  out.set(CONTRACT, json({ ...contract, profiles: entries }));

  // Schemas: a copy of the schema tree per replica, with its own `$id`s.
  const schemaFiles = [...example.keys()].filter(
    (f) => f.startsWith('ops/schema/') && f.endsWith('.schema.json') && !f.startsWith('ops/schema/generated/'),
  );
  for (const copy of copies) {
    for (const file of schemaFiles) {
      const schema = JSON.parse(text(file)) as Json;
      const copied = file.replace('ops/schema/', `ops/schema/${copy}/`);
      if (typeof schema.$id === 'string') schema.$id = copied;
      out.set(copied, json(schema));
    }
  }

  // Upgrade scenarios: a copy of each per replica, validated against that replica's schemas.
  const registry = JSON.parse(text(REGISTRY)) as Json;
  const scenarioFiles = [...example.keys()].filter(
    (f) =>
      f.startsWith(SCENARIOS) && !f.slice(SCENARIOS.length).includes('/') && 'steps' in (JSON.parse(text(f)) as Json),
  );
  for (const copy of copies) {
    for (const file of scenarioFiles) {
      const scenario = JSON.parse(text(file)) as Json;
      scenario.id = `${scenario.id}-${copy}`;
      const copied = `${SCENARIOS}${scenario.id}.json`;
      out.set(copied, json(scenario));
      registry.items.push({
        path: copied,
        schema: `ops/schema/${copy}/e2e/upgrade-scenario.schema.json`,
        generator: 'hand-written',
        consumer: 'upgrade-e2e-runner',
      });
    }
  }
  registry.items.sort((a: Json, b: Json) => byPath(a.path, b.path));
  out.set(REGISTRY, json(registry));
  const allSchemas = [...out.keys()]
    .filter((f) => f.startsWith('ops/schema/') && f.endsWith('.schema.json') && !f.startsWith('ops/schema/generated/'))
    .sort(byPath);
  out.set(SCHEMA_INDEX, json({ files: allSchemas }));

  // Docs: the site, and a copy of it per replica, every copy in the nav. A replica's pages keep
  // only the generated regions about its own profile or scenario (see `replicaPage`).
  const docs = [...example.keys()].filter((f) => f.startsWith('docs/'));
  for (const file of docs) out.set(file, example.get(file)!);
  for (const copy of copies) {
    for (const file of docs)
      out.set(
        file.replace('docs/', `docs/${copy}/`),
        file.endsWith('.md') ? replicaPage(text(file), copy) : example.get(file)!,
      );
  }
  const mkdocs = text('mkdocs.yml');
  const nav = /^nav:\n((?: {2}.*\n)+)/m.exec(mkdocs)![1]!;
  const copiedNav = copies
    .map(
      (copy) =>
        `  - Replica ${copy}:\n${nav.replace(/: ([\w/.-]+\.md)$/gm, `: ${copy}/$1`).replace(/^(?=.)/gm, '    ')}`,
    )
    .join('');
  const notInNav = copies.map((copy) => `  ${copy}/drafts/*.md\n`).join('');
  out.set(
    'mkdocs.yml',
    mkdocs.replace(nav, `${nav}${copiedNav}`).replace(/^(not_in_nav: \|\n(?: {2}.*\n)+)/m, `$1${notInNav}`),
  );

  // Evidence: build outputs per replica in the tarball, and manifest groups naming them.
  const members: TarEntry[] = [];
  const sources = [...example.keys()].filter((f) => f.startsWith('evidence-src/'));
  for (const copy of [undefined, ...copies]) {
    for (const file of sources)
      members.push({
        path: `artifacts/${copy ? `${copy}/` : ''}${file.slice('evidence-src/'.length)}`,
        data: example.get(file)!,
      });
  }
  const chartFiles = [...example.keys()].filter((f) => f.startsWith(`${CHART}/`));
  const chartPackage = gzipSync(
    writeUstar(chartFiles.map((f) => ({ path: f.slice('ops/k8s/charts/'.length), data: example.get(f)! }))),
  );
  const manifest = JSON.parse(text(MANIFEST)) as Json;
  members.push({ path: manifest.chart_package.path, data: chartPackage });
  const tarball = writeUstar(members);
  out.set(TARBALL, tarball);
  const baseSboms = [...manifest.sboms];
  const baseImages = [...manifest.image_artifacts];
  for (const copy of copies) {
    manifest.sboms.push(
      ...baseSboms.map((s: Json) => ({
        ...s,
        path: s.path.replace('artifacts/', `artifacts/${copy}/`),
        profile: `${s.profile}-${copy}`,
      })),
    );
    manifest.image_artifacts.push(
      ...baseImages.map((i: Json) => ({
        ...i,
        profile: `${i.profile}-${copy}`,
        source_path: `ops/k8s/values/${i.profile}-${copy}.yaml`,
      })),
    );
    for (const group of ['dataset_assets', 'perf_assets', 'reports']) {
      manifest[group].push(
        ...(manifest[group] as string[])
          .filter((p) => p.startsWith('artifacts/') && !/artifacts\/r\d+\//.test(p))
          .map((p) => p.replace('artifacts/', `artifacts/${copy}/`)),
      );
    }
    for (const file of scenarioFiles) {
      const id = file.slice(SCENARIOS.length, -'.json'.length);
      manifest.audit_assets[`scenario_${id.replace(/-/g, '_')}_${copy}`] = {
        path: `${SCENARIOS}${id}-${copy}.json`,
        sha256: '',
      };
    }
  }

  // Seal: every digest from the generated files or the tarball members, the docs summary likewise.
  const memberDigests = new Map(members.map((m) => [m.path, sha256(m.data)]));
  const digestOf = (file: string) => {
    const content = out.get(file);
    const digest = content === undefined ? memberDigests.get(file) : sha256(content);
    if (digest === undefined) throw new Error(`generated manifest names \`${file}\`, which was not generated`);
    return digest;
  };
  const seal = (node: Json): void => {
    if (Array.isArray(node)) {
      node.forEach(seal);
      return;
    }
    if (!node || typeof node !== 'object') return;
    if (typeof node.path === 'string' && 'sha256' in node) node.sha256 = digestOf(node.path);
    if (typeof node.site_dir === 'string' && 'file_count' in node) {
      const prefix = `${node.site_dir}/`;
      const files = [...out.keys()].filter((f) => f.startsWith(prefix)).sort(byPath);
      node.file_count = files.length;
      node.sha256 = sha256(files.map((f) => `${digestOf(f)}  ${f.slice(prefix.length)}\n`).join(''));
    }
    Object.values(node).forEach(seal);
  };
  seal(manifest);
  out.set(MANIFEST, json(manifest));

  rmSync(target, { recursive: true, force: true });
  for (const [file, content] of out) {
    mkdirSync(path.dirname(path.join(target, file)), { recursive: true });
    writeFileSync(path.join(target, file), content);
  }
  return { root: target, files: out.size, profiles: profiles.length, scenarios: scenarioFiles.length * scale };
}
