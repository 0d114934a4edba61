import type { BaselineFinding } from '../engine/diagnostic.js';

/** One baseline entry with its keys in the schema's order. */
export function canonicalBaselineFinding(f: BaselineFinding): BaselineFinding {
  return {
    fingerprint: f.fingerprint,
    ruleId: f.ruleId,
    file: f.file,
    ...(f.pointer === undefined ? {} : { pointer: f.pointer }),
    ...(f.anchor === undefined ? {} : { anchor: f.anchor }),
    message: f.message,
  };
}
