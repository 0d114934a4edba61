import { createHash } from 'node:crypto';
import type { AtlasModel } from '../atlas/model.js';
import type { UpgradeScenario } from '../atlas/upgrade-scenarios.js';
import type { AtlasConfig, ObserveConfig } from '../config/config.js';
import { toRepoPath } from '../workspace/repo-path.js';
import type { Workspace } from '../workspace/workspace.js';
import { type Generator, type ModelPart, scenariosById } from './generator.js';

/** The memo kind of a generated region's digest. */
const REGION_DIGEST = 'generated-region-1';

/**
 * What a region is remembered by: its body's digest (a page that holds the body shows it is
 * current without rendering; the bodies themselves would make the memo as large as the
 * docs), and the values files the render read, by content id.
 */
interface RememberedRegion {
  digest: string;
  values: [string, string][];
}

const digestOf = (body: string) => createHash('sha256').update(body).digest('hex');

/**
 * The globs of the files a part of the model is read from. Values files are whatever paths
 * the render asks for (`effectiveValues(file)`): only the chart's defaults are known before.
 */
export function modelPartGlobs(atlas: AtlasConfig, observe: ObserveConfig, part: ModelPart): string[] {
  switch (part) {
    case 'installMatrix':
      return [atlas.installMatrix];
    case 'rolloutContract':
      return [atlas.rolloutContract];
    case 'compatibility':
      return [atlas.versionCompatibility];
    case 'manifest':
      return [atlas.evidenceManifest];
    case 'identity':
      return [atlas.identity];
    case 'scenarios':
      return atlas.scenarios;
    case 'effectiveValues':
      // The matrix says which files are values files; the chart folder holds the defaults.
      return atlas.chart ? [atlas.installMatrix, `${atlas.chart}/**`] : [atlas.installMatrix];
    case 'observe':
      return [
        observe.sloDefinitions,
        observe.sloMeasurement,
        observe.sloMetricMap,
        observe.alertCatalog,
        ...observe.alertRules,
      ];
  }
}

/**
 * Digests of what every region's key shares, once per workspace: the file list (which files
 * exist is read by every part: globs, the chart) and each set of files a part is read from.
 */
const digests = new WeakMap<Workspace, Map<string, string>>();
function digestOnce(workspace: Workspace, key: string, compute: () => string): string {
  let known = digests.get(workspace);
  if (!known) digests.set(workspace, (known = new Map()));
  let digest = known.get(key);
  if (digest === undefined) {
    digest = compute();
    known.set(key, digest);
  }
  return digest;
}

/**
 * The key of a region's body: the generator, its attributes, the configuration, the file
 * list, and the content of every file of the model parts the generator reads (its `reads`),
 * which the render cannot go beyond (`guardedModel`).
 */
function regionKey(
  workspace: Workspace,
  model: AtlasModel,
  generator: Generator,
  attributes: Readonly<Record<string, string>>,
): string {
  const hash = createHash('sha256')
    .update(generator.name)
    .update(`\0${JSON.stringify(Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : 1)))}`);
  const shared = digestOnce(workspace, '', () => {
    const files = createHash('sha256').update(
      `${JSON.stringify(model.config)}\0${JSON.stringify(model.observe.config)}`,
    );
    for (const file of workspace.files) files.update(`\0${file}`);
    return files.digest('hex');
  });
  hash.update(`\0${shared}`);
  const onlyScenario = scenarioNamed(generator, attributes);
  for (const part of [...generator.reads].sort()) {
    if (part === 'scenarios' && onlyScenario !== undefined) {
      // The scenarios of that id, whichever files hold them: a file that takes or gives up the id changes the key.
      const files = createHash('sha256');
      for (const scenario of scenariosOf(model, onlyScenario))
        files.update(`\0${scenario.file}\0${workspace.contentKey(scenario.file)}`);
      hash.update(`\0${part}\0${onlyScenario}\0${files.digest('hex')}`);
      continue;
    }
    const globs = modelPartGlobs(model.config, model.observe.config, part).filter(Boolean);
    const digest = digestOnce(workspace, `${part}\0${globs.join('\0')}`, () => {
      const files = createHash('sha256');
      for (const file of workspace.match(globs)) files.update(`\0${file}\0${workspace.contentKey(file)}`);
      return files.digest('hex');
    });
    hash.update(`\0${part}\0${digest}`);
  }
  return hash.digest('hex');
}

/** The scenario id a region is limited to: the value of its generator's `scenario` attribute, when given. */
function scenarioNamed(generator: Generator, attributes: Readonly<Record<string, string>>): string | undefined {
  for (const [name, spec] of Object.entries(generator.attributes))
    if (spec.scenario && attributes[name] !== undefined) return attributes[name];
  return undefined;
}

/** The model's scenarios of one id, in the model's order. */
function scenariosOf(model: AtlasModel, id: string): readonly UpgradeScenario[] {
  return scenariosById(model).get(id) ?? [];
}

/**
 * The model as a generator may see it: the parts its `reads` lists and the configuration;
 * anything else throws, so a generator cannot depend on a file its key does not cover. The
 * values files it asks for are added to `valuesRead`.
 */
function guardedModel(
  model: AtlasModel,
  generator: Generator,
  attributes: Readonly<Record<string, string>>,
  valuesRead: Set<string>,
): AtlasModel {
  const allowed = new Set<string | symbol>([...generator.reads, 'config']);
  const onlyScenario = scenarioNamed(generator, attributes);
  return new Proxy(model, {
    get(target, property) {
      if (typeof property === 'string' && property in target && !allowed.has(property))
        throw new Error(
          `generator \`${generator.name}\` reads \`${property}\` of the model, which its \`reads\` does not list`,
        );
      if (property === 'scenarios' && onlyScenario !== undefined) return () => scenariosOf(target, onlyScenario);
      if (property === 'effectiveValues')
        return (file: string) => {
          const repoPath = toRepoPath(file);
          valuesRead.add(repoPath.ok ? repoPath.path : file);
          return target.effectiveValues(file);
        };
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * A region's body as `generator` renders it from the model. In a run with a memo (the result
 * cache), the page's own copy (`current`, when it holds one) is taken for it without rendering
 * while the files it was rendered from are unchanged and the digests agree; else it is rendered
 * and its digest remembered.
 */
export function renderRegion(
  workspace: Workspace,
  model: AtlasModel,
  generator: Generator,
  attributes: Readonly<Record<string, string>>,
  current?: string,
): string {
  const memo = workspace.memo;
  const valuesRead = new Set<string>();
  const render = () => generator.render(guardedModel(model, generator, attributes, valuesRead), attributes);
  if (!memo) return render();
  const key = regionKey(workspace, model, generator, attributes);
  if (current !== undefined) {
    const recalled = memo.recall(REGION_DIGEST, key) as RememberedRegion | undefined;
    if (
      recalled?.digest === digestOf(current) &&
      recalled.values.every(([file, id]) => workspace.contentKey(file) === id)
    )
      return current;
  }
  const body = render();
  const values = [...valuesRead].sort().map((file): [string, string] => [file, workspace.contentKey(file)]);
  memo.remember(REGION_DIGEST, key, { digest: digestOf(body), values } satisfies RememberedRegion);
  return body;
}
