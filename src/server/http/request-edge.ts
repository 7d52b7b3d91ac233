import type { FastifyInstance } from "fastify";
import { AppError } from "../errors.js";

/**
 * Path spellings a router and the handler behind it may read differently (`/api/auth/./sign-in`
 * reaches better-auth's sign-in without matching our rate-limited route): dot segments, encoded
 * dots, slashes or backslashes, backslashes and repeated slashes. Refused (400) before routing.
 */
export function isAmbiguousPath(url: string): boolean {
  const query = url.indexOf("?");
  const path = query === -1 ? url : url.slice(0, query);
  // Most paths have no dot, percent sign, backslash or "//": nothing to split.
  if (!/[.%\\]|\/\//.test(path)) return false;
  if (path.includes("//") || path.includes("\\")) return true;
  if (/%(2e|2f|5c)/i.test(path)) return true;
  for (const segment of path.split("/")) if (segment === "." || segment === "..") return true;
  return false;
}

/** Where an ambiguous path is routed to, to be answered 400. */
export const ambiguousPathRoute = "/__ambiguous-path";

/** Query parameters that carry a credential (better-auth's reset and verification links use `token`). */
const secretParameter = /([?&](?:token|key|secret|password|code|signature|api_key|access_token)=)[^&#]*/gi;

/** Invitation tokens and credentials in the query are never written to a log. */
export function redactedUrl(url: string): string {
  return url
    .replace(/^(\/api\/v1\/invitations\/|\/invite\/)[^/?#]+/, "$1[token]")
    .replace(secretParameter, "$1[redacted]");
}

/** Deepest nesting accepted in a JSON body. */
export const maxJsonDepth = 32;

/** The nesting depth of a JSON text, stopping as soon as it passes `limit` (strings skipped). */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 92)
        index++; // backslash: skip the escaped character
      else if (code === 34) inString = false;
    } else if (code === 34) inString = true;
    else if (code === 123 || code === 91) {
      if (++depth > limit) return true;
    } else if (code === 125 || code === 93) depth--;
  }
  return false;
}

/** String.prototype.isWellFormed (Node 20; the TypeScript lib here predates it). */
const isWellFormed = (text: string) => (text as unknown as { isWellFormed(): boolean }).isWellFormed();

/** The path of the first string (value or key) that is not well-formed UTF-16, if any. */
export function illFormedField(value: unknown, path = ""): string | undefined {
  if (typeof value === "string") return isWellFormed(value) ? undefined : path || "body";
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = illFormedField(item, path ? `${path}.${index}` : String(index));
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const name = path ? `${path}.${key}` : key;
      if (!isWellFormed(key)) return path || "body";
      const found = illFormedField(item, name);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** Fastify's JSON parser (prototype poisoning refused), behind a nesting limit. */
export function registerJsonParser(app: FastifyInstance) {
  const parse = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    const text = typeof body === "string" ? body : body.toString("utf8");
    if (jsonDepthExceeds(text, maxJsonDepth)) {
      done(
        new AppError(
          "body_too_deep",
          `The request body is nested deeper than ${maxJsonDepth} levels.`,
          400,
          "body",
        ),
        undefined,
      );
      return;
    }
    if (!/\\u[dD][89a-fA-F]/.test(text)) return parse(request, text, done);
    // An escaped surrogate: refuse a lone one (it would be stored as U+FFFD) naming its field.
    parse(request, text, (error, parsed) => {
      if (error) return done(error, undefined);
      const field = illFormedField(parsed);
      if (field === undefined) return done(null, parsed);
      done(
        new AppError(
          "invalid_request",
          `${field} has an unpaired surrogate (a \\uD800–\\uDFFF escape alone); send valid Unicode text.`,
          400,
          field,
        ),
        undefined,
      );
    });
  });
}
