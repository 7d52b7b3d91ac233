import { randomUUID } from "node:crypto";
import { creditCycleContaining, monthlyAllocation } from "../../../core/credits.js";
import { messages } from "../../../core/errors.js";
import { type BillTo, invoiceDocument, taxOf } from "../../../core/invoice-document.js";
import {
  type ChangePlan,
  type ChangeRequestBody,
  planChange,
  recurringTotal,
  resolveChange,
  type ScheduledChange,
} from "../../../core/plan-change.js";
import { type InvoiceTax, totalWithTax } from "../../../core/vat.js";
import type { AppDeps, Caller } from "../../context.js";
import { auditActor } from "../../context.js";
import type { Transaction } from "../../db/client.js";
import { runWrites } from "../../db/writes.js";
import { AppError, notFound, violationError } from "../../errors.js";
import { auditEventWrites } from "../audit/audit.repository.js";
import { requireOperator } from "../auth/authenticate.js";
import { authorize, type OrganizationPrincipal } from "../auth/principal.js";
import { creditGrantWrites, startCreditCycle } from "../credits/credits.repository.js";
import { type InvoiceDto, invoiceWrites, toTaxLineDto } from "../invoices/invoices.repository.js";
import { type SubscriptionSnapshot, snapshotOf } from "./load-subscription-snapshot.js";
import { subscriptionSnapshot } from "./subscription-snapshot.js";
import {
  type ChangeContext,
  type LoadedSubscription,
  lockSubscriptionsWithContexts,
  nextSubscriptionRow,
  type SubscriptionRow,
  scheduledOf,
  stateOf,
  subscriptionWrites,
} from "./subscriptions.repository.js";

/** The scheduled decrease as the API shows it (SPEC §9), or null. */
export function toScheduledDto(scheduled: ScheduledChange | null) {
  return scheduled
    ? {
        seats: scheduled.seats,
        additionalCreditBlocks: scheduled.additionalCreditBlocks,
        interval: scheduled.interval,
        effectiveAt: scheduled.effectiveAt.toISOString(),
      }
    : null;
}

