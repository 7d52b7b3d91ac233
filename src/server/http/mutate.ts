import type { FastifyReply, FastifyRequest } from "fastify";
import type { AppDeps, Caller } from "../context.js";
import type { Transaction } from "../db/client.js";
import { catchUpOrganization } from "../jobs/run-due-work.js";
import { runMutation } from "./idempotency.js";

export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new Error(`route ${request.routeOptions.url} has no authenticated caller`);
  return request.caller;
}

/** One mutation = one transaction, replay-safe under Idempotency-Key. */
export async function mutate<T>(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  work: (tx: Transaction, caller: Caller) => Promise<T>,
  statusCode = 200,
) {
  const caller = callerOf(request);
  const scope = caller.principal.kind === "member" ? `org:${caller.principal.organizationId}` : "operator";
  const result = await runMutation(
    deps.db,
    { scope, request, now: deps.clock.now(), sealingKey: deps.sealingKey },
    async (tx) => ({
      statusCode,
      body: await work(tx, caller),
    }),
  );
  return reply.code(result.statusCode).send(result.body);
}

/**
 * Runs the caller's organization's overdue renewal or credit reset before a quote or a change, so
 * a lagging scheduler never blocks a customer (see catchUpOrganization).
 */
export async function catchUpCaller(deps: AppDeps, request: FastifyRequest): Promise<void> {
  const { principal } = callerOf(request);
  if (principal.kind !== "member") return;
  await catchUpOrganization(deps, principal.organizationId, deps.clock.now());
}
