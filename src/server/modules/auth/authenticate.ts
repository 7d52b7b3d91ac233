import { timingSafeEqual } from "node:crypto";
import type { FastifyRequest } from "fastify";
import type { AppDeps, Caller } from "../../context.js";
import { AppError, unauthorized } from "../../errors.js";
import { apiKeyPrefix, findActiveApiKey, hashApiKey } from "../api-keys/api-keys.repository.js";
import { findActiveMembership } from "../users/users.repository.js";
import type { Principal } from "./principal.js";

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw unauthorized("The Authorization header must be 'Bearer <token>'.");
  return match[1];
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A cookie rides along on any request the browser makes, so a state-changing request that
 * authenticates by cookie must come from our own pages: its Origin (or Referer) must be this host.
 */
export function requireSameOrigin(request: FastifyRequest) {
  if (safeMethods.has(request.method)) return;
  const source = request.headers.origin ?? request.headers.referer;
  let host: string | undefined;
  try {
    host = source ? new URL(source).host : undefined;
  } catch {
    host = undefined;
  }
  if (!host || host !== request.headers.host) {
    throw new AppError(
      "forbidden",
      "This request did not come from the WiseParts Billing pages (cross-site requests are refused).",
      403,
      "Origin",
    );
  }
}

/** The better-auth session the request's cookie carries, if any (identity and organization). */
export async function readSession(deps: AppDeps, request: FastifyRequest) {
  if (!request.headers.cookie?.includes("wp.session_token")) return undefined;
  const headers = new Headers();
  headers.set("cookie", request.headers.cookie);
  const session = await deps.auth.api.getSession({ headers });
  if (!session) return undefined;
  const organizationId = (session.session as { organizationId?: string | null }).organizationId ?? null;
  return {
    sessionId: session.session.id,
    identityId: session.user.id,
    email: session.user.email,
    organizationId,
  };
}

/**
 * A session acts on the one organization stored with it, as the identity's membership there
 * (decision 0020); it is a principal only while that membership is active.
 */
async function sessionPrincipal(deps: AppDeps, request: FastifyRequest): Promise<Principal | undefined> {
  const session = await readSession(deps, request);
  if (!session?.organizationId) return undefined;
  const member = await findActiveMembership(deps.db, session.identityId, session.organizationId);
  // A deactivated member's sessions there are deleted; this also covers one that raced with it.
  if (!member) return undefined;
  requireSameOrigin(request);
  return {
    kind: "member",
    organizationId: member.organizationId,
    role: member.role,
    actorType: "user",
    actorId: member.id,
    sessionId: session.sessionId,
  };
}

/**
 * Who is calling. Synchronous when the request carries an API key this process has cached (most
 * API requests): no promise, no tick. Throws (or rejects) `unauthorized` when nobody is.
 */
export function resolvePrincipal(deps: AppDeps, request: FastifyRequest): Principal | Promise<Principal> {
  const token = bearerToken(request);
  if (!token) {
    return sessionPrincipal(deps, request).then((principal) => {
      if (principal) return principal;
      throw unauthorized();
    });
  }
  const operatorToken = deps.config.OPERATOR_TOKEN;
  if (operatorToken && sameSecret(token, operatorToken)) {
    return { kind: "operator", actorType: "operator", actorId: "operator" };
  }
  if (token.startsWith(apiKeyPrefix) && token.length < 200) {
    const secretHash = hashApiKey(token);
    const cached = deps.caches.apiKeys.get(secretHash);
    if (cached) return cached;
    return apiKeyPrincipal(deps, secretHash).then((principal) => {
      if (principal) return principal;
      throw invalidToken();
    });
  }
  throw invalidToken();
}

const invalidToken = () => unauthorized("The API key or token is not valid, or was revoked.");

/**
 * An active key's principal, read from the database and cached until its organization changes (a
 * revocation invalidates it). Unknown secrets are never cached.
 */
async function apiKeyPrincipal(deps: AppDeps, secretHash: string): Promise<Principal | undefined> {
  const ticket = deps.caches.apiKeys.ticket();
  const startedAt = performance.now();
  const key = await findActiveApiKey(deps.db, secretHash);
  if (!key) return undefined;
  const principal: Principal = {
    kind: "member",
    organizationId: key.organizationId,
    role: key.role,
    actorType: "api_key",
    actorId: key.id,
  };
  deps.caches.apiKeys.set(secretHash, key.organizationId, principal, ticket, startedAt);
  return principal;
}

function callerFor(request: FastifyRequest, principal: Principal): Caller {
  const agent = String(request.headers["user-agent"] ?? "").slice(0, 120);
  const channel = principal.actorType === "user" ? "web" : "api";
  return { principal, requestId: request.id, source: `${channel} ${request.ip}${agent ? ` ${agent}` : ""}` };
}

/** The caller; synchronous when `resolvePrincipal` is. */
export function resolveCaller(deps: AppDeps, request: FastifyRequest): Caller | Promise<Caller> {
  const principal = resolvePrincipal(deps, request);
  return principal instanceof Promise
    ? principal.then((resolved) => callerFor(request, resolved))
    : callerFor(request, principal);
}

export function requireOperator(principal: Principal) {
  if (principal.kind !== "operator") throw unauthorized("This endpoint needs the operator token.");
  return principal;
}
