import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/**
 * A package (or a file of one) loaded where it is first needed, not when surveyor starts:
 * a run that never meets YAML, a glob, a schema pattern or PromQL never pays for loading
 * its parser. Node keeps the module after the first call.
 */
export function loadPackage<T>(name: string): T {
  return require(name) as T;
}

/** Whether this process has loaded a package (through `loadPackage` or any other `require`). */
export function packageLoaded(name: string): boolean {
  const folder = `${path.sep}node_modules${path.sep}${name}${path.sep}`;
  return Object.keys(require.cache).some((file) => file.includes(folder));
}

/**
 * A zod schema built on first use: zod is about a hundred modules, and a run whose findings are
 * all recalled from the cache reads no contract, so it never loads them.
 */
export function zodSchema<T>(build: (zod: typeof import('zod')) => T): () => T {
  let schema: T | undefined;
  return () => {
    schema ??= build(loadPackage<typeof import('zod')>('zod'));
    return schema;
  };
}
