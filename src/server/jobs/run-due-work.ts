import { randomUUID } from "node:crypto";
import type { Catalog } from "../../core/catalog.js";
import { type BillingState, type CreditCycleState, planDueWork } from "../../core/due-work.js";
import { invoiceDocument } from "../../core/invoice-document.js";
import type { Seller } from "../../core/seller-schema.js";
import { afterCommit } from "../cache/after-commit.js";
import type { Caches } from "../cache/caches.js";
import type { Database, Executor, Transaction } from "../db/client.js";
import { retryingTransaction } from "../db/retry.js";
import { creditResetsRun, renewalsRun } from "../metrics.js";
import { type AuditEvent, recordAudit } from "../modules/audit/audit.repository.js";
import { findBillTos } from "../modules/billing-info/billing-info.repository.js";
import {
  lastInvoiceIssuedAt,
  newInvoiceDto,
  publishInvoicesIssued,
  reserveInvoiceNumbers,
} from "../modules/invoices/invoices.repository.js";
import {
  type ClaimCursor,
  claimDueSubscriptions,
  earliestRenewal,
  findRenewalInvoices,
  insertLedgerEntries,
  insertRenewalInvoices,
  insertScheduledChangeApplications,
  type LedgerEntry,
  type NewRenewalInvoice,
  renewalKey,
  type ScheduledChangeApplication,
  updateCreditCycles,
  updateSubscriptionStates,
} from "./due-work.repository.js";

export interface JobDeps {
  db: Database;
  catalog: Catalog;
  /**
   * The seller frozen on renewal invoices; its VAT rates price their tax. Every server path gives
   * it; without one (older tests) renewals issue bare invoices, without seller or tax.
   */
  seller?: Seller;
  /** The process's read caches, when it serves requests: renewed organizations are dropped. */
  caches?: Pick<Caches, "subscriptions">;
}

export interface DueWorkOptions {
  /** Subscriptions claimed per transaction. */
  batchSize?: number;
  /** Wait for rows another transaction holds instead of skipping them (test clock, spends). */
  wait?: boolean;
  /** Only this organization's work. */
  organizationId?: string;
}

export interface DueWorkResult {
  subscriptions: number;
  renewals: number;
  creditResets: number;
  batches: number;
}

const emptyResult = (): DueWorkResult => ({ subscriptions: 0, renewals: 0, creditResets: 0, batches: 0 });

const schedulerActor = {
  actorType: "scheduler" as const,
  actorId: null,
  source: "scheduler",
  requestId: null,
};

function cycleDto(cycle: CreditCycleState) {
  return {
    cycleStart: cycle.start.toISOString(),
    cycleEnd: cycle.end.toISOString(),
    allocation: cycle.allocation,
    balance: cycle.balance,
  };
}

function scheduledDto(scheduled: BillingState["scheduled"]) {
  return scheduled
    ? {
        id: scheduled.id ?? null,
        seats: scheduled.seats,
        additionalCreditBlocks: scheduled.additionalCreditBlocks,
        interval: scheduled.interval,
        effectiveAt: scheduled.effectiveAt.toISOString(),
      }
    : null;
}

function periodDto(state: BillingState) {
  return {
    seats: state.seats,
    additionalCreditBlocks: state.additionalCreditBlocks,
    scheduled: scheduledDto(state.scheduled),
    interval: state.interval,
    periodStart: state.periodStart.toISOString(),
    periodEnd: state.periodEnd.toISOString(),
    accountCredit: state.accountCredit,
  };
}

/**
 * One transaction: claim a batch of due subscriptions (rows locked), plan each one's renewals and
 * credit resets in time order (pure), then write every invoice, ledger entry, new cycle, new
 * period and audit event of the batch in a handful of set-based statements.
 */
