/** The gate cannot evaluate the release (no install matrix, an unknown profile); the CLI prints one line and exits 2. */
export class GateInputError extends Error {
  override name = 'GateInputError';
}
