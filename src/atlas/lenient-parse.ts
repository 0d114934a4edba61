/** A parsed item of a contract list, with its place. */
export type Located<T> = T & { pointer: string; index: number };

/** The JSON types a contract field is read as. */
interface FieldTypes {
  string: string;
  boolean: boolean;
  array: unknown[];
}

/** A field of a contract object: its JSON type, and whether an item without it is left out. */
interface FieldSpec {
  type: keyof FieldTypes;
  required?: true;
}

/** A string field, left out when it is not one. */
export const STRING = { type: 'string' } as const;
/** A string field whose object is left out when it is not one. */
export const REQUIRED_STRING = { type: 'string', required: true } as const;
/** A boolean field, left out when it is not one. */
export const BOOLEAN = { type: 'boolean' } as const;
/** An array field (its items unread), left out when it is not one. */
export const LIST = { type: 'array' } as const;

/** The fields of a contract object by name. */
export type FieldSpecs = Readonly<Record<string, FieldSpec>>;

/** What `readFields` gives for a set of fields: each required one with its type, each other one possibly absent. */
export type FieldsOf<F extends FieldSpecs> = {
  [K in keyof F as F[K]['required'] extends true ? K : never]: FieldTypes[F[K]['type']];
} & {
  [K in keyof F as F[K]['required'] extends true ? never : K]?: FieldTypes[F[K]['type']];
};

/**
 * Reads the named fields of a contract object: a field of the right type is kept (an array
 * as a copy), one that is absent or of another type is left out, and other keys are
 * ignored; `undefined` when the value is no object or a required field is not there.
 * Plain code rather than a schema library: contracts are read on most runs that check one again.
 */
export function readFields<F extends FieldSpecs>(value: unknown, fields: F): FieldsOf<F> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const item: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(fields)) {
    const field = Object.hasOwn(value, name) ? (value as Record<string, unknown>)[name] : undefined;
    const fits = spec.type === 'array' ? Array.isArray(field) : typeof field === spec.type;
    if (fits) item[name] = spec.type === 'array' ? [...(field as unknown[])] : field;
    else if (spec.required) return undefined;
  }
  return item as FieldsOf<F>;
}

/**
 * Reads each item of a list by its fields and keeps those that fit, with their pointer:
 * one bad item does not hide the others (`schema/valid` reports it).
 */
export function parseItems<F extends FieldSpecs>(
  list: unknown,
  fields: F,
  listPointer: string,
): Located<FieldsOf<F>>[] {
  if (!Array.isArray(list)) return [];
  const items: Located<FieldsOf<F>>[] = [];
  list.forEach((value, index) => {
    const item = readFields(value, fields);
    if (item) items.push({ ...item, pointer: `${listPointer}/${index}`, index });
  });
  return items;
}
