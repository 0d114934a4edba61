import path from 'node:path';

/** A repository the bench measures: a name, and how to get its root on disk. */
export interface BenchRepository {
  name: string;
  /** Returns the root to check, creating it under the bench's temp folder if needed. */
  prepare(): string;
  /** Extra `surveyor check` arguments. */
  args?: string[];
}

/** The repositories `npm run bench` measures, smallest first. */
export function benchRepositories(packageRoot: string, work: string): BenchRepository[] {
  void work;
  return [{ name: 'examples/atlas', prepare: () => path.join(packageRoot, 'examples/atlas') }];
}
