/** Why a parser gave up on a text nested deeper than its stack allows, as findings say it. */
export const TOO_DEEP_REASON = "it nests too deeply for the parser's stack";

/** True when a parser failed by running out of stack (a `RangeError`, or a library's error that quotes one). */
export function isTooDeep(error: unknown): boolean {
  return error instanceof RangeError || /Maximum call stack size exceeded/.test(String((error as Error)?.message));
}