export async function processDueBatch(
  tx: Transaction,
  deps: JobDeps,
  now: Date,
  options: DueWorkOptions & { after?: ClaimCursor | undefined } = {},
): Promise<DueWorkResult & { claimed: number; cursor: ClaimCursor | undefined }> {
  const claimed = await claimDueSubscriptions(tx, {
    now,
    limit: options.batchSize ?? 500,
    skipLocked: !options.wait,
    organizationId: options.organizationId,
    after: options.after,
  });
  const last = claimed.at(-1);
  const cursor = last ? { cycleEnd: last.cycle.end, organizationId: last.organizationId } : undefined;
  const result = { ...emptyResult(), claimed: claimed.length, batches: 1, cursor };
  if (claimed.length === 0) return result;

  const plans = claimed.map((subscription) => ({
    subscription,
    plan: planDueWork({ state: subscription.state, cycle: subscription.cycle, catalog: deps.catalog, now }),
  }));
  const renewals = plans.flatMap(({ subscription, plan }) =>
    plan.steps.flatMap((step) => (step.kind === "renewal" ? [{ subscription, step }] : [])),
  );
  // A renewal already invoiced (it cannot be while the row is locked, but the unique key says so
  // for certain) moves the period on without a second invoice.
  const invoiced = await findRenewalInvoices(
    tx,
    renewals.map(({ subscription, step }) => ({
      organizationId: subscription.organizationId,
      periodStart: step.period.start,
    })),
  );
  const toInvoice = renewals
    .filter(
      ({ subscription, step }) => !invoiced.has(renewalKey(subscription.organizationId, step.period.start)),
    )
    .sort((a, b) => a.step.at.getTime() - b.step.at.getTime());

  const ledger: LedgerEntry[] = [];
  const cycles: { organizationId: string; cycle: CreditCycleState }[] = [];
  const states: { subscriptionId: string; state: BillingState }[] = [];
  const audits: AuditEvent[] = [];
  const applications: ScheduledChangeApplication[] = [];
  const invoicesByKey = new Map<string, NewRenewalInvoice>();

  // Invoice numbers last: the counter row stays locked only for the rest of this transaction.
  const invoices: NewRenewalInvoice[] = [];
  const billTos = deps.seller
    ? await findBillTos(
        tx,
        toInvoice.map(({ subscription }) => subscription.organizationId),
      )
    : new Map();
  const firstNumber = toInvoice.length > 0 ? await reserveInvoiceNumbers(tx, toInvoice.length) : 0;
  // Numbers follow issue dates: a renewal issued late (after a change invoice of today, or after a
  // server was down) is dated when it is issued, never before the invoice numbered just before it.
  // The counter row is locked, so every lower-numbered invoice is committed and read here.
  const notBefore = toInvoice.length > 0 ? await lastInvoiceIssuedAt(tx) : null;
  toInvoice.forEach(({ subscription, step }, index) => {
    const issuedAt =
      notBefore && notBefore.getTime() > step.period.start.getTime() ? notBefore : step.period.start;
    const document = deps.seller
      ? invoiceDocument({
          seller: deps.seller,
          billTo: billTos.get(subscription.organizationId) ?? null,
          lines: step.lines,
          settlement: step.settlement,
          issuedAt,
        })
      : undefined;
    const invoice: NewRenewalInvoice = {
      id: randomUUID(),
      organizationId: subscription.organizationId,
      number: firstNumber + index,
      issuedAt,
      periodStart: step.period.start,
      currency: subscription.state.currency,
      subtotal: step.settlement.subtotal,
      creditApplied: step.settlement.creditApplied,
      total: document?.total ?? step.settlement.total,
      lines: step.lines,
      document,
    };
    invoices.push(invoice);
    invoicesByKey.set(renewalKey(subscription.organizationId, step.period.start), invoice);
  });

  for (const { subscription, plan } of plans) {
    const { organizationId, subscriptionId } = subscription;
    let state = subscription.state;
    let cycle = subscription.cycle;
    for (const step of plan.steps) {
      if (step.kind === "credit_reset") {
        if (step.expired > 0) {
          ledger.push({
            organizationId,
            cycleStart: step.endedCycle.start,
            kind: "expiry",
            credits: -step.expired,
            balanceAfter: 0,
            occurredAt: step.at,
          });
        }
        ledger.push({
          organizationId,
          cycleStart: step.cycle.start,
          kind: "grant",
          credits: step.allocation,
          balanceAfter: step.allocation,
          occurredAt: step.at,
        });
        const next = {
          start: step.cycle.start,
          end: step.cycle.end,
          allocation: step.allocation,
          balance: step.allocation,
        };
        audits.push({
          organizationId,
          ...schedulerActor,
          action: "credits.cycle_reset",
          entityType: "credit_cycle",
          entityId: organizationId,
          before: { ...cycleDto(cycle), additionalCreditBlocks: step.creditBlocksBefore },
          after: {
            ...cycleDto(next),
            expired: step.expired,
            additionalCreditBlocks: step.creditBlocksAfter,
            effectiveAt: step.at.toISOString(),
          },
          occurredAt: now,
        });
        cycle = next;
        result.creditResets++;
      } else {
        if (step.applied) {
          const { applied } = step;
          const applies = applied.scheduled.id;
          if (!applies) throw new Error("a scheduled change without an id");
          applications.push({
            scheduledChangeId: applies,
            organizationId,
            effectiveAt: applied.scheduled.effectiveAt,
            appliedAt: step.at,
            seatsBefore: applied.seatsBefore,
            creditBlocksBefore: applied.creditBlocksBefore,
            scheduledSeats: applied.scheduled.seats,
            seats: applied.seats,
            creditBlocks: applied.additionalCreditBlocks,
            activeUsers: state.activeUsers,
          });
          const appliedState = {
            ...state,
            seats: applied.seats,
            additionalCreditBlocks: applied.additionalCreditBlocks,
            interval: applied.scheduled.interval,
            scheduled: null,
          };
          audits.push({
            organizationId,
            ...schedulerActor,
            action: "subscription.scheduled_change_applied",
            entityType: "subscription",
            entityId: subscriptionId,
            before: periodDto(state),
            // The subscription.updated event's object: which subscription, then its state.
            after: {
              id: subscriptionId,
              organizationId,
              ...periodDto(appliedState),
              scheduledChangeId: applies,
              effectiveAt: step.at.toISOString(),
              // More users active than the scheduled seats: one seat kept for each, and why.
              keptForActiveUsers: applied.keptForActiveUsers
                ? {
                    ...applied.keptForActiveUsers,
                    reason: `${applied.keptForActiveUsers.activeUsers} users were active at the renewal, more than the ${applied.keptForActiveUsers.scheduledSeats} scheduled seats: one seat kept for each active user.`,
                  }
                : null,
            },
            occurredAt: now,
          });
          state = appliedState;
        }
        const after = {
          ...state,
          periodStart: step.period.start,
          periodEnd: step.period.end,
          accountCredit: step.settlement.accountCreditAfter,
        };
        const invoice = invoicesByKey.get(renewalKey(organizationId, step.period.start));
        const invoiceId = invoice?.id ?? null;
        audits.push({
          organizationId,
          ...schedulerActor,
          action: "subscription.renewed",
          entityType: "subscription",
          entityId: subscriptionId,
          before: periodDto(state),
          after: {
            id: subscriptionId,
            organizationId,
            ...periodDto(after),
            effectiveAt: step.at.toISOString(),
            invoiceId,
            invoiceNumber: invoice?.number ?? null,
            invoiceTotal: invoice?.total ?? null,
            alreadyInvoiced: invoiceId === null,
          },
          occurredAt: now,
        });
        state = after;
        result.renewals++;
      }
    }
    if (plan.steps.length > 0) {
      cycles.push({ organizationId, cycle: plan.cycle });
      states.push({ subscriptionId, state: plan.state });
      result.subscriptions++;
    }
  }

  await insertRenewalInvoices(tx, invoices);
  await publishInvoicesIssued(
    tx,
    invoices.map((invoice) => ({
      organizationId: invoice.organizationId,
      invoice: newInvoiceDto(invoice.id, invoice.number, {
        kind: "renewal",
        issuedAt: invoice.issuedAt,
        currency: invoice.currency,
        lines: invoice.lines,
        settlement: invoice,
        document: invoice.document,
      }),
    })),
  );
  await insertLedgerEntries(tx, ledger, now);
  await updateCreditCycles(tx, cycles);
  await updateSubscriptionStates(tx, states, now);
  await insertScheduledChangeApplications(tx, applications, now);
  await recordAudit(tx, audits);
  return result;
}

