import type { ErrorObject } from 'ajv';
import { jsonText } from '../json-text.js';
import { escapePointerToken } from '../workspace/json-document.js';

/** A value as it appears in a message: JSON, in backticks, shortened. */
export function showValue(value: unknown, max = 60): string {
  const text = jsonText(value, max);
  return `\`${text.replace(/`/g, "'")}\``;
}

function list(values: readonly unknown[]): string {
  const shown = values.slice(0, 8).map((v) => showValue(v, 40));
  if (values.length > 8) shown.push(`… (${values.length} in all)`);
  if (shown.length === 1) return shown[0]!;
  return `${shown.slice(0, -1).join(', ')} or ${shown.at(-1)}`;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** One Ajv error as surveyor reports it: where in the instance, and a sentence naming the keyword and what was expected. */
export interface DescribedError {
  pointer: string;
  message: string;
}

/**
 * Turns an Ajv error (collected with `verbose`) into a located sentence: "Unexpected
 * X, expected Y (`keyword`)". A missing property points at its parent object; an extra
 * property points at the property itself.
 */
export function describeAjvError(error: ErrorObject): DescribedError {
  const { keyword, params, instancePath } = error;
  const p = params as Record<string, unknown>;
  const data = (error as ErrorObject & { data?: unknown }).data;
  const tag = `(\`${keyword}\`)`;
  const at = (extra: string) => `${instancePath}/${escapePointerToken(extra)}`;
  switch (keyword) {
    case 'required':
      return { pointer: instancePath, message: `Missing property \`${String(p.missingProperty)}\` ${tag}` };
    case 'dependentRequired':
    case 'dependencies':
      return {
        pointer: instancePath,
        message: `Missing property \`${String(p.missingProperty)}\`, required when \`${String(p.property)}\` is present ${tag}`,
      };
    case 'additionalProperties':
      return {
        pointer: at(String(p.additionalProperty)),
        message: `Unexpected property \`${String(p.additionalProperty)}\`, the schema allows no other properties here ${tag}`,
      };
    case 'unevaluatedProperties':
      return {
        pointer: at(String(p.unevaluatedProperty)),
        message: `Unexpected property \`${String(p.unevaluatedProperty)}\`, no subschema evaluates it ${tag}`,
      };
    case 'propertyNames':
      return {
        pointer: instancePath,
        message: `Unexpected property name \`${String(p.propertyName)}\`, it does not match the schema for names ${tag}`,
      };
    case 'type':
      return {
        pointer: instancePath,
        message: `Unexpected ${typeOf(data)} ${showValue(data)}, expected ${String(p.type).split(',').join(' or ')} ${tag}`,
      };
    case 'enum':
      return {
        pointer: instancePath,
        message: `Unexpected ${showValue(data)}, expected ${(p.allowedValues as unknown[]).length > 1 ? 'one of ' : ''}${list(p.allowedValues as unknown[])} ${tag}`,
      };
    case 'const':
      return {
        pointer: instancePath,
        message: `Unexpected ${showValue(data)}, expected ${showValue(p.allowedValue)} ${tag}`,
      };
    case 'pattern':
      return {
        pointer: instancePath,
        message: `Unexpected ${showValue(data)}, expected a string matching \`${String(p.pattern)}\` ${tag}`,
      };
    case 'format':
      return {
        pointer: instancePath,
        message: `Unexpected ${showValue(data)}, expected a valid \`${String(p.format)}\` ${tag}`,
      };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return {
        pointer: instancePath,
        message: `Unexpected ${showValue(data)}, expected a number ${String(p.comparison)} ${String(p.limit)} ${tag}`,
      };
    case 'multipleOf':
      return {
        pointer: instancePath,
        message: `Unexpected ${showValue(data)}, expected a multiple of ${String(p.multipleOf)} ${tag}`,
      };
    case 'minLength':
    case 'maxLength':
      return {
        pointer: instancePath,
        message: `Unexpected string of length ${String((data as string).length)}, expected ${keyword === 'minLength' ? 'at least' : 'at most'} ${String(p.limit)} characters ${tag}`,
      };
    case 'minItems':
    case 'maxItems':
      return {
        pointer: instancePath,
        message: `Unexpected array of ${String((data as unknown[]).length)} items, expected ${keyword === 'minItems' ? 'at least' : 'at most'} ${String(p.limit)} ${tag}`,
      };
    case 'minProperties':
    case 'maxProperties':
      return {
        pointer: instancePath,
        message: `Unexpected object with ${String(Object.keys(data as object).length)} properties, expected ${keyword === 'minProperties' ? 'at least' : 'at most'} ${String(p.limit)} ${tag}`,
      };
    case 'uniqueItems':
      return {
        pointer: at(String(p.i)),
        message: `Unexpected duplicate: items ${String(p.j)} and ${String(p.i)} are equal, expected unique items ${tag}`,
      };
    case 'contains':
      return {
        pointer: instancePath,
        message: `Unexpected array, expected ${p.maxContains === undefined ? `at least ${String(p.minContains ?? 1)}` : `between ${String(p.minContains ?? 1)} and ${String(p.maxContains)}`} item(s) matching the \`contains\` schema ${tag}`,
      };
    case 'oneOf':
      return {
        pointer: instancePath,
        message: Array.isArray(p.passingSchemas)
          ? `Unexpected value matching subschemas ${(p.passingSchemas as number[]).join(' and ')}, expected exactly one ${tag}`
          : `Unexpected value matching none of the subschemas, expected exactly one ${tag}`,
      };
    case 'anyOf':
      return {
        pointer: instancePath,
        message: `Unexpected value matching none of the subschemas, expected at least one ${tag}`,
      };
    case 'not':
      return {
        pointer: instancePath,
        message: `Unexpected value matching the \`not\` subschema, expected it not to ${tag}`,
      };
    case 'if':
      return {
        pointer: instancePath,
        message: `Unexpected value failing the \`${String(p.failingKeyword)}\` branch of \`if\` ${tag}`,
      };
    case 'false schema':
      return { pointer: instancePath, message: 'Unexpected value, the schema allows nothing here (`false` schema)' };
    case 'additionalItems':
    case 'items':
    case 'unevaluatedItems':
      return {
        pointer: instancePath,
        message: `Unexpected array of ${Array.isArray(data) ? data.length : '?'} items, expected at most ${String(p.limit)} ${tag}`,
      };
    default:
      return { pointer: instancePath, message: `${capitalise(error.message ?? 'fails the schema')} ${tag}` };
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** One reported error: the Ajv error that stands for it (for the related schema location) and its description. */
export interface CollapsedError extends DescribedError {
  error: ErrorObject;
}

function expectation(error: ErrorObject): string[] {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'enum':
      return (p.allowedValues as unknown[]).map((v) => showValue(v, 40));
    case 'const':
      return [showValue(p.allowedValue, 40)];
    case 'type':
      return String(p.type)
        .split(',')
        .map((t) => `${/^[aeiou]/.test(t) ? 'an' : 'a'} ${t}`);
    case 'pattern':
      return [`a string matching \`${String(p.pattern)}\``];
    case 'format':
      return [`a valid \`${String(p.format)}\``];
    default:
      return [`a value passing \`${error.keyword}\``];
  }
}

/**
 * Describes a list of Ajv errors, folding the failed branches of an `anyOf`/`oneOf`
 * into one finding when every branch failed on the value itself ("expected one of
 * `a`, `b` or an array"), instead of one finding per branch plus one for the combinator.
 * Ajv (with `allErrors` and `verbose`) lists a combinator's branch errors right before
 * it; errors of sibling keywords share its `parentSchema` and are not branches.
 */
export function describeAjvErrors(errors: readonly ErrorObject[]): CollapsedError[] {
  const folded = new Set<ErrorObject>();
  const replacements = new Map<ErrorObject, CollapsedError>();
  errors.forEach((error, index) => {
    if (
      (error.keyword !== 'anyOf' && error.keyword !== 'oneOf') ||
      Array.isArray((error.params as { passingSchemas?: unknown }).passingSchemas)
    )
      return;
    const at = error.instancePath;
    const branches: ErrorObject[] = [];
    for (let i = index - 1; i >= 0; i--) {
      const candidate = errors[i]!;
      if (folded.has(candidate) || candidate.parentSchema === error.parentSchema) break;
      if (candidate.instancePath !== at && !candidate.instancePath.startsWith(`${at}/`)) break;
      branches.push(candidate);
    }
    if (branches.length === 0 || branches.some((e) => e.instancePath !== at)) return;
    for (const branch of branches) folded.add(branch);
    const expected = [...new Set(branches.reverse().flatMap(expectation))];
    const data = (error as ErrorObject & { data?: unknown }).data;
    const shown = expected.length > 1 ? `${expected.slice(0, -1).join(', ')} or ${expected.at(-1)}` : expected[0];
    replacements.set(error, {
      error,
      pointer: at,
      message: `Unexpected ${showValue(data)}, expected ${shown} (\`${error.keyword}\`)`,
    });
  });
  return errors.filter((e) => !folded.has(e)).map((e) => replacements.get(e) ?? { error: e, ...describeAjvError(e) });
}
