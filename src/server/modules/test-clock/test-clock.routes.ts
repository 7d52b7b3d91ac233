import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { afterCommit } from "../../cache/after-commit.js";
import type { AppDeps } from "../../context.js";
import { runMutation } from "../../http/idempotency.js";
import { callerOf } from "../../http/mutate.js";
import { errorResponses } from "../../validation/responses.js";
import { requireOperator } from "../auth/authenticate.js";
import { movedTestClockResponse, testClockBody, testClockResponse } from "./test-clock.schemas.js";
import { getTestClock, manualClockOf, moveTestClock } from "./test-clock.service.js";

/** Registered only when BILLING_CLOCK=manual: otherwise these paths do not exist (404). */
export async function testClockRoutes(app: FastifyInstance, deps: AppDeps) {
  const clock = manualClockOf(deps);
  if (!clock) return;
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    "/test-clock",
    {
      schema: {
        tags: ["test clock"],
        operationId: "getTestClock",
        summary: "The manual test clock (BILLING_CLOCK=manual only)",
        response: { 200: testClockResponse, ...errorResponses(404) },
      },
    },
    async (request) => {
      requireOperator(callerOf(request).principal);
      return getTestClock(deps);
    },
  );
  api.post(
    "/test-clock",
    {
      schema: {
        tags: ["test clock"],
        summary:
          "Move the test clock (operator token); runs the renewals and credit resets that became due before answering",
        operationId: "moveTestClock",
        body: testClockBody,
        response: { 200: movedTestClockResponse, ...errorResponses(409, 422) },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      // Operator-only whatever the key: checked before a stored answer could be replayed.
      requireOperator(caller.principal);
      // Like mutate(), one transaction under Idempotency-Key; the process clock moves after commit.
      const result = await runMutation(
        deps.db,
        { scope: "operator", request, now: clock.now(), sealingKey: deps.sealingKey },
        async (tx) => ({
          statusCode: 200,
          body: await moveTestClock(tx, deps, caller, request.body),
        }),
      );
      clock.set(new Date(result.body.now));
      // The clock moved and due work ran for any organization: nothing cached is current.
      afterCommit(deps.caches, { organizations: "all", apiKeys: true });
      return reply.code(result.statusCode as 200).send(result.body);
    },
  );
}
