import type { FastifyInstance, FastifyRequest } from "fastify";
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
  spendCreditsBatchCoalesced,
  spendCreditsCoalesced,
  withSpendRetries,
} from "./credits.service.js";
import { SpendCoalescer } from "./spend-coalescer.js";

/**
 * Spends with an Idempotency-Key go through `mutate` (the key's claim shares the spend's
 * transaction); without one, the eventId is the spend's idempotency key and the spend is
 * group-committed with the concurrent ones (decision 0104).
 */
const hasIdempotencyKey = (request: FastifyRequest) => request.headers["idempotency-key"] !== undefined;

export async function creditRoutes(app: FastifyInstance, deps: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const spends = new SpendCoalescer(deps);
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
      // A spend changes no cached subscription or API key (a reset it runs clears them itself).
      config: { keepsReadCaches: true },
      schema: {
        tags: ["credits"],
        summary:
          "Spend credits for one event. A repeated eventId returns the first result; 402 insufficient_credits spends nothing",
        body: spendEvent,
      },
    },
    async (request, reply) =>
      hasIdempotencyKey(request)
        ? withSpendRetries(deps, () =>
            mutate(deps, request, reply, "credits.spend", (tx, caller) =>
              spendCredits(tx, deps, caller, request.body),
            ),
          )
        : spendCreditsCoalesced(spends, callerOf(request), request.body),
  );
  api.post(
    "/credits/spend/batch",
    {
      // A spend changes no cached subscription or API key (a reset it runs clears them itself).
      config: { keepsReadCaches: true },
      schema: {
        tags: ["credits"],
        summary: "Spend credits for up to 1,000 events, in order, each with its own result",
        body: spendBatchBody,
      },
    },
    async (request, reply) =>
      hasIdempotencyKey(request)
        ? withSpendRetries(deps, () =>
            mutate(deps, request, reply, "credits.spend", (tx, caller) =>
              spendCreditsBatch(tx, deps, caller, request.body),
            ),
          )
        : spendCreditsBatchCoalesced(spends, callerOf(request), request.body),
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
        "operator",
        (tx, caller) =>
          adjustOrganizationCredits(tx, deps, caller, request.params.organizationId, request.body),
        201,
      ),
  );
}