/**
 * Runs every renewal and credit reset due at `now`, batch after batch (one transaction each),
 * until nothing due is left that this process may claim. Safe to run in several processes at once.
 */
export async function runDueWork(
  deps: JobDeps,
  now: Date,
  options: DueWorkOptions = {},
): Promise<DueWorkResult> {
  if (options.organizationId) return runDueWorkUntil(deps, now, options);
  // Numbers follow issue dates across organizations (issue 15): a long catch-up goes forward one
  // renewal day at a time, so every renewal of an earlier day is numbered before any of a later
  // one (within a step, a batch numbers its renewals in time order).
  const total = emptyResult();
  let previous: Date | undefined;
  for (let step = 0; step < 1_000_000; step++) {
    const horizon = await nextRenewalHorizon(deps.db, now, previous);
    previous = horizon;
    const done = await runDueWorkUntil(deps, horizon, options);
    total.subscriptions += done.subscriptions;
    total.renewals += done.renewals;
    total.creditResets += done.creditResets;
    total.batches += done.batches;
    if (horizon.getTime() >= now.getTime()) break;
  }
  return total;
}

const dayMs = 86_400_000;
const startOfUtcDay = (instant: Date) => Math.floor(instant.getTime() / dayMs) * dayMs;

/**
 * How far the next step of a catch-up to `target` goes: to the end of the day of the earliest
 * renewal still due anywhere, so renewals are numbered day by day across organizations. Rows
 * another process holds (skipped while locked) keep that renewal where it was: a step that would
 * not advance goes to `target` instead (that process numbers those rows).
 */
