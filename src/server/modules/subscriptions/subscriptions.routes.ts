import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppDeps } from "../../context.js";
import { authorizedCaller, callerOf, mutate } from "../../http/mutate.js";
import { existingId } from "../../validation/ids.js";
import { errorResponses } from "../../validation/responses.js";
import { subscriptionView } from "../change-requests/change-requests.schemas.js";
import { changeRequestBanner } from "../change-requests/change-requests.service.js";
import { invoiceResponse } from "../invoices/invoices.schemas.js";
import { createChangeCoalescer } from "./change-coalescer.js";
import { createQuoter } from "./quote.js";
import {
  appliedChangeResponse,
  overrideBody,
  previewResponse,
  subscriptionChangeBody,
} from "./subscriptions.schemas.js";
import { directSaveItem, getSubscription, overrideChange } from "./subscriptions.service.js";

export async function subscriptionRoutes(app: FastifyInstance, deps: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  // Direct saves of this app instance are written in batches (group commit, decision 0012).
  const changes = createChangeCoalescer(deps);
  const quoteJson = createQuoter(deps);
  api.get(
    "/subscription",
    {
      schema: {
        tags: ["subscription"],
        operationId: "getSubscription",
        summary: "The organization's subscription",
        response: { 200: subscriptionView, ...errorResponses(404) },
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
        operationId: "previewSubscriptionChange",
        summary: "Quote a change without writing (same computation as apply)",
        description:
          "What happens today (dueNow, with the credits each line grants now) and what the save would schedule for the renewal (scheduled: a decrease takes effect at the end of the period; nothing is refunded).",
        body: subscriptionChangeBody,
        response: { 200: previewResponse, ...errorResponses(404) },
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
      schema: {
        tags: ["subscription"],
        operationId: "applySubscriptionChange",
        summary: "Apply a change: seats, additional credit blocks, interval",
        description:
          "Applied at once, or 409 change_request_pending when the organization requires approval for the caller's role (submit a change request instead). 409 conflict when expectedVersion is stale; 422 when a billing rule is broken; 503 outcome_unknown when the commit could not be confirmed: retry with the same Idempotency-Key.",
        body: subscriptionChangeBody,
        response: { 200: appliedChangeResponse(invoiceResponse), ...errorResponses(404, 409, 422, 503) },
      },
    },
    async (request, reply) => {
      // One door: authorized first, then the key (if any) is claimed inside the batch (decision 0040).
      const { caller, idempotency } = authorizedCaller(request, "subscription.change");
      const result = await changes.submit({ item: directSaveItem(caller, request.body), idempotency });
      // A stored answer replays its own status (the document lists every one it can be).
      return reply.code(result.statusCode as 200).send(result.body as never);
    },
  );
  api.post(
    "/organizations/:id/subscription/override",
    {
      schema: {
        tags: ["operator"],
        operationId: "overrideSubscription",
        summary: "Support override (operator): change a subscription, yearly → monthly mid-term included",
        response: { 200: appliedChangeResponse(invoiceResponse), ...errorResponses(404, 409, 422) },
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
