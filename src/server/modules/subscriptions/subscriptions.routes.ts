import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { AppDeps } from "../../context.js";
import { callerOf, mutate } from "../../http/mutate.js";
import { subscriptionChangeBody } from "./subscriptions.schemas.js";
import { applyChange, getSubscription, previewChange } from "./subscriptions.service.js";

export async function subscriptionRoutes(app: FastifyInstance, deps: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    "/subscription",
    { schema: { tags: ["subscription"], summary: "The organization's subscription" } },
    async (request) => getSubscription(deps, callerOf(request)),
  );
  api.post(
    "/subscription/preview",
    {
      schema: {
        tags: ["subscription"],
        summary: "Quote a change without writing (same computation as apply)",
        body: subscriptionChangeBody,
      },
    },
    async (request) => previewChange(deps, callerOf(request), request.body),
  );
  api.post(
    "/subscription/changes",
    {
      schema: {
        tags: ["subscription"],
        summary: "Apply a change: seats, additional credit blocks, interval",
        body: subscriptionChangeBody,
      },
    },
    async (request, reply) =>
      mutate(deps, request, reply, (tx, caller) => applyChange(tx, deps, caller, request.body)),
  );
}