export function toSubscriptionDto(deps: AppDeps, loaded: LoadedSubscription) {
  const { row, state } = loaded;
  const scheduled = scheduledOf(row);
  // What the next renewal bills: the scheduled counts when a decrease stands.
  const recurringSeats = scheduled?.seats ?? row.seats;
  const recurringBlocks = scheduled?.additionalCreditBlocks ?? row.additionalCreditBlocks;
  return {
    id: row.id,
    organizationId: row.organizationId,
    seats: row.seats,
    additionalCreditBlocks: row.additionalCreditBlocks,
    scheduled: toScheduledDto(scheduled),
    interval: row.interval,
    anchorAt: row.anchorAt.toISOString(),
    periodStart: row.periodStart.toISOString(),
    periodEnd: row.periodEnd.toISOString(),
    activeUsers: state.activeUsers,
    currency: state.currency,
    accountCredit: row.accountCredit,
    monthlyCredits: monthlyAllocation(deps.catalog, row.seats, row.additionalCreditBlocks),
    recurring: {
      total: recurringTotal(deps.catalog, state.currency, row.interval, recurringSeats, recurringBlocks),
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
export type QuoteDto = ReturnType<typeof toQuoteDto>;

/** The tax of a plan's due-now lines, for the organization's bill-to (none without lines). */
export function quoteTax(
  deps: Pick<AppDeps, "seller">,
  billTo: BillTo | null,
  plan: Pick<ChangePlan, "lines">,
) {
  return taxOf({ seller: deps.seller, billTo, lines: plan.lines });
}

/** The credits a line of a change grants now (added seats prorated, added blocks in full). */
function creditsGrantedBy(plan: ChangePlan, kind: string): number {
  if (kind === "seats_added" || kind === "seats_period") return plan.grants.seats;
  if (kind === "credit_blocks_added" || kind === "credit_blocks_period") return plan.grants.blocks;
  return 0;
}

export function toQuoteDto(plan: ChangePlan, tax: InvoiceTax) {
  return {
    currency: plan.currency,
    quotedAt: plan.now.toISOString(),
    changed: plan.changed,
    dueNow: {
      lines: plan.lines.map((line) => ({
        ...line,
        periodStart: line.periodStart.toISOString(),
        periodEnd: line.periodEnd.toISOString(),
        creditsGranted: creditsGrantedBy(plan, line.kind),
      })),
      subtotal: plan.subtotal,
      creditApplied: plan.creditApplied,
      // The tax the invoice will carry, computed as it computes it: what is reviewed is charged.
      tax: { ...tax, lines: tax.lines.map(toTaxLineDto) },
      total: totalWithTax(plan, tax.total),
      currency: plan.currency,
    },
    recurring: { total: plan.recurring.total, interval: plan.recurring.interval },
    savings: plan.savings,
    creditGrant: plan.creditGrant,
    creditsGranted: plan.grants,
    // What the save schedules for the renewal (null: nothing scheduled after it), and how.
    scheduled: plan.next.scheduled
      ? { ...toScheduledDto(plan.next.scheduled)!, recurringTotal: plan.scheduledRecurringTotal }
      : null,
    scheduleAction: plan.scheduleAction,
    next: {
      seats: plan.next.seats,
      additionalCreditBlocks: plan.next.additionalCreditBlocks,
      interval: plan.next.interval,
      periodStart: plan.next.periodStart.toISOString(),
      periodEnd: plan.next.periodEnd.toISOString(),
      accountCredit: plan.next.accountCredit,
    },
    violations: plan.violations,
  };
}

/**
 * GET /subscription: the organization is read once, as the quote's snapshot (from the cache when
 * it holds a current one; an overdue renewal or reset runs first).
 */
export async function getSubscription(deps: AppDeps, caller: Caller) {
  const principal = authorize(caller.principal, "subscription.read");
  const snapshot = await subscriptionSnapshot(deps, principal.organizationId, deps.clock.now());
  if (!snapshot) throw notFound("The subscription");
  return toSubscriptionDto(deps, snapshot.loaded);
}

export interface AppliedChange {
  subscription: SubscriptionDto;
  invoice: InvoiceDto | null;
  quote: ReturnType<typeof toQuoteDto>;
  /**
   * What a quote reads after this change commits, for a direct save that kept its period (no
   * change request can be pending after one): the caller may cache it instead of reloading.
   */
  snapshot?: SubscriptionSnapshot;
}

/** One plan change, as the direct save, an approval and an operator override ask for it. */
export interface ChangeItem {
  caller: Caller;
  organizationId: string;
  change: ChangeRequestBody;
  expectedVersion?: number | undefined;
  allowIntervalDowngrade?: boolean;
  action: string;
  /** Why (operator overrides): kept in the audit event. */
  reason?: string | undefined;
  /**
   * A direct save (Save Changes): refused for a billing member where the organization requires
   * approval, and for everyone while a change request is pending (decision 0011).
   */
  directSave?: { role: OrganizationPrincipal["role"] };
}

/** What one item of a batch turned out as: its applied change, or the AppError that refused it. */
export type ChangeOutcome = { ok: true; value: AppliedChange } | { ok: false; error: AppError };

interface PlannedWrite {
  index: number;
  item: ChangeItem;
  loaded: LoadedSubscription;
  context: ChangeContext;
  plan: ChangePlan;
  row: SubscriptionRow;
  before: SubscriptionDto;
}

function snapshotAfter(write: PlannedWrite): SubscriptionSnapshot | undefined {
  if (!write.item.directSave || write.plan.restartsPeriod) return undefined;
  // A direct save was refused had a request been pending, and it starts none.
  return snapshotOf(
    { row: write.row, organization: write.loaded.organization },
    { ...write.context, changeRequestPending: false },
  );
}

/** Steps 1–3 for one item under the locks: its guards, then the plan; throws the item's AppError. */
function checkAndPlan(
  deps: AppDeps,
  item: ChangeItem,
  loaded: LoadedSubscription,
  context: ChangeContext,
  now: Date,
) {
  if (item.directSave) {
    if (loaded.organization.requireApproval && item.directSave.role === "billing") {
      throw new AppError("approval_required", messages.approvalRequired, 403);
    }
    if (context.changeRequestPending) {
      throw new AppError("change_request_pending", messages.changeRequestPending, 409);
    }
  }
  if (item.expectedVersion !== undefined && item.expectedVersion !== loaded.row.version) {
    throw new AppError(
      "conflict",
      "The subscription changed since you reviewed it. Review the new cost preview and save again.",
      409,
      "expectedVersion",
    );
  }
  const plan = planChange({
    state: loaded.state,
    change: resolveChange(loaded.state, item.change),
    catalog: deps.catalog,
    now,
    allowIntervalDowngrade: item.allowIntervalDowngrade ?? false,
  });
  if (plan.violations.length > 0) throw violationError(plan.violations);
  return plan;
}

/**
 * load (locked) → compute → check → execute for changes to DIFFERENT organizations, in the
 * caller's transaction, set-based: one statement locks every subscription (in id order), one reads
 * active users and pending requests, then one statement per kind of write; the invoice numbers are
 * reserved last, with one counter update for the whole batch, consecutive in item order. An item
 * whose guard or rule fails gets its AppError and writes nothing; the others go on. Anything else
 * (a deadlock, a lost connection) throws: the caller's transaction must roll back.
 */
export async function executeChanges(
  tx: Transaction,
  deps: AppDeps,
  items: readonly ChangeItem[],
  options: { commitWithWrites?: boolean } = {},
): Promise<ChangeOutcome[]> {
  const organizationIds = items.map((item) => item.organizationId);
  if (new Set(organizationIds).size !== organizationIds.length) {
    throw new Error("executeChanges: one change per organization per batch");
  }
  const { locked, contexts } = await lockSubscriptionsWithContexts(tx, organizationIds);
  // Read the clock once the rows are ours: a renewal that committed while we waited has moved the
  // period, and "now" must not be older than what the locked rows already reflect.
  const now = deps.clock.now();

  const outcomes: (ChangeOutcome | undefined)[] = new Array(items.length);
  const writes: PlannedWrite[] = [];
  items.forEach((item, index) => {
    const subscription = locked.get(item.organizationId);
    const context = contexts.get(item.organizationId);
    if (!subscription || !context) {
      outcomes[index] = { ok: false, error: notFound("The subscription") };
      return;
    }
    const loaded: LoadedSubscription = {
      ...subscription,
      state: stateOf(subscription, context.activeUsers),
    };
    let plan: ChangePlan;
    try {
      plan = checkAndPlan(deps, item, loaded, context, now);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      outcomes[index] = { ok: false, error };
      return;
    }
    const before = toSubscriptionDto(deps, loaded);
    if (!plan.changed) {
      outcomes[index] = {
        ok: true,
        value: {
          subscription: before,
          invoice: null,
          quote: toQuoteDto(plan, quoteTax(deps, context.billTo, plan)),
        },
      };
      return;
    }
    const anchorAt = plan.restartsPeriod ? plan.next.periodStart : loaded.row.anchorAt;
    const row = nextSubscriptionRow(loaded.row, { ...plan.next, anchorAt }, plan.now);
    writes.push({ index, item, loaded, context, plan, row, before });
  });

  // A change of interval restarts the credit cycle (rare): its own statements, first.
  for (const write of writes.filter((candidate) => candidate.plan.restartsPeriod)) {
    await startCreditCycle(tx, {
      organizationId: write.item.organizationId,
      cycle: creditCycleContaining(write.plan.next.periodStart, write.plan.next.periodStart),
      allocation: monthlyAllocation(
        deps.catalog,
        write.plan.next.seats,
        write.plan.next.additionalCreditBlocks,
      ),
      now: write.plan.now,
    });
  }
  const grants = writes.filter((write) => !write.plan.restartsPeriod && write.plan.creditGrant > 0);
  // Invoice ids are drawn here so that the audit events can name them before the numbers exist.
  const invoiced = writes.filter((write) => write.plan.lines.length > 0);
  const newInvoices = invoiced.map((write) => ({
    id: randomUUID(),
    organizationId: write.item.organizationId,
    kind: "change" as const,
    issuedAt: write.plan.now,
    currency: write.plan.currency,
    lines: write.plan.lines,
    settlement: write.plan,
    document: invoiceDocument({
      seller: deps.seller,
      billTo: write.context.billTo,
      lines: write.plan.lines,
      settlement: write.plan,
      issuedAt: write.plan.now,
    }),
  }));
  const invoiceIdOf = new Map(invoiced.map((write, position) => [write.index, newInvoices[position]]));
  const subscriptions = new Map(
    writes.map((write) => [write.index, toSubscriptionDto(deps, { ...write.loaded, row: write.row })]),
  );
  const scheduleAudits = writes.flatMap((write) => {
    const action = write.plan.scheduleAction;
    if (!action) return [];
    const subscription = subscriptions.get(write.index) as SubscriptionDto;
    return [
      {
        organizationId: write.item.organizationId,
        ...auditActor(write.item.caller),
        action: `subscription.scheduled_change_${action}`,
        entityType: "subscription",
        entityId: write.row.id,
        before: { scheduled: write.before.scheduled, scheduledChangeId: write.loaded.row.scheduledChangeId },
        after: {
          scheduled: subscription.scheduled,
          scheduledChangeId: write.row.scheduledChangeId,
          ...(write.item.reason ? { reason: write.item.reason } : {}),
        },
        occurredAt: write.plan.now,
      },
    ];
  });
  const auditEvents = writes.map((write) => {
    const subscription = subscriptions.get(write.index) as SubscriptionDto;
    const invoice = invoiceIdOf.get(write.index);
    return {
      organizationId: write.item.organizationId,
      ...auditActor(write.item.caller),
      action: write.item.action,
      entityType: "subscription",
      entityId: write.row.id,
      before: write.before,
      after: {
        ...subscription,
        invoiceId: invoice?.id ?? null,
        invoiceTotal: invoice?.document.total ?? null,
        ...(write.item.reason ? { reason: write.item.reason } : {}),
      },
      occurredAt: write.plan.now,
    };
  });
  // Every write of the batch in ONE statement, just before commit: the subscriptions, the credit
  // grants with their ledger entries, the audit events, and the invoices with consecutive numbers
  // (the deployment-wide counter row is held from here to the commit).
  const [, granted, , issued] = await runWrites(
    tx,
    [
      subscriptionWrites(writes.map((write) => write.row)),
      creditGrantWrites(
        grants.map((write) => ({
          organizationId: write.item.organizationId,
          credits: write.plan.creditGrant,
          at: write.plan.now,
        })),
      ),
      auditEventWrites([...auditEvents, ...scheduleAudits]),
      invoiceWrites(newInvoices),
    ],
    { commit: options.commitWithWrites ?? false },
  );
  if (granted.size !== grants.length) throw new Error("no credit cycle for the organization");
  invoiced.forEach((write, position) => {
    outcomes[write.index] = {
      ok: true,
      value: {
        subscription: subscriptions.get(write.index) as SubscriptionDto,
        invoice: issued[position] ?? null,
        quote: toQuoteDto(write.plan, quoteTax(deps, write.context.billTo, write.plan)),
        snapshot: snapshotAfter(write),
      },
    };
  });
  for (const write of writes) {
    outcomes[write.index] ??= {
      ok: true,
      value: {
        subscription: subscriptions.get(write.index) as SubscriptionDto,
        invoice: null,
        quote: toQuoteDto(write.plan, quoteTax(deps, write.context.billTo, write.plan)),
        snapshot: snapshotAfter(write),
      },
    };
  }
  return outcomes as ChangeOutcome[];
}

/**
 * One change in the caller's transaction: a batch of one, so the direct save, the approval of a
 * change request and the operator's override share one code path. Throws the item's AppError.
 */
export async function executeChange(
  tx: Transaction,
  deps: AppDeps,
  caller: Caller,
  input: Omit<ChangeItem, "caller">,
): Promise<AppliedChange> {
  const [outcome] = await executeChanges(tx, deps, [{ ...input, caller }]);
  if (!outcome) throw new Error("executeChanges returned nothing");
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

/** The direct save (Save Changes) of one caller, as a batch item; authorizes the caller. */
export function directSaveItem(
  caller: Caller,
  body: ChangeRequestBody & { expectedVersion?: number | undefined },
): ChangeItem {
  const principal = authorize(caller.principal, "subscription.change");
  const { expectedVersion, ...change } = body;
  return {
    caller,
    organizationId: principal.organizationId,
    change,
    expectedVersion,
    action: "subscription.changed",
    directSave: { role: principal.role },
  };
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
