/**
 * Items grouped by a key, each group in the items' order, so that code asking for the items
 * of each of many keys reads a map instead of scanning every item once per key.
 */
export function groupBy<T, K>(items: Iterable<T>, key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** The first item of each key, in the items' order: what `find` by key gives, for many keys at once. */
export function firstBy<T, K>(items: Iterable<T>, key: (item: T) => K): Map<K, T> {
  const first = new Map<K, T>();
  for (const item of items) {
    const k = key(item);
    if (!first.has(k)) first.set(k, item);
  }
  return first;
}
