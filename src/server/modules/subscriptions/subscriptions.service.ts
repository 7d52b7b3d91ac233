import { creditCycleContaining, monthlyAllocation } from "../../../core/credits.js";
import { messages } from "../../../core/errors.js";
import {
  type ChangePlan,
  type ChangeRequestBody,
  planChange,
  recurringTotal,
  resolveChange,
} from "../../../core/plan-change.js";
import type { AppDeps, Caller } from "../../context.js";
import { auditActor } from "../../context.js";
import type { Executor, Transaction } from "../../db/client.js";
import { AppError, notFound, violationError } from "../../http/errors.js";
import { recordAudit } from "../audit/audit.repository.js";
import { requireOperator } from "../auth/authenticate.js";
import { authorize } from "../auth/principal.js";
import { grantCredits, startCreditCycle } from "../credits/credits.repository.js";
import { type InvoiceDto, insertInvoice } from "../invoices/invoices.repository.js";
import { type LoadedSubscription, loadSubscription, saveSubscription } from "./subscriptions.repository.js";

export function toSubscriptionDto(deps: AppDeps, loaded: LoadedSubscription) {
  const { row, state } = loaded;
  const recurringBlocks = row.scheduledCreditBlocks ?? row.additionalCreditBlocks;
  return {
    id: row.id,
    organizationId: row.organizationId,
    seats: row.seats,
    additionalCreditBlocks: row.additionalCreditBlocks,
    scheduledCreditBlocks: row.scheduledCreditBlocks,
    interval: row.interval,
    anchorAt: row.anchorAt.toISOString(),
    periodStart: row.periodStart.toISOString(),
    periodEnd: row.periodEnd.toISOString(),
    activeUsers: state.activeUsers,
    currency: state.currency,
    accountCredit: row.accountCredit,
    monthlyCredits: monthlyAllocation(deps.catalog, row.seats, row.additionalCreditBlocks),
    recurring: {
      total: recurringTotal(deps.catalog, state.currency, row.interval, row.seats, recurringBlocks),
      interval: row.interval,
      nextBillingAt: row.periodEnd.toISOString(),
    },
    requireApproval: loaded.organization.requireApproval,
    // Filled in by GET /subscription from the change-requests module.
    pendingChangeRequest: null as unknown,
    lastDecidedChangeRequest: null as unknown,
    version: row.version,
  };
}

export type SubscriptionDto = ReturnType<typeof toSubscriptionDto>;

export function toQuoteDto(plan: ChangePlan) {
  return {
    currency: plan.currency,
    quotedAt: plan.now.toISOString(),
    changed: plan.changed,
    dueNow: {
      lines: plan.lines.map((line) => ({
        ...line,
        periodStart: line.periodStart.toISOString(),
        periodEnd: line.periodEnd.toISOString(),
      })),
      subtotal: plan.subtotal,
      creditApplied: plan.creditApplied,
      total: plan.total,
      currency: plan.currency,
    },
    recurring: { total: plan.recurring.total, interval: plan.recurring.interval },
    savings: plan.savings,
    creditGrant: plan.creditGrant,
    next: {
      seats: plan.next.seats,
      additionalCreditBlocks: plan.next.additionalCreditBlocks,
      scheduledCreditBlocks: plan.next.scheduledCreditBlocks,
      interval: plan.next.interval,
      periodStart: plan.next.periodStart.toISOString(),
      periodEnd: plan.next.periodEnd.toISOString(),
      accountCredit: plan.next.accountCredit,
    },
    violations: plan.violations,
  };
}

async function load(executor: Executor, organizationId: string, lock: boolean) {
  const loaded = await loadSubscription(executor, organizationId, { lock });
  if (!loaded) throw notFound("The subscription");
  return loaded;
}

export async function getSubscription(deps: AppDeps, caller: Caller) {
  const principal = authorize(caller.principal, "subscription.read");
  return toSubscriptionDto(deps, await load(deps.db, principal.organizationId, false));
}

/** Steps 1–3 without writing: the quote a user reviews is computed exactly as apply computes it. */
export async function previewChange(deps: AppDeps, caller: Caller, body: ChangeRequestBody) {
  const principal = authorize(caller.principal, "subscription.read");
  const loaded = await load(deps.db, principal.organizationId, false);
  const change = resolveChange(loaded.state, body);
  const plan = planChange({ state: loaded.state, change, catalog: deps.catalog, now: deps.clock.now() });
  return { ...toQuoteDto(plan), version: loaded.row.version, organizationId: principal.organizationId };
}

export interface AppliedChange {
  subscription: SubscriptionDto;
  invoice: InvoiceDto | null;
  quote: ReturnType<typeof toQuoteDto>;
}

