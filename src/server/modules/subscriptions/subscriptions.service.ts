import { randomUUID } from "node:crypto";
import { creditCycleContaining, monthlyAllocation } from "../../../core/credits.js";
import { following } from "../../../core/due-work.js";
import { messages } from "../../../core/errors.js";
import { settle } from "../../../core/invoice.js";
import { type BillTo, invoiceDocument, taxOf, taxRuleOf } from "../../../core/invoice-document.js";
import {
  type ChangePlan,
  type ChangeRequestBody,
  planChange,
  recurringTotal,
  resolveChange,
  type ScheduledChange,
} from "../../../core/plan-change.js";
import { renewalLines } from "../../../core/renewal.js";
import { type SwitchDocuments, splitNegativeChange } from "../../../core/switch-credit-note.js";
import { type InvoiceTax, totalWithTax } from "../../../core/vat.js";
import type { AppDeps, Caller } from "../../context.js";
import { auditActor } from "../../context.js";
import type { Transaction } from "../../db/client.js";
import { runWrites } from "../../db/writes.js";
import { AppError, notFound, violationError } from "../../errors.js";
import { auditEventWrites, recordAudit } from "../audit/audit.repository.js";
import { requireOperator } from "../auth/authenticate.js";
import { authorize, type OrganizationPrincipal } from "../auth/principal.js";
import { creditGrantWrites, startCreditCycle } from "../credits/credits.repository.js";
import {
  insertCreditNote,
  toCreditNoteDto,
  updateInvoiceSettlement,
} from "../invoices/credit-notes.repository.js";
import {
  findInvoice,
  type InvoiceDto,
  invoiceWrites,
  toTaxLineDto,
} from "../invoices/invoices.repository.js";
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

/**
 * A change whose invoice would be negative, as the documents it is issued as: an invoice for the
 * charges and a credit note for the unused time (decision 0074); `{ split: false }` otherwise.
 */
export function switchDocuments(
  deps: Pick<AppDeps, "seller">,
  billTo: BillTo | null,
  plan: Pick<ChangePlan, "lines">,
): SwitchDocuments {
  return splitNegativeChange({ lines: plan.lines, rule: taxRuleOf(deps.seller, billTo) });
}

/** The quote of a plan for the organization's bill-to: its tax and the documents it issues. */
export function quoteOf(deps: Pick<AppDeps, "seller">, billTo: BillTo | null, plan: ChangePlan) {
  return toQuoteDto(plan, quoteTax(deps, billTo, plan), switchDocuments(deps, billTo, plan));
}

/**
 * The account credit after a change: the credit note of a split change feeds it with the excess,
 * tax included (the plan's figure is the excess before tax).
 */
function accountCreditAfter(plan: ChangePlan, documents: SwitchDocuments): number {
  return documents.split
    ? plan.next.accountCredit + plan.subtotal + documents.creditNote.accountCredit
    : plan.next.accountCredit;
}

/** The credits a line of a change grants now (added seats prorated, added blocks in full). */
function creditsGrantedBy(plan: ChangePlan, kind: string): number {
  if (kind === "seats_added" || kind === "seats_period") return plan.grants.seats;
  if (kind === "credit_blocks_added" || kind === "credit_blocks_period") return plan.grants.blocks;
  return 0;
}

export function toQuoteDto(plan: ChangePlan, tax: InvoiceTax, documents: SwitchDocuments) {
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
    // A negative change is issued as an invoice for the charges and a credit note for the unused
    // time: their figures, exactly as issued (invoice total − credit note total = dueNow.total).
    documents: documents.split
      ? {
          invoice: {
            subtotal: documents.invoice.subtotal,
            tax: { ...documents.invoice.tax, lines: documents.invoice.tax.lines.map(toTaxLineDto) },
            total: documents.invoice.total,
          },
          creditNote: {
            lines: documents.creditNote.lines.map(({ description, amount }) => ({ description, amount })),
            subtotal: documents.creditNote.subtotal,
            tax: { ...documents.creditNote.tax, lines: documents.creditNote.tax.lines.map(toTaxLineDto) },
            total: documents.creditNote.total,
            accountCredit: documents.creditNote.accountCredit,
          },
        }
      : null,
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
      accountCredit: accountCreditAfter(plan, documents),
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
  return { ...toSubscriptionDto(deps, snapshot.loaded), nextInvoice: nextInvoiceOf(deps, snapshot) };
}

/**
 * What the renewal at the end of the period invoices, as the renewal computes it today: the
 * renewal lines (a scheduled decrease counted), account credit applied, and the tax for the
 * organization's bill-to. The Billing page shows this, never a figure without the VAT.
 */
