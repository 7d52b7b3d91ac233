import { z } from "zod";

/**
 * Shapes shared by every module's response schemas (the OpenAPI document, the SDK and the web are
 * generated from them). Objects are closed: a field a response carries must be listed here or in
 * the module's `*.schemas.ts`; the test harness checks every answer of the integration suite
 * against the document (test/support/contract.ts).
 */

/** An instant, as every response spells it. */
export const isoInstant = z.string().describe("ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z");

/** An amount in minor units of the response's `currency` (integer, never a float). */
export const amount = z.number().int().describe("Integer amount in minor units of the currency");

/** The one error object of the API (src/server/errors.ts, the error handler in src/server/http/app.ts). */
export const errorResponse = z
  .object({
    error: z.object({
      code: z.string().describe("Stable, machine-readable code, e.g. insufficient_credits, conflict"),
      message: z.string().describe("A sentence for a person; it names the field when one is at fault"),
      field: z.string().optional().describe("The request field at fault, e.g. seats or Idempotency-Key"),
      details: z
        .unknown()
        .optional()
        .describe("More about the error, e.g. every broken rule as {violations: [...]}"),
    }),
  })
  .meta({
    id: "Error",
    description: "An error: 4xx with a stable code changes nothing; 5xx is ours.",
    example: { error: { code: "insufficient_credits", message: "Not enough credits.", field: "credits" } },
  });

const meaning: Record<number, string> = {
  400: "Bad input (invalid_request, malformed_json, idempotency_key_invalid, …); nothing changed",
  401: "No valid API key, operator token or session (unauthorized)",
  402: "Not enough credits (insufficient_credits); nothing was spent",
  403: "The caller's role does not allow this (forbidden)",
  404: "Not found, or not the caller's organization's (not_found)",
  409: "Conflict: the state moved (conflict, change_request_pending, renewal_due, last_admin, …)",
  413: "The request body is too large (payload_too_large)",
  415: "The body is not JSON (unsupported_media_type)",
  422: "A billing rule is broken (the first rule's code; all in details), or idempotency_key_reused",
  429: "Too many requests (too_many_requests)",
  500: "Our fault; it was logged (internal_error)",
  503: "outcome_unknown: the outcome could not be confirmed; retry with the same Idempotency-Key",
};

/** The error responses a route answers besides the common ones (400, 401, 403, 500), e.g. 404 and 409. */
export function errorResponses<const S extends number>(...statuses: S[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: meaning[status] ?? "Error", content: { "application/json": { schema: errorResponse } } },
    ]),
  ) as {
    [K in S]: { description: string; content: { "application/json": { schema: typeof errorResponse } } };
  };
}

/** A page of a list, newest first. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    nextCursor: z
      .number()
      .int()
      .nullable()
      .describe("Pass as `before` to read the next page; null on the last page"),
  });
}
