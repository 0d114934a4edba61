import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A package (or a file of one) loaded where it is first needed, not when surveyor starts:
 * a run that never meets YAML, a glob, a schema pattern or PromQL never pays for loading
 * its parser. Node keeps the module after the first call.
 */
export function loadPackage<T>(name: string): T {
  return require(name) as T;
}