export async function nextRenewalHorizon(executor: Executor, target: Date, previous?: Date): Promise<Date> {
  const earliest = await earliestRenewal(executor);
  if (!earliest || earliest.getTime() >= target.getTime()) return target;
  const horizon = Math.min(target.getTime(), startOfUtcDay(earliest) + dayMs);
  if (previous && horizon <= previous.getTime()) return target;
  return new Date(horizon);
}

async function runDueWorkUntil(deps: JobDeps, now: Date, options: DueWorkOptions): Promise<DueWorkResult> {
  const total = emptyResult();
  let after: ClaimCursor | undefined;
  // Bounded: a batch that claims rows always moves each of them forward. A walk that reaches the
  // end starts over once from the beginning, for rows with more work left or skipped while locked.
  for (let round = 0; round < 1_000_000; round++) {
    const batch = await retryingTransaction(deps.db, (tx) =>
      processDueBatch(tx, deps, now, { ...options, after }),
    );
    if (batch.claimed > 0)
      afterCommit(deps.caches, { organizations: options.organizationId ? [options.organizationId] : "all" });
    total.subscriptions += batch.subscriptions;
    total.renewals += batch.renewals;
    total.creditResets += batch.creditResets;
    renewalsRun.inc(batch.renewals);
    creditResetsRun.inc(batch.creditResets);
    total.batches++;
    if (batch.claimed > 0) after = batch.cursor;
    else if (after) after = undefined;
    else break;
  }
  return total;
}
