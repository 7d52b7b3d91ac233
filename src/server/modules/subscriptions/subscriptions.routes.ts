import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppDeps } from "../../context.js";
import { authorizedCaller, callerOf, mutate } from "../../http/mutate.js";
import { existingId } from "../../validation/ids.js";
import { changeRequestBanner } from "../change-requests/change-requests.service.js";
import { createChangeCoalescer } from "./change-coalescer.js";
import { createQuoter } from "./quote.js";
import { bringCallerUpToDate } from "./subscription-snapshot.js";
import {
  overrideBody,
  quoteResponse,
  subscriptionChangeBody,
  subscriptionResponse,
} from "./subscriptions.schemas.js";
import { directSaveItem, getSubscription, overrideChange } from "./subscriptions.service.js";

export async function subscriptionRoutes(app: FastifyInstance, deps: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  // Direct saves of this app instance are written in batches (group commit, decision 0012).
  const changes = createChangeCoalescer(deps);
  const quoteJson = createQuoter(deps);
  // A quote or a change first runs the organization's overdue renewal or reset, if any.
  const catchUp = (request: FastifyRequest) => bringCallerUpToDate(deps, callerOf(request));
  api.get(
    "/subscription",
    {
      schema: {
        tags: ["subscription"],
        summary: "The organization's subscription",
        response: { 200: subscriptionResponse },
      },
    },
    async (request) => {
      const subscription = await getSubscription(deps, callerOf(request));
      return { ...subscription, ...(await changeRequestBanner(deps.db, subscription.organizationId)) };
    },
  );
  api.post(
    "/subscription/preview",
    {
      schema: {
        tags: ["subscription"],
        summary: "Quote a change without writing (same computation as apply)",
        description:
          "What happens today (dueNow, with the credits each line grants now) and what the save would schedule for the renewal (scheduled: a decrease takes effect at the end of the period; nothing is refunded).",
        body: subscriptionChangeBody,
        response: { 200: quoteResponse },
      },
    },
    async (request, reply) =>
      // Pre-serialized JSON (quote memo): the response schema documents it, the string is sent as is.
      reply
        .type("application/json; charset=utf-8")
        .send((await quoteJson(callerOf(request), request.body)) as never),
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
    async (request, reply) => {
      // One door: authorized first, then the key (if any) is claimed inside the batch (decision 0040).
      const { caller, idempotency } = authorizedCaller(request, "subscription.change");
      const result = await changes.submit({ item: directSaveItem(caller, request.body), idempotency });
      return reply.code(result.statusCode).send(result.body);
    },
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
      mutate(deps, request, reply, "operator", (tx, caller) =>
        overrideChange(tx, deps, caller, existingId(request.params.id, "The organization"), request.body),
      ),
  );
}
