import { monthlyAllocation, type SpendOutcome } from "../../../core/credits.js";
import type { IdempotencyClaim } from "../../batching/idempotency.js";
import type { AppDeps, Caller } from "../../context.js";
import { auditBy } from "../../context.js";
import type { Transaction } from "../../db/client.js";
import { AppError, notFound } from "../../errors.js";
import { countSpends } from "../../metrics.js";
import { existingId } from "../../validation/ids.js";
import { recordAudit } from "../audit/audit.repository.js";
import { requireOperator } from "../auth/authenticate.js";
import { authorize } from "../auth/principal.js";
import { loadSubscription } from "../subscriptions/subscriptions.repository.js";
import {
  adjustCredits,
  dailyUsage,
  findCreditBalance,
  grantsAfterReset,
  listCreditNotices,
  listLedger,
  usageByFeature,
} from "./credits.repository.js";
import type { AdjustmentBody, SpendBatchBody, SpendEventBody } from "./credits.schemas.js";
import type { DecidedSpends, SpendCoalescer } from "./spend-coalescer.js";
import type { SpendRequest } from "./spend-writer.js";

function noticeMessage(threshold: number) {
  return threshold >= 100
    ? "All AI credits of this cycle are used. AI features are paused until the reset or until credits are added."
    : `${threshold}% of this cycle's AI credits are used.`;
}

function insufficient(cycleEnd: Date, remaining: number, credits: number) {
  return new AppError(
    "insufficient_credits",
    `This event needs ${credits.toLocaleString("en-US")} credits and ${remaining.toLocaleString("en-US")} remain in this cycle (it resets at ${cycleEnd.toISOString()}).`,
    402,
    "credits",
    { required: credits, remaining, resetAt: cycleEnd.toISOString() },
  );
}

/** A single spend's answer: 200 with the (first) result, or 402 insufficient_credits. */
function singleResponse(event: SpendEventBody, decided: DecidedSpends) {
  const outcome = decided.outcomes[0];
  if (!outcome) throw new Error("single spend without an outcome");
  switch (outcome.status) {
    case "insufficient_credits":
      throw insufficient(decided.cycle.cycleEnd, outcome.balance, event.credits);
    case "duplicate":
      return {
        eventId: event.eventId,
        status: "spent" as const,
        duplicate: true,
        feature: outcome.first.feature ?? event.feature,
        credits: outcome.first.credits,
        occurredAt: (
          decided.firstOccurredAt.get(outcome.eventId) ?? new Date(event.occurredAt)
        ).toISOString(),
        balance: outcome.first.balanceAfter,
      };
    case "spent":
      return {
        eventId: event.eventId,
        status: "spent" as const,
        duplicate: false,
        feature: event.feature,
        credits: event.credits,
        occurredAt: new Date(event.occurredAt).toISOString(),
        balance: outcome.balanceAfter,
      };
  }
}

function toBatchResult(outcome: SpendOutcome) {
  if (outcome.status === "spent") {
    return {
      eventId: outcome.eventId,
      status: "spent" as const,
      duplicate: false,
      feature: outcome.feature,
      credits: outcome.credits,
      balance: outcome.balanceAfter,
    };
  }
  if (outcome.status === "duplicate") {
    return {
      eventId: outcome.eventId,
      status: "spent" as const,
      duplicate: true,
      feature: outcome.first.feature,
      credits: outcome.first.credits,
      balance: outcome.first.balanceAfter,
    };
  }
  return {
    eventId: outcome.eventId,
    status: "insufficient_credits" as const,
    duplicate: false,
    credits: outcome.credits,
    balance: outcome.balance,
    error: {
      code: "insufficient_credits" as const,
      message: `This event needs ${outcome.credits} credits and ${outcome.balance} remain in this cycle.`,
    },
  };
}

function batchResponse(decided: DecidedSpends) {
  return {
    results: decided.outcomes.map(toBatchResult),
    spent: decided.spent,
    balance: decided.cycle.balance,
    cycleStart: decided.cycle.cycleStart.toISOString(),
    cycleEnd: decided.cycle.cycleEnd.toISOString(),
  };
}

