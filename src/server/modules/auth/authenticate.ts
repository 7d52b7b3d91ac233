import { timingSafeEqual } from "node:crypto";
import type { FastifyRequest } from "fastify";
import type { AppDeps, Caller } from "../../context.js";
import { unauthorized } from "../../http/errors.js";
import { apiKeyPrefix, findActiveApiKey } from "../api-keys/api-keys.repository.js";
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

export async function resolvePrincipal(deps: AppDeps, request: FastifyRequest): Promise<Principal> {
  const token = bearerToken(request);
  if (!token) throw unauthorized();
  const operatorToken = deps.config.OPERATOR_TOKEN;
  if (operatorToken && sameSecret(token, operatorToken)) {
    return { kind: "operator", actorType: "operator", actorId: "operator" };
  }
  if (token.startsWith(apiKeyPrefix) && token.length < 200) {
    const key = await findActiveApiKey(deps.db, token);
    if (key) {
      return {
        kind: "member",
        organizationId: key.organizationId,
        role: key.role,
        actorType: "api_key",
        actorId: key.id,
      };
    }
  }
  throw unauthorized("The API key or token is not valid, or was revoked.");
}

export async function resolveCaller(deps: AppDeps, request: FastifyRequest): Promise<Caller> {
  const principal = await resolvePrincipal(deps, request);
  const agent = String(request.headers["user-agent"] ?? "").slice(0, 120);
  return { principal, requestId: request.id, source: `api ${request.ip}${agent ? ` ${agent}` : ""}` };
}

export function requireOperator(principal: Principal) {
  if (principal.kind !== "operator") throw unauthorized("This endpoint needs the operator token.");
  return principal;
}
