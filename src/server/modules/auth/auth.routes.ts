import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { publicOrigin } from "../../config.js";
import type { AppDeps } from "../../context.js";
import { countSignInAttempt } from "./sign-in-limit.js";

/**
 * The web request handed to better-auth: its URL is built from the protocol and host Fastify
 * trusts (X-Forwarded-Proto only from a trusted proxy, TRUST_PROXY), never from raw headers.
 */
function toWebRequest(request: FastifyRequest): Request {
  const url = new URL(request.url, `${request.protocol}://${request.headers.host ?? "localhost"}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    // better-auth must not read a forwarded address, protocol or host the server does not trust.
    if (name === "x-forwarded-for" || name === "x-forwarded-proto" || name === "x-forwarded-host") continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, String(item));
  }
  // The client's address as TRUST_PROXY lets Fastify see it (better-auth records it on sessions).
  headers.set("x-forwarded-for", request.ip);
  const hasBody = request.method !== "GET" && request.method !== "HEAD" && request.body !== undefined;
  return new Request(url, {
    method: request.method,
    headers,
    body: hasBody ? JSON.stringify(request.body) : undefined,
  });
}

const defaultCodes: Record<number, string> = {
  400: "invalid_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  429: "too_many_requests",
};

/** better-auth's `{code: "INVALID_EMAIL_OR_PASSWORD", message}` in the API's error shape. */
function apiError(status: number, text: string) {
  let parsed: { code?: unknown; message?: unknown } | undefined;
  try {
    parsed = text ? (JSON.parse(text) as typeof parsed) : undefined;
  } catch {
    parsed = undefined;
  }
  const code =
    typeof parsed?.code === "string" && /^[A-Za-z0-9_]{1,64}$/.test(parsed.code)
      ? parsed.code.toLowerCase()
      : (defaultCodes[status] ?? (status >= 500 ? "internal_error" : "invalid_request"));
  const message =
    typeof parsed?.message === "string" && parsed.message
      ? parsed.message
      : status >= 500
        ? "Something went wrong on our side. It was logged."
        : "The sign-in request was refused.";
  return { error: { code, message } };
}

async function sendWebResponse(request: FastifyRequest, reply: FastifyReply, response: Response) {
  reply.status(response.status);
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie" && name !== "content-length") reply.header(name, value);
  });
  // Behind a trusted https proxy the cookies are Secure, PUBLIC_URL or not.
  const secure = request.protocol === "https";
  const cookies = response.headers
    .getSetCookie()
    .map((cookie) => (secure && !/;\s*secure\b/i.test(cookie) ? `${cookie}; Secure` : cookie));
  if (cookies.length > 0) reply.header("set-cookie", cookies);
  const text = response.body ? await response.text() : "";
  if (response.status >= 400) {
    if (response.status >= 500)
      request.log.error({ status: response.status, body: text }, "better-auth error");
    return reply.type("application/json; charset=utf-8").send(apiError(response.status, text));
  }
  return reply.send(text || null);
}

/** The fields in which better-auth accepts a place to send the browser (with a token, for a reset). */
const redirectFields = ["redirectTo", "callbackURL", "errorCallbackURL", "newUserCallbackURL"] as const;

/**
 * A redirect stays on this site: a path ("/reset-password", not "//host" or "/\\host") or an
 * address on PUBLIC_URL's origin. better-auth trusts the request's own origin (the UI and the API
 * share it), which a forged Host header chooses; a reset token must never follow it elsewhere.
 */
function offSiteRedirect(request: FastifyRequest, origin: string): string | undefined {
  const sources = [request.body, request.query] as Array<Record<string, unknown> | null | undefined>;
  for (const source of sources) {
    if (!source || typeof source !== "object") continue;
    for (const field of redirectFields) {
      const value = source[field];
      if (value === undefined) continue;
      if (typeof value !== "string") return field;
      const plainPath = /^\/(?![/\\])/.test(value) && !value.includes("\\");
      if (plainPath && ![...value].some((character) => character.charCodeAt(0) < 0x20)) continue;
      try {
        if (new URL(value).origin === origin) continue;
      } catch {
        // not an address: refused below
      }
      return field;
    }
  }
  return undefined;
}

/**
 * better-auth's endpoints under /api/auth. Every POST but sign-out is a credential attempt: it is
 * counted per client IP and per IP and e-mail in the database (decision 0027), whatever path
 * better-auth would route it to; odd path spellings never get here (app.ts refuses them).
 */
export async function authRoutes(app: FastifyInstance, deps: AppDeps) {
  const limits = {
    perIpAndEmail: deps.config.SIGN_IN_ATTEMPTS_PER_MINUTE,
    perIp: deps.config.SIGN_IN_ATTEMPTS_PER_IP_PER_MINUTE,
  };
  const origin = publicOrigin(deps.config);
  const limitAttempts = async (request: FastifyRequest, reply: FastifyReply) => {
    const field = offSiteRedirect(request, origin);
    if (field)
      return reply.code(400).send({
        error: {
          code: "invalid_redirect",
          message: `${field} must be a path on this site (for example /reset-password) or an address on ${origin}.`,
        },
      });
    if (request.method !== "POST" || request.url.split("?")[0] === "/api/auth/sign-out") return;
    const email = (request.body as { email?: unknown } | null | undefined)?.email;
    const verdict = await countSignInAttempt(
      deps.db,
      { ip: request.ip, email: typeof email === "string" ? email.trim().toLowerCase() : undefined },
      limits,
    );
    if (verdict.allowed) return;
    return reply
      .code(429)
      .header("retry-after", String(verdict.retryAfterSeconds))
      .send({
        error: {
          code: "too_many_requests",
          message: `Too many sign-in attempts${verdict.limit === "ip" ? " from this address" : ""}. Try again in ${verdict.retryAfterSeconds} seconds.`,
        },
      });
  };
  const handler = async (request: FastifyRequest, reply: FastifyReply) =>
    sendWebResponse(request, reply, await deps.auth.handler(toWebRequest(request)));
  app.route({
    method: ["GET", "POST"],
    url: "/api/auth/*",
    // A sign-in body is a few hundred bytes.
    bodyLimit: 16 * 1024,
    schema: { hide: true },
    preHandler: limitAttempts,
    handler,
  });
}
