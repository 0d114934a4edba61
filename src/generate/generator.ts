import type { AtlasModel } from '../atlas/model.js';
import { compareSemver, parseSemver } from '../atlas/semver.js';
import type { UpgradeScenario } from '../atlas/upgrade-scenarios.js';
import { compareText } from '../compare-text.js';

/** An option a generator accepts on its begin marker (`key=value`). */
export interface AttributeSpec {
  description: string;
  /** The allowed values, when they are a fixed set. */
  values?: readonly string[];
  /** The value must name a profile of the install matrix. */
  profile?: boolean;
  /**
   * The value must name an upgrade scenario id; when it is given, the render sees only the
   * scenarios of that id (`model.scenarios()`), and a cached run recalls the region while
   * their files are unchanged, whatever happens to the other scenarios.
   */
  scenario?: boolean;
}

/** The parts of the Atlas model a generator may read. */
export const MODEL_PARTS = [
  'installMatrix',
  'rolloutContract',
  'compatibility',
  'manifest',
  'identity',
  'scenarios',
  'effectiveValues',
  'observe',
] as const;

/** A part of the Atlas model a generator may read. */
export type ModelPart = (typeof MODEL_PARTS)[number];

/** Derives one kind of generated Markdown (Mermaid diagrams, tables) from the Atlas model: a pure function. */
export interface Generator {
  name: string;
  description: string;
  attributes: Record<string, AttributeSpec>;
  /**
   * The parts of the model the generator reads (the configuration aside): its render sees
   * only these, and a cached run recalls its region while their files are unchanged.
   */
  reads: readonly ModelPart[];
  /** Markdown for the region, ending with a newline; deterministic for a given model and attributes. */
  render(model: AtlasModel, attributes: Readonly<Record<string, string>>): string;
}

/** The `direction` attribute shared by the flowchart generators. */
export const DIRECTION: AttributeSpec = { description: 'Flowchart direction', values: ['TD', 'TB', 'LR', 'RL', 'BT'] };

/** A fenced Mermaid block around diagram lines (each already indented). */
export function mermaidFence(lines: readonly string[]): string {
  return ['```mermaid', ...lines, '```', ''].join('\n');
}

/** Compares version strings by semver, falling back to text for what is not semver. */
export function compareVersions(a: string, b: string): number {
  const x = parseSemver(a);
  const y = parseSemver(b);
  if (x && y) return compareSemver(x, y);
  if (x || y) return x ? -1 : 1;
  return compareText(a, b);
}

/** A scenario's id (its file name when the id is missing). */
export function scenarioId(scenario: UpgradeScenario): string {
  return (
    scenario.id ??
    scenario.file
      .split('/')
      .pop()!
      .replace(/\.json$/, '')
  );
}

/** The scenarios of each id, in the model's order: kept per scenario list, so a page of many regions looks each up once. */
export function scenariosById(model: Pick<AtlasModel, 'scenarios'>): ReadonlyMap<string, readonly UpgradeScenario[]> {
  const scenarios = model.scenarios();
  let byId = byIdOf.get(scenarios);
  if (!byId) {
    byId = new Map();
    for (const scenario of scenarios) {
      const id = scenarioId(scenario);
      const list = byId.get(id);
      if (list) list.push(scenario);
      else byId.set(id, [scenario]);
    }
    byIdOf.set(scenarios, byId);
  }
  return byId;
}
const byIdOf = new WeakMap<readonly UpgradeScenario[], Map<string, UpgradeScenario[]>>();

/** Scenarios sorted by id, so output does not depend on file order. */
export function sortedScenarios(model: AtlasModel): UpgradeScenario[] {
  return [...model.scenarios()].sort((a, b) => compareText(scenarioId(a), scenarioId(b)));
}

/** `id: from → to`, the label every generator gives a scenario. */
export function scenarioText(scenario: UpgradeScenario): string {
  return `${scenarioId(scenario)}: ${scenario.from_version ?? '?'} → ${scenario.to_version ?? '?'}`;
}

/** True for a rollback scenario that also restores serving state: it has a `restore-…` step. */
export function restoresServingState(scenario: UpgradeScenario): boolean {
  return (scenario.steps ?? []).some((step) => typeof step === 'string' && /^restore-/.test(step));
}
