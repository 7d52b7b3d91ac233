import type { FastifyReply, FastifyRequest } from "fastify";
import { idempotencyScopeOf } from "../batching/idempotency.js";
import { afterCommit as commitDone } from "../cache/after-commit.js";
import type { AppDeps, Caller } from "../context.js";
import type { Transaction } from "../db/client.js";
import { requireOperator } from "../modules/auth/authenticate.js";
import { authorize, type Permission, type Principal } from "../modules/auth/principal.js";
import { idempotencyClaimOf, runMutation } from "./idempotency.js";

export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new Error(`route ${request.routeOptions.url} has no authenticated caller`);
  return request.caller;
}

/** Who may make a mutation: a permission of the caller's role, or the operator token. */
export type Access = Permission | "operator";

/** The same check the service makes, run before any Idempotency-Key is looked at (issue 11). */
export function requireAccess(principal: Principal, access: Access) {
  if (access === "operator") requireOperator(principal);
  else authorize(principal, access);
}

/**
 * The caller of a batched mutation, authorized for `access`, and the claim of its Idempotency-Key
 * (read only after authorization: decision 0025), which the batch's transaction claims.
 */
export function authorizedCaller(request: FastifyRequest, access: Access) {
  const caller = callerOf(request);
  requireAccess(caller.principal, access);
  return { caller, idempotency: idempotencyClaimOf(request, caller.principal) };
}

/**
 * One mutation = one transaction, replay-safe under Idempotency-Key. The caller passes `access`
 * before its key is claimed or replayed, and a key belongs to its caller (decision 0025).
 */
export async function mutate<T>(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  access: Access,
  work: (tx: Transaction, caller: Caller) => Promise<T>,
  statusCode = 200,
  /** Runs after the commit and before the answer (a revocation waits for every process here). */
  afterCommit?: (caller: Caller) => Promise<void>,
) {
  const caller = callerOf(request);
  requireAccess(caller.principal, access);
  const scope = idempotencyScopeOf(caller.principal);
  const result = await runMutation(
    deps.db,
    { scope, request, now: deps.clock.now(), sealingKey: deps.sealingKey },
    async (tx) => ({
      statusCode,
      body: await work(tx, caller),
    }),
  );
  if (result.statusCode < 400) {
    // The unit of work touched the caller's organization; the operator's, any organization.
    const { principal } = caller;
    commitDone(
      deps.caches,
      principal.kind === "member"
        ? { organizations: [principal.organizationId] }
        : { organizations: "all", apiKeys: true },
    );
    if (afterCommit) await afterCommit(caller);
  }
  return reply.code(result.statusCode).send(result.body);
}