function spenderOf(caller: Caller): string {
  return authorize(caller.principal, "credits.spend").organizationId;
}

/** The request's response: its own decision, or what its Idempotency-Key keeps (or replays). */
async function answered<T>(
  spends: SpendCoalescer,
  request: SpendRequest,
  idempotency: IdempotencyClaim | undefined,
  respond: (decided: DecidedSpends) => T,
): Promise<T> {
  if (!idempotency) {
    const decided = await spends.submit(request);
    countSpends(decided.outcomes);
    return respond(decided);
  }
  const answer = await spends.answer({
    ...request,
    idempotency: { claim: idempotency, respond: (decided) => ({ statusCode: 200, body: respond(decided) }) },
  });
  if ("decided" in answer) {
    countSpends(answer.decided.outcomes);
    return respond(answer.decided);
  }
  return answer.response.body as T;
}

/**
 * POST /credits/spend: through the spend door, group-committed with concurrent spends (decision
 * 0104); with an Idempotency-Key, its claim is a step of the same transaction (decision 0040).
 */
export async function spendCredits(
  spends: SpendCoalescer,
  caller: Caller,
  event: SpendEventBody,
  idempotency?: IdempotencyClaim,
) {
  const organizationId = spenderOf(caller);
  return answered(spends, { organizationId, events: [event] }, idempotency, (decided) =>
    singleResponse(event, decided),
  );
}

/**
 * POST /credits/spend/batch: the organization's balance row is locked once, the events are decided
 * in order exactly as one-by-one spends would be, and the accepted ones written in one statement.
 */
export async function spendCreditsBatch(
  spends: SpendCoalescer,
  caller: Caller,
  body: SpendBatchBody,
  idempotency?: IdempotencyClaim,
) {
  const organizationId = spenderOf(caller);
  return answered(spends, { organizationId, events: body.events }, idempotency, batchResponse);
}

/** GET /credits: the cycle's allocation, use, what remains, the reset time and the notices. */
export async function getCredits(deps: AppDeps, caller: Caller) {
  const principal = authorize(caller.principal, "credits.read");
  const organizationId = principal.organizationId;
  const [balance, subscription] = [
    await findCreditBalance(deps.db, organizationId),
    await loadSubscription(deps.db, organizationId, { lock: false }),
  ];
  if (!balance || !subscription) throw notFound("The organization's credit cycle");
  const [byFeature, notices, addedThisCycle] = [
    await usageByFeature(deps.db, organizationId, balance.cycleStart),
    await listCreditNotices(deps.db, organizationId, balance.cycleStart),
    await grantsAfterReset(deps.db, organizationId, balance.cycleStart),
  ];
  const { row } = subscription;
  const used = balance.allocation - balance.balance;
  return {
    cycleStart: balance.cycleStart.toISOString(),
    cycleEnd: balance.cycleEnd.toISOString(),
    resetAt: balance.cycleEnd.toISOString(),
    allocation: balance.allocation,
    used,
    remaining: balance.balance,
    /** What the next reset grants (a scheduled decrease applies when the reset is the renewal's). */
    nextAllocation:
      row.scheduledEffectiveAt !== null && row.scheduledEffectiveAt.getTime() <= balance.cycleEnd.getTime()
        ? monthlyAllocation(
            deps.catalog,
            Math.max(row.scheduledSeats ?? row.seats, subscription.state.activeUsers),
            row.scheduledCreditBlocks ?? 0,
          )
        : monthlyAllocation(deps.catalog, row.seats, row.additionalCreditBlocks),
    byFeature,
    /** Credits granted since the reset for seats (prorated) and blocks (in full) added this cycle. */
    addedThisCycle,
    notices: notices.map((notice) => ({
      threshold: notice.threshold,
      used: notice.used,
      allocation: notice.allocation,
      createdAt: notice.createdAt.toISOString(),
      message: noticeMessage(notice.threshold),
    })),
  };
}