export function nextInvoiceOf(deps: Pick<AppDeps, "catalog" | "seller">, snapshot: SubscriptionSnapshot) {
  const { row, state } = snapshot.loaded;
  const scheduled = scheduledOf(row);
  const lines = renewalLines({
    catalog: deps.catalog,
    currency: state.currency,
    interval: row.interval,
    seats: scheduled?.seats ?? row.seats,
    creditBlocks: scheduled?.additionalCreditBlocks ?? row.additionalCreditBlocks,
    period: following(row.anchorAt, row.interval, row.periodEnd),
  });
  const settlement = settle(lines, row.accountCredit);
  const tax = taxOf({ seller: deps.seller, billTo: snapshot.billTo, lines });
  return {
    issuedAt: row.periodEnd.toISOString(),
    subtotal: settlement.subtotal,
    creditApplied: settlement.creditApplied,
    tax: { ...tax, lines: tax.lines.map(toTaxLineDto) },
    total: totalWithTax(settlement, tax.total),
  };
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
  documents: SwitchDocuments;
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
          quote: quoteOf(deps, context.billTo, plan),
        },
      };
      return;
    }
    const anchorAt = plan.restartsPeriod ? plan.next.periodStart : loaded.row.anchorAt;
    const documents = switchDocuments(deps, context.billTo, plan);
    const row = nextSubscriptionRow(
      loaded.row,
      { ...plan.next, anchorAt, accountCredit: accountCreditAfter(plan, documents) },
      plan.now,
    );
    writes.push({ index, item, loaded, context, plan, documents, row, before });
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
  const newInvoices = invoiced.map((write) => {
    // A split change's invoice carries the charges only; its credit note is written below.
    const { documents } = write;
    const lines = documents.split ? documents.invoice.lines : write.plan.lines;
    const settlement = documents.split
      ? { subtotal: documents.invoice.subtotal, creditApplied: 0, total: documents.invoice.subtotal }
      : write.plan;
    return {
      id: randomUUID(),
      organizationId: write.item.organizationId,
      kind: "change" as const,
      issuedAt: write.plan.now,
      currency: write.plan.currency,
      lines,
      settlement,
      document: invoiceDocument({
        seller: deps.seller,
        billTo: write.context.billTo,
        lines,
        settlement,
        issuedAt: write.plan.now,
      }),
    };
  });
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
    // A credit note references its invoice: written after it, so the COMMIT cannot go with it.
    { commit: (options.commitWithWrites ?? false) && !writes.some((write) => write.documents.split) },
  );
  if (granted.size !== grants.length) throw new Error("no credit cycle for the organization");
  for (const [position, write] of invoiced.entries()) {
    const invoice = issued[position];
    if (!write.documents.split || !invoice) continue;
    issued[position] = await issueSwitchCreditNote(tx, write, invoice);
  }
  invoiced.forEach((write, position) => {
    outcomes[write.index] = {
      ok: true,
      value: {
        subscription: subscriptions.get(write.index) as SubscriptionDto,
        invoice: issued[position] ?? null,
        quote: toQuoteDto(write.plan, quoteTax(deps, write.context.billTo, write.plan), write.documents),
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
        quote: toQuoteDto(write.plan, quoteTax(deps, write.context.billTo, write.plan), write.documents),
        snapshot: snapshotAfter(write),
      },
    };
  }
  return outcomes as ChangeOutcome[];
}

/**
 * The credit note of a split change (decision 0074): the unused-time lines credited, with the
 * invoice's VAT treatment. It settles the invoice (paid by credit) and the rest, the excess, is
 * the account credit the subscription row already holds. Audited as `credit_note.issued`.
 */
async function issueSwitchCreditNote(tx: Transaction, write: PlannedWrite, invoice: InvoiceDto) {
  const { documents, plan, item } = write;
  if (!documents.split) return invoice;
  const { creditNote } = documents;
  const note = await insertCreditNote(tx, {
    organizationId: item.organizationId,
    invoiceId: invoice.id,
    reason: "interval_switch",
    memo: null,
    issuedAt: plan.now,
    currency: invoice.currency,
    lines: creditNote.lines.map(({ description, amount }) => ({ description, amount })),
    subtotal: creditNote.subtotal,
    taxTotal: creditNote.tax.total,
    taxLines: creditNote.tax.lines,
    total: creditNote.total,
    accountCredit: creditNote.accountCredit,
    seller: invoice.seller,
    billTo: invoice.billTo,
  });
  await updateInvoiceSettlement(tx, invoice.id, {
    status: "paid",
    amountPaid: 0,
    amountCredited: creditNote.settlesInvoice,
    paidAt: plan.now,
  });
  const dto = toCreditNoteDto(note, {
    number: invoice.number,
    taxTreatment: invoice.tax.treatment,
    taxMention: invoice.tax.mention,
  });
  await recordAudit(tx, [
    {
      organizationId: item.organizationId,
      ...auditActor(item.caller),
      action: "credit_note.issued",
      entityType: "credit_note",
      entityId: note.id,
      before: null,
      after: { ...dto, seller: undefined, billTo: undefined },
      occurredAt: plan.now,
    },
  ]);
  const settled = await findInvoice(tx, item.organizationId, invoice.id, plan.now);
  if (!settled) throw new Error("the invoice of a credit note is gone");
  return settled;
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
