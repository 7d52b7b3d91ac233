import type { FastifyReply, FastifyRequest } from "fastify";
import type { AppDeps, Caller } from "../context.js";
import type { Transaction } from "../db/client.js";
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