/** GET /credits/ledger: every entry, newest first, paginated by id. */
export async function getLedger(deps: AppDeps, caller: Caller, page: { limit: number; before?: number }) {
  const principal = authorize(caller.principal, "credits.read");
  const rows = await listLedger(deps.db, principal.organizationId, {
    limit: page.limit + 1,
    beforeId: page.before,
  });
  const entries = rows.slice(0, page.limit);
  const last = entries.at(-1);
  return {
    entries: entries.map((row) => ({
      id: row.id,
      kind: row.kind,
      credits: row.credits,
      balanceAfter: row.balanceAfter,
      eventId: row.eventId,
      feature: row.feature,
      cycleStart: row.cycleStart.toISOString(),
      occurredAt: row.occurredAt.toISOString(),
      recordedAt: row.recordedAt.toISOString(),
    })),
    nextBefore: rows.length > page.limit && last ? last.id : null,
  };
}

const dayMs = 24 * 60 * 60 * 1000;

/** GET /credits/usage/daily: credits spent per UTC day of a cycle (the current one by default). */
export async function getDailyUsage(deps: AppDeps, caller: Caller, query: { cycleStart?: string }) {
  const principal = authorize(caller.principal, "credits.read");
  const balance = await findCreditBalance(deps.db, principal.organizationId);
  if (!balance) throw notFound("The organization's credit cycle");
  const cycleStart = query.cycleStart ? new Date(query.cycleStart) : balance.cycleStart;
  const rows = await dailyUsage(deps.db, principal.organizationId, cycleStart);
  const days = new Map<string, { date: string; credits: number; byFeature: Record<string, number> }>();
  const isCurrent = cycleStart.getTime() === balance.cycleStart.getTime();
  if (isCurrent) {
    // Every day of the current cycle up to today, zeros included, so a chart has no holes.
    const until = Math.min(balance.cycleEnd.getTime() - 1, deps.clock.now().getTime());
    const first = Date.UTC(cycleStart.getUTCFullYear(), cycleStart.getUTCMonth(), cycleStart.getUTCDate());
    for (let day = first; day <= until; day += dayMs) {
      const date = new Date(day).toISOString().slice(0, 10);
      days.set(date, { date, credits: 0, byFeature: {} });
    }
  }
  for (const row of rows) {
    const day = days.get(row.day) ?? { date: row.day, credits: 0, byFeature: {} };
    day.credits += row.credits;
    day.byFeature[row.feature] = (day.byFeature[row.feature] ?? 0) + row.credits;
    days.set(row.day, day);
  }
  return {
    cycleStart: cycleStart.toISOString(),
    cycleEnd: isCurrent ? balance.cycleEnd.toISOString() : null,
    days: [...days.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
  };
}

/**
 * POST /organizations/:organizationId/credits/adjustments (operator): support adds or removes
 * credits in the current cycle, as an "adjustment" ledger entry, audited with its reason.
 */
export async function adjustOrganizationCredits(
  tx: Transaction,
  deps: AppDeps,
  caller: Caller,
  organizationId: string,
  body: AdjustmentBody,
) {
  requireOperator(caller.principal);
  existingId(organizationId, "The organization");
  const now = deps.clock.now();
  const before = await findCreditBalance(tx, organizationId);
  if (!before) throw notFound("The organization");
  const adjusted = await adjustCredits(tx, { organizationId, credits: body.credits, now });
  if (!adjusted) {
    throw new AppError(
      "insufficient_credits",
      `Removing ${(-body.credits).toLocaleString("en-US")} credits would take the balance below zero (${before.balance.toLocaleString("en-US")} remain).`,
      422,
      "credits",
    );
  }
  const after = {
    cycleStart: adjusted.cycleStart.toISOString(),
    cycleEnd: adjusted.cycleEnd.toISOString(),
    allocation: adjusted.allocation,
    remaining: adjusted.balance,
  };
  await recordAudit(tx, {
    ...auditBy(caller, organizationId),
    action: "credits.adjusted",
    entityType: "credit_cycle",
    entityId: organizationId,
    before: { allocation: before.allocation, remaining: before.balance },
    after: { ...after, credits: body.credits, reason: body.reason, ledgerEntryId: adjusted.entryId },
    occurredAt: now,
  });
  return { ...after, credits: body.credits, reason: body.reason, ledgerEntryId: adjusted.entryId };
}
