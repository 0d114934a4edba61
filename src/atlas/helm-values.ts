import { toPointer } from '../workspace/json-document.js';
import { type FilePlace, isObject, type JsonObject, type YamlMapFile } from './contract-file.js';

/** What a key path resolves to in a profile's effective values, and which file decided it. */
export type ValueLookup =
  /** The key is present; `origin` is the YAML node that set it (profile file, else chart default). */
  | { found: true; value: unknown; origin: FilePlace }
  /**
   * The key is absent. `origin` is where that was decided: the profile's `null` that removed
   * it, a scalar in the way of the path, or else the place in the profile file where it would go.
   */
  | { found: false; removed: boolean; origin: FilePlace };

/**
 * A profile's effective Helm values: the chart's `values.yaml` deep-merged with the
 * profile's values file as Helm coalesces them (maps merge, lists and scalars replace,
 * `null` removes a key), remembering which file set each value.
 */
export class EffectiveValues {
  readonly chart: YamlMapFile;
  readonly profile: YamlMapFile;
  #merged: JsonObject | undefined;

  constructor(chart: YamlMapFile, profile: YamlMapFile) {
    this.chart = chart;
    this.profile = profile;
  }

  /** Resolves a key path (`['image', 'tag']`) and says which file's node decided it. */
  lookup(keys: readonly string[]): ValueLookup {
    let fromProfile: unknown = this.profile.value;
    let fromChart: unknown = this.chart.value;
    for (let depth = 0; depth < keys.length; depth++) {
      const key = keys[depth]!;
      const pointer = toPointer(keys.slice(0, depth + 1));
      const last = depth === keys.length - 1;
      const inProfile = isObject(fromProfile) && Object.hasOwn(fromProfile, key);
      const inChart = isObject(fromChart) && Object.hasOwn(fromChart, key);
      if (inProfile) {
        const value = (fromProfile as JsonObject)[key];
        const origin = { file: this.profile.file, pointer };
        if (value === null) return { found: false, removed: true, origin };
        if (last) return { found: true, value, origin };
        if (!isObject(value)) return { found: false, removed: false, origin };
        fromProfile = value;
        // A profile map replaces a chart scalar; it merges with a chart map.
        fromChart = inChart && isObject((fromChart as JsonObject)[key]) ? (fromChart as JsonObject)[key] : undefined;
      } else if (inChart) {
        const value = (fromChart as JsonObject)[key];
        const origin = { file: this.chart.file, pointer };
        if (last) return { found: true, value, origin };
        if (!isObject(value)) return { found: false, removed: false, origin };
        fromProfile = undefined;
        fromChart = value;
      } else {
        return { found: false, removed: false, origin: { file: this.profile.file, pointer: toPointer(keys) } };
      }
    }
    return { found: true, value: fromProfile ?? fromChart, origin: { file: this.profile.file, pointer: '' } };
  }

  /** The merged values as one plain object, as Helm hands them to the templates. */
  merged(): JsonObject {
    this.#merged ??= coalesce(this.profile.value, this.chart.value);
    return this.#merged;
  }
}

/** Helm's coalescing of user values over chart defaults: the user's side wins every conflict. */
export function coalesce(user: JsonObject, defaults: JsonObject): JsonObject {
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(defaults)) {
    if (!Object.hasOwn(user, key)) result[key] = structuredClone(value);
  }
  for (const [key, value] of Object.entries(user)) {
    if (value === null) continue;
    const fallback = defaults[key];
    result[key] = isObject(value) && isObject(fallback) ? coalesce(value, fallback) : structuredClone(value);
  }
  return result;
}
