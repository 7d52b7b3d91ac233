import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { AppDeps } from "../../context.js";
import { authorizedCaller } from "../../http/mutate.js";
import { mutationRoute, readRoute } from "../../http/route-kinds.js";
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
const tags = ["credits"];

export async function creditRoutes(app: FastifyInstance, deps: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const spends = new SpendCoalescer(deps);
  readRoute(
    app,
    "/credits",
    {
      tags,
      operationId: "getCredits",
      summary: "AI credits of the current cycle: allocation, used, remaining, reset time, use by feature",
      response: creditsResponse,
      errors: [404],
    },
    ({ caller }) => getCredits(deps, caller),
  );
  readRoute(
    app,
    "/credits/ledger",
    {
      tags,
      operationId: "listCreditLedger",
      summary: "The credit ledger, newest first (grants, spends, expiries, adjustments)",
      querystring: ledgerQuery,
      response: ledgerResponse,
    },
    ({ caller, query }) => getLedger(deps, caller, query),
  );
  readRoute(
    app,
    "/credits/usage/daily",
    {
      tags,
      operationId: "getDailyCreditUsage",
      summary: "Credits spent per UTC day and feature in a cycle (the current one by default)",
      querystring: dailyUsageQuery,
      response: dailyUsageResponse,
      errors: [404],
    },
    ({ caller, query }) => getDailyUsage(deps, caller, query),
  );
  api.post(
    "/credits/spend",
    {
      schema: {
        tags,
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
        tags,
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
  mutationRoute(
    app,
    deps,
    "POST /organizations/:organizationId/credits/adjustments",
    {
      tags: ["operator"],
      operationId: "adjustCredits",
      summary: "Add or remove credits in the organization's current cycle, with a reason (operator token)",
      access: "operator",
      params: organizationParams,
      body: adjustmentBody,
      response: adjustmentResponse,
      status: 201,
      errors: [404, 409, 422],
    },
    (tx, { caller, params, body }) =>
      adjustOrganizationCredits(tx, deps, caller, params.organizationId, body),
  );
}
