import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { AppDeps } from "../../context.js";
import { authorizedCaller, callerOf, mutate } from "../../http/mutate.js";
import { errorResponses } from "../../validation/responses.js";
import {
  adjustmentBody,
  adjustmentResponse,
  creditsResponse,
  dailyUsageQuery,
  dailyUsageResponse,
  ledgerQuery,
  ledgerResponse,
  organizationParams,
  spendBatchBody,
  spendBatchResponse,
  spendEvent,
  spendResponse,
} from "./credits.schemas.js";
import {
  adjustOrganizationCredits,
  getCredits,
  getDailyUsage,
  getLedger,
  spendCredits,
  spendCreditsBatch,
} from "./credits.service.js";
import { SpendCoalescer } from "./spend-coalescer.js";

/**
 * Every spend goes through one door, the SpendCoalescer (group commit, decision 0104). The caller
 * is authorized first; then its Idempotency-Key, when it sends one, is read and claimed inside the
 * spend's transaction (decisions 0025, 0040). Without a key the eventId keeps a repeat harmless.
 */
export async function creditRoutes(app: FastifyInstance, deps: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const spends = new SpendCoalescer(deps);
  api.get(
    "/credits",
    {
      schema: {
        tags: ["credits"],
        operationId: "getCredits",
        summary: "AI credits of the current cycle: allocation, used, remaining, reset time, use by feature",
        response: { 200: creditsResponse, ...errorResponses(404) },
      },
    },
    async (request) => getCredits(deps, callerOf(request)),
  );
  api.get(
    "/credits/ledger",
    {
      schema: {
        tags: ["credits"],
        summary: "The credit ledger, newest first (grants, spends, expiries, adjustments)",
        operationId: "listCreditLedger",
        querystring: ledgerQuery,
        response: { 200: ledgerResponse },
      },
    },
    async (request) => getLedger(deps, callerOf(request), request.query),
  );
  api.get(
    "/credits/usage/daily",
    {
      schema: {
        tags: ["credits"],
        summary: "Credits spent per UTC day and feature in a cycle (the current one by default)",
        operationId: "getDailyCreditUsage",
        querystring: dailyUsageQuery,
        response: { 200: dailyUsageResponse, ...errorResponses(404) },
      },
    },
    async (request) => getDailyUsage(deps, callerOf(request), request.query),
  );
  api.post(
    "/credits/spend",
    {
      schema: {
        tags: ["credits"],
        summary:
          "Spend credits for one event. A repeated eventId returns the first result; 402 insufficient_credits spends nothing",
        operationId: "spendCredits",
        body: spendEvent,
        response: { 200: spendResponse, ...errorResponses(402, 404, 409, 422) },
      },
    },
    async (request) => {
      const { caller, idempotency } = authorizedCaller(request, "credits.spend");
      return spendCredits(spends, caller, request.body, idempotency);
    },
  );
  api.post(
    "/credits/spend/batch",
    {
      schema: {
        tags: ["credits"],
        summary: "Spend credits for up to 1,000 events, in order, each with its own result",
        operationId: "spendCreditsBatch",
        description:
          "Each event is decided in order, as one-by-one spends would be: an event that does not fit is refused in its result (status insufficient_credits) and the next ones still run. A repeated eventId answers its first result (duplicate: true).",
        body: spendBatchBody,
        response: { 200: spendBatchResponse, ...errorResponses(404, 409, 422) },
      },
    },
    async (request) => {
      const { caller, idempotency } = authorizedCaller(request, "credits.spend");
      return spendCreditsBatch(spends, caller, request.body, idempotency);
    },
  );
  api.post(
    "/organizations/:organizationId/credits/adjustments",
    {
      schema: {
        tags: ["operator"],
        summary: "Add or remove credits in the organization's current cycle, with a reason (operator token)",
        params: organizationParams,
        operationId: "adjustCredits",
        body: adjustmentBody,
        response: { 201: adjustmentResponse, ...errorResponses(404, 409, 422) },
      },
    },
    async (request, reply) =>
      mutate(
        deps,
        request,
        reply,
        "operator",
        (tx, caller) =>
          adjustOrganizationCredits(tx, deps, caller, request.params.organizationId, request.body),
        201,
      ),
  );
}
