import { derivedFact } from '../engine/facts.js';
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
