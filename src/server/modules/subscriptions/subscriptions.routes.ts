import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { messages } from "../../../core/errors.js";
import type { AppDeps } from "../../context.js";
import { callerOf, catchUpCaller, mutate } from "../../http/mutate.js";
import { existingId } from "../../http/params.js";
import { changeRequestBanner, refuseWhilePending } from "../change-requests/change-requests.service.js";
import { overrideBody, subscriptionChangeBody } from "./subscriptions.schemas.js";
import { applyChange, getSubscription, overrideChange, previewChange } from "./subscriptions.service.js";

export async function subscriptionRoutes(app: FastifyInstance, deps: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  // A quote or a change first runs the organization's overdue renewal or reset, if any.
  const catchUp = async (request: FastifyRequest) => catchUpCaller(deps, request);
  api.get(
    "/subscription",
    { preHandler: catchUp, schema: { tags: ["subscription"], summary: "The organization's subscription" } },
    async (request) => {
      const subscription = await getSubscription(deps, callerOf(request));
      return { ...subscription, ...(await changeRequestBanner(deps.db, subscription.organizationId)) };
    },
  );
  api.post(
    "/subscription/preview",
    {
      preHandler: catchUp,
      schema: {
        tags: ["subscription"],
        summary: "Quote a change without writing (same computation as apply)",
        body: subscriptionChangeBody,
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const quote = await previewChange(deps, caller, request.body);
      const { pendingChangeRequest } = await changeRequestBanner(deps.db, quote.organizationId);
      if (!pendingChangeRequest) return quote;
      const pending = { code: "change_request_pending" as const, message: messages.changeRequestPending };
      return { ...quote, violations: [...quote.violations, pending] };
    },
  );
  api.post(
    "/subscription/changes",
    {
      preHandler: catchUp,
      schema: {
        tags: ["subscription"],
        summary: "Apply a change: seats, additional credit blocks, interval",
        body: subscriptionChangeBody,
      },
    },
    async (request, reply) =>
      mutate(deps, request, reply, (tx, caller) =>
        applyChange(tx, deps, caller, request.body, { guard: refuseWhilePending }),
      ),
  );
  api.post(
    "/organizations/:id/subscription/override",
    {
      schema: {
        tags: ["operator"],
        summary: "Support override (operator): change a subscription, yearly → monthly mid-term included",
        params: z.strictObject({ id: z.string().max(100) }),
        body: overrideBody,
      },
    },
    async (request, reply) =>
      mutate(deps, request, reply, (tx, caller) =>
        overrideChange(tx, deps, caller, existingId(request.params.id, "The organization"), request.body),
      ),
  );
}
