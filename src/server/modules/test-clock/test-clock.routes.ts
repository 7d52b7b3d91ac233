import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { afterCommit } from "../../cache/after-commit.js";
import type { AppDeps } from "../../context.js";
import { runMutation } from "../../http/idempotency.js";
import { callerOf } from "../../http/mutate.js";
import { requireOperator } from "../auth/authenticate.js";
import { testClockBody } from "./test-clock.schemas.js";
import { getTestClock, manualClockOf, moveTestClock } from "./test-clock.service.js";

/** Registered only when BILLING_CLOCK=manual: otherwise these paths do not exist (404). */
export async function testClockRoutes(app: FastifyInstance, deps: AppDeps) {
  const clock = manualClockOf(deps);
  if (!clock) return;
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    "/test-clock",
    { schema: { tags: ["test clock"], summary: "The manual test clock (BILLING_CLOCK=manual only)" } },
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
        body: testClockBody,
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
      return reply.code(result.statusCode).send(result.body);
    },
  );
}
