import { monthlyAllocation, type SpendOutcome } from "../../../core/credits.js";
import type { AppDeps, Caller } from "../../context.js";
import { auditActor } from "../../context.js";
import { isUniqueViolation } from "../../db/adapter.js";
import type { Transaction } from "../../db/client.js";
import { AppError, notFound } from "../../errors.js";
import { runDueWork } from "../../jobs/run-due-work.js";
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
import { CycleEnded, type DecidedSpends, noCycle, type SpendCoalescer } from "./spend-coalescer.js";
import { type SpendDecision, writeSpends } from "./spend-writer.js";

function noticeMessage(threshold: number) {
  return threshold >= 100
    ? "All AI credits of this cycle are used. AI features are paused until the reset or until credits are added."
    : `${threshold}% of this cycle's AI credits are used.`;
}

/**
 * Runs a spend mutation in its own transaction (the Idempotency-Key path), retrying it when it
 * could not decide there: the cycle had ended (the reset runs first, in its own transaction), or a
 * concurrent request recorded the same new event id first (the retry then returns that first
 * result). The coalesced path does the same inside the SpendCoalescer.
 */
export async function withSpendRetries<T>(deps: AppDeps, attempt: () => Promise<T>): Promise<T> {
  for (let round = 1; ; round++) {
    try {
      return await attempt();
    } catch (error) {
      if (round >= 4) throw error;
      if (error instanceof CycleEnded) {
        await runDueWork(deps, deps.clock.now(), { organizationId: error.organizationId, wait: true });
        continue;
      }
      if (isUniqueViolation(error, "credit_ledger_event_key")) continue;
      throw error;
    }
  }
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

/** The decision of one request, or the error it answers with (404, 409). */
function decidedOrThrow(organizationId: string, decision: SpendDecision | undefined): DecidedSpends {
  if (!decision) throw new Error("spend left undecided");
  if (decision.kind === "no_cycle") throw noCycle();
  if (decision.kind === "cycle_ended") throw new CycleEnded(organizationId);
  return decision;
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

/**
 * POST /credits/spend in the caller's transaction (with an Idempotency-Key, whose claim shares
 * the transaction): the same set-based writer as the coalesced path, for one request.
 */
export async function spendCredits(tx: Transaction, deps: AppDeps, caller: Caller, event: SpendEventBody) {
  const organizationId = spenderOf(caller);
  const [decision] = await writeSpends(tx, deps.clock, [{ organizationId, events: [event] }]);
  return singleResponse(event, decidedOrThrow(organizationId, decision));
}

/**
 * POST /credits/spend/batch in the caller's transaction: the organization's balance row is locked
 * once, the events are decided in order exactly as one-by-one spends would be, and the accepted
 * ones are written and debited in one statement.
 */
export async function spendCreditsBatch(
  tx: Transaction,
  deps: AppDeps,
  caller: Caller,
  body: SpendBatchBody,
) {
  const organizationId = spenderOf(caller);
  const [decision] = await writeSpends(tx, deps.clock, [{ organizationId, events: body.events }]);
  return batchResponse(decidedOrThrow(organizationId, decision));
}

/** POST /credits/spend without an Idempotency-Key: group-committed with concurrent spends. */
export async function spendCreditsCoalesced(spends: SpendCoalescer, caller: Caller, event: SpendEventBody) {
  const organizationId = spenderOf(caller);
  return singleResponse(event, await spends.submit({ organizationId, events: [event] }));
}

/** POST /credits/spend/batch without an Idempotency-Key: group-committed with concurrent spends. */
export async function spendCreditsBatchCoalesced(
  spends: SpendCoalescer,
  caller: Caller,
  body: SpendBatchBody,
) {
  const organizationId = spenderOf(caller);
  return batchResponse(await spends.submit({ organizationId, events: body.events }));
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
    organizationId,
    ...auditActor(caller),
    action: "credits.adjusted",
    entityType: "credit_cycle",
    entityId: organizationId,
    before: { allocation: before.allocation, remaining: before.balance },
    after: { ...after, credits: body.credits, reason: body.reason, ledgerEntryId: adjusted.entryId },
    occurredAt: now,
  });
  return { ...after, credits: body.credits, reason: body.reason, ledgerEntryId: adjusted.entryId };
}
