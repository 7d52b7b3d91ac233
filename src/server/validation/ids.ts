import { z } from "zod";
import { notFound } from "../errors.js";

/** `:id` in a path; its shape is checked by `existingId` in the service. */
export const idParams = z.strictObject({ id: z.string().max(200) });

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An id that is not a uuid names nothing: it answers 404 like another organization's id, and
 * never reaches the database (where it would be a type error).
 */
export function existingId(id: string, what: string): string {
  if (!uuidPattern.test(id)) throw notFound(what);
  return id;
}

/** For actions that take no input: nothing, or an empty JSON object. */
export const noBody = z.strictObject({}).nullish();
