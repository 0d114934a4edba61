import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the heap grow past what the last full collection kept, in percent. Left to
 * itself on a machine with memory to spare, V8 lets it grow up to 4x, so a check peaked at about
 * four times what it holds; 30 keeps the peak near 1.3x for a few percent more collection work
 * (docs/security.md, Memory).
 */
export const HEAP_GROWING_PERCENT = 30;

/** Sets the CLI's heap growth: before the heap grows; worker threads share it. The bench measures runs with it too. */
export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
