/**
 * Sets `key` in a map used as a process-wide cache, then drops its oldest entries past
 * `limit`, so a long-lived process (the library API, the test suite) does not grow without end.
 */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, limit: number): void {
  map.set(key, value);
  dropOldest(map, limit);
}

/** Drops a map's oldest entries (in insertion order) until it holds at most `limit`. */
export function dropOldest<K, V>(map: Map<K, V>, limit: number): void {
  while (map.size > limit) map.delete(map.keys().next().value!);
}
