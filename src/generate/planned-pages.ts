import { derivedFact, type Facts } from '../engine/facts.js';
import type { PagePlan } from './regenerate.js';

/**
 * Every page with generated regions, planned once per run: `generated/drift` and the
 * gate's `generate --check` share it rather than regenerating every region twice. The
 * generators load only when a run asks for it.
 */
export const plannedPages = derivedFact(
  (facts): Promise<PagePlan[]> =>
    Promise.all([import('./regenerate.js'), facts.atlas()]).then(([{ planPages }, model]) =>
      planPages(facts.workspace, model, { maxPageBytes: facts.config.docs.maxPageBytes }),
    ),
);

/** The pages `include` accepts that have generated regions, planned for this call (a run for a few pages). */
export async function plannedPagesOf(facts: Facts, include: (file: string) => boolean): Promise<PagePlan[]> {
  const [{ planPages }, model] = await Promise.all([import('./regenerate.js'), facts.atlas()]);
  return planPages(facts.workspace, model, { maxPageBytes: facts.config.docs.maxPageBytes, include });
}
