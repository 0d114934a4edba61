import type * as z from 'zod';

/** A parsed item of a contract list, with its place. */
export type Located<T> = T & { pointer: string; index: number };

/**
 * Parses each item of a list with a zod schema and keeps those that fit, with their
 * pointer: one bad item does not hide the others (`schema/valid` reports it).
 */
export function parseItems<S extends z.ZodType>(list: unknown, schema: S, listPointer: string): Located<z.output<S>>[] {
  if (!Array.isArray(list)) return [];
  const items: Located<z.output<S>>[] = [];
  list.forEach((item, index) => {
    const parsed = schema.safeParse(item);
    if (parsed.success)
      items.push({ ...(parsed.data as object), pointer: `${listPointer}/${index}`, index } as Located<z.output<S>>);
  });
  return items;
}

/** A field that is read when it has the right type and treated as absent otherwise. */
export function lenient<S extends z.ZodType>(schema: S) {
  return schema.optional().catch(undefined);
}
