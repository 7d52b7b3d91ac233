import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { AppDeps } from "../../context.js";
import { callerOf, mutate } from "../../http/mutate.js";
import {
  adjustmentBody,
  dailyUsageQuery,
  ledgerQuery,
  organizationParams,
  spendBatchBody,
  spendEvent,
} from "./credits.schemas.js";
import {
  adjustOrganizationCredits,
  getCredits,
  getDailyUsage,
  getLedger,
  spendCredits,
  spendCreditsBatch,
  withSpendRetries,
} from "./credits.service.js";

export async function creditRoutes(app: FastifyInstance, deps: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    "/credits",
    {
      schema: {
        tags: ["credits"],
        summary: "AI credits of the current cycle: allocation, used, remaining, reset time, use by feature",
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
        querystring: ledgerQuery,
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
        querystring: dailyUsageQuery,
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
        body: spendEvent,
      },
    },
    async (request, reply) =>
      withSpendRetries(deps, () =>
        mutate(deps, request, reply, (tx, caller) => spendCredits(tx, deps, caller, request.body)),
      ),
  );
  api.post(
    "/credits/spend/batch",
    {
      schema: {
        tags: ["credits"],
        summary: "Spend credits for up to 1,000 events, in order, each with its own result",
        body: spendBatchBody,
      },
    },
    async (request, reply) =>
      withSpendRetries(deps, () =>
        mutate(deps, request, reply, (tx, caller) => spendCreditsBatch(tx, deps, caller, request.body)),
      ),
  );
  api.post(
    "/organizations/:organizationId/credits/adjustments",
    {
      schema: {
        tags: ["operator"],
        summary: "Add or remove credits in the organization's current cycle, with a reason (operator token)",
        params: organizationParams,
        body: adjustmentBody,
      },
    },
    async (request, reply) =>
      mutate(
        deps,
        request,
        reply,
        (tx, caller) =>
          adjustOrganizationCredits(tx, deps, caller, request.params.organizationId, request.body),
        201,
      ),
  );
}
