import type { ResolvedConfig } from '../config/config.js';
import { type DescribedError, describeAjvError } from '../schema/ajv-errors.js';
import { SchemaSet, schemaSettings } from '../schema/schema-set.js';
import { readPackageFile } from '../version.js';
import { MemorySource } from '../workspace/file-source.js';
import { Workspace } from '../workspace/workspace.js';

/** Package path of the front-matter schema surveyor ships. */
export const BUILTIN_FRONTMATTER_SCHEMA = 'schemas/docs-frontmatter.schema.json';

/** The schema pages' front matter is validated against, or why there is none. */
export type FrontMatterSchema =
  | {
      ok: true;
      path: string;
      builtin: boolean;
      /** What validating against it depends on: its content and every schema it reaches (`SchemaSet.dependencyKey`). */
      digest: string;
      validate(value: unknown): DescribedError[];
    }
  /** `missing`: the configured file does not exist; `broken`: it does not compile. */
  | { ok: false; path: string; reason: 'missing' | 'broken' };

/**
 * The front-matter schema of a run: the repository's own (`docs.frontmatterSchema`,
 * validated through the run's schema set so its `$ref`s resolve like any other schema),
 * or the one surveyor ships.
 */
export function loadFrontMatterSchema(
  workspace: Workspace,
  config: ResolvedConfig,
  repositorySchemas: () => SchemaSet,
): FrontMatterSchema {
  const configured = config.docs.frontmatterSchema;
  if (configured !== undefined) {
    if (!workspace.hasFile(configured)) return { ok: false, path: configured, reason: 'missing' };
    const shared = repositorySchemas();
    const schemas = shared.has(configured) ? shared : new SchemaSet(workspace, config, [configured]);
    return validatorOf(schemas, configured, false);
  }
  const settings = schemaSettings(config);
  let shipped = shippedSchemas.get(settings);
  if (!shipped) {
    const source = new Workspace(new MemorySource({ [BUILTIN_FRONTMATTER_SCHEMA]: builtinSchemaText() }));
    shipped = validatorOf(
      new SchemaSet(source, config, [BUILTIN_FRONTMATTER_SCHEMA], { shipped: true }),
      BUILTIN_FRONTMATTER_SCHEMA,
      true,
    );
    shippedSchemas.set(settings, shipped);
  }
  return shipped;
}

/**
 * The shipped schema's validator by the settings it is compiled under (strictness, default
 * draft), for the whole process: its content is the package's, so every run of a process
 * that checks many times (the library API, tests) would compile the same code again.
 */
const shippedSchemas = new Map<string, FrontMatterSchema>();

function validatorOf(schemas: SchemaSet, path: string, builtin: boolean): FrontMatterSchema {
  // The shipped schema compiles (the package's tests check it): it is compiled on first use, so a
  // run that recalls every page's front-matter findings by its digest never loads Ajv for it.
  if (!builtin && typeof schemas.validator(path) !== 'function') return { ok: false, path, reason: 'broken' };
  return {
    ok: true,
    path,
    builtin,
    digest: schemas.dependencyKey(path),
    validate(value) {
      const outcome = schemas.validate(path, value);
      if (typeof outcome === 'string' || outcome.ok || 'tooDeep' in outcome) return [];
      return outcome.errors.map(describeAjvError);
    },
  };
}

let builtinText: string | undefined;

/** The shipped schema's text, read once. */
function builtinSchemaText(): string {
  if (builtinText === undefined) {
    builtinText = readPackageFile(BUILTIN_FRONTMATTER_SCHEMA);
    if (builtinText === undefined)
      throw new Error(`\`${BUILTIN_FRONTMATTER_SCHEMA}\` is missing from the surveyor package`);
  }
  return builtinText;
}