/**
 * load (locked) → compute → check → execute, in the caller's transaction. Shared by the direct
 * save, the approval of a change request and the operator's override.
 */
export async function executeChange(
  tx: Transaction,
  deps: AppDeps,
  caller: Caller,
  input: {
    organizationId: string;
    change: ChangeRequestBody;
    expectedVersion?: number | undefined;
    allowIntervalDowngrade?: boolean;
    action: string;
    /** Why (operator overrides): kept in the audit event. */
    reason?: string;
    /** Runs under the row lock, before anything is computed (e.g. "no pending request"). */
    guard?: (tx: Transaction, loaded: LoadedSubscription) => Promise<void>;
  },
): Promise<AppliedChange> {
  const loaded = await load(tx, input.organizationId, true);
  // Read the clock once the row is ours: a renewal that committed while we waited has moved the
  // period, and "now" must not be older than what the locked row already reflects.
  const now = deps.clock.now();
  await input.guard?.(tx, loaded);
  if (input.expectedVersion !== undefined && input.expectedVersion !== loaded.row.version) {
    throw new AppError(
      "conflict",
      "The subscription changed since you reviewed it. Review the new cost preview and save again.",
      409,
      "expectedVersion",
    );
  }
  const plan = planChange({
    state: loaded.state,
    change: resolveChange(loaded.state, input.change),
    catalog: deps.catalog,
    now,
    allowIntervalDowngrade: input.allowIntervalDowngrade ?? false,
  });
  if (plan.violations.length > 0) throw violationError(plan.violations);
  const before = toSubscriptionDto(deps, loaded);
  if (!plan.changed) return { subscription: before, invoice: null, quote: toQuoteDto(plan) };

  const anchorAt = plan.restartsPeriod ? plan.next.periodStart : loaded.row.anchorAt;
  const row = await saveSubscription(tx, loaded.row, { ...plan.next, anchorAt }, plan.now);
  const invoice =
    plan.lines.length > 0
      ? await insertInvoice(tx, {
          organizationId: input.organizationId,
          kind: "change",
          issuedAt: plan.now,
          currency: plan.currency,
          lines: plan.lines,
          settlement: plan,
        })
      : null;
  if (plan.restartsPeriod) {
    await startCreditCycle(tx, {
      organizationId: input.organizationId,
      cycle: creditCycleContaining(plan.next.periodStart, plan.next.periodStart),
      allocation: monthlyAllocation(deps.catalog, plan.next.seats, plan.next.additionalCreditBlocks),
      now: plan.now,
    });
  } else {
    await grantCredits(tx, {
      organizationId: input.organizationId,
      credits: plan.creditGrant,
      now: plan.now,
    });
  }
  const subscription = toSubscriptionDto(deps, { ...loaded, row });
  await recordAudit(tx, {
    organizationId: input.organizationId,
    ...auditActor(caller),
    action: input.action,
    entityType: "subscription",
    entityId: row.id,
    before,
    after: {
      ...subscription,
      invoiceId: invoice?.id ?? null,
      invoiceTotal: invoice?.total ?? null,
      ...(input.reason ? { reason: input.reason } : {}),
    },
    occurredAt: plan.now,
  });
  return { subscription, invoice, quote: toQuoteDto(plan) };
}

/** A direct save (Save Changes). */
export async function applyChange(
  tx: Transaction,
  deps: AppDeps,
  caller: Caller,
  body: ChangeRequestBody & { expectedVersion?: number | undefined },
  options: { guard?: (tx: Transaction, organizationId: string) => Promise<void> } = {},
): Promise<Omit<AppliedChange, "quote">> {
  const principal = authorize(caller.principal, "subscription.change");
  const { expectedVersion, ...change } = body;
  const { subscription, invoice } = await executeChange(tx, deps, caller, {
    organizationId: principal.organizationId,
    change,
    expectedVersion,
    guard: async (lockedTx, loaded) => {
      if (loaded.organization.requireApproval && principal.role === "billing") {
        throw new AppError("approval_required", messages.approvalRequired, 403);
      }
      await options.guard?.(lockedTx, principal.organizationId);
    },
    action: "subscription.changed",
  });
  return { subscription, invoice };
}

/**
 * Support override (operator token): the same change path, allowed to move a yearly subscription
 * to monthly mid-term. The reason is required and audited.
 */
export async function overrideChange(
  tx: Transaction,
  deps: AppDeps,
  caller: Caller,
  organizationId: string,
  body: ChangeRequestBody & { reason: string },
) {
  requireOperator(caller.principal);
  const { reason, ...change } = body;
  const { subscription, invoice } = await executeChange(tx, deps, caller, {
    organizationId,
    change,
    allowIntervalDowngrade: true,
    action: "subscription.overridden",
    reason,
  });
  return { subscription, invoice };
}
