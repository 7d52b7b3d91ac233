import { z } from "zod";

export const defaultPageSize = 20;
export const maxPageSize = 100;

function wholeNumber(label: string, min: number, max: number) {
  const notWhole = `${label} must be a whole number.`;
  return (
    z
      .string({ error: notWhole })
      .regex(/^[0-9]{1,16}$/, { error: notWhole })
      .transform(Number)
      .pipe(
        z
          .number()
          .min(min, { error: `${label} must be at least ${min}.` })
          .max(max, { error: `${label} must be at most ${max}.` }),
      )
      // Digits on the wire, an integer in the OpenAPI document (src/server/http/openapi.ts).
      .meta({ "x-integer": { minimum: min, maximum: max } })
  );
}

/** `?limit=&before=`: newest first, `before` is the cursor of the last item of the previous page. */
export const pageQuery = z.strictObject({
  limit: wholeNumber("limit", 1, maxPageSize).optional(),
  before: wholeNumber("before", 1, Number.MAX_SAFE_INTEGER).optional(),
});

export type PageQuery = z.infer<typeof pageQuery>;

export interface Page<T> {
  data: T[];
  /** Pass as `before` to read the next page; null on the last page. */
  nextCursor: number | null;
}

/** `rows` was read with `limit + 1`, so a full page knows whether another follows. */
export function pageOf<Row, Item>(
  rows: readonly Row[],
  limit: number,
  cursorOf: (row: Row) => number,
  toItem: (row: Row) => Item,
): Page<Item> {
  const data = rows.slice(0, limit);
  const last = data.at(-1);
  return { data: data.map(toItem), nextCursor: rows.length > limit && last ? cursorOf(last) : null };
}

/**
 * A page read as every list reads one: `read` is asked for one row more than the page (so a full
 * page knows whether another follows) and for the rows before the cursor.
 */
export async function readPage<Row, Item>(
  query: { limit?: number | undefined; before?: number | undefined },
  read: (rows: { limit: number; before: number | undefined }) => Promise<readonly Row[]>,
  cursorOf: (row: Row) => number,
  toItem: (row: Row) => Item,
): Promise<Page<Item>> {
  const limit = query.limit ?? defaultPageSize;
  return pageOf(await read({ limit: limit + 1, before: query.before }), limit, cursorOf, toItem);
}
