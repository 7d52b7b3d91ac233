import { type SQL, sql } from "drizzle-orm";
import type { BillingState, CreditCycleState } from "../../core/due-work.js";
import type { InvoiceLine } from "../../core/invoice.js";
import type { InvoiceDocument } from "../../core/invoice-document.js";
import type { Interval } from "../../core/period.js";
import { rowsOf, toDate } from "../db/adapter.js";
import type { Executor } from "../db/client.js";
import {
  invoiceDocumentColumns,
  invoiceDocumentRecord,
  invoiceDocumentSelect,
  invoiceDocumentTypes,
  invoiceLineRecords,
} from "../modules/invoices/invoices.repository.js";

/** A subscription and its credit cycle, both rows locked by the claiming transaction. */
export interface ClaimedSubscription {
  subscriptionId: string;
  organizationId: string;
  state: BillingState;
  cycle: CreditCycleState;
}

const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

function claimedOf(row: Record<string, unknown>): ClaimedSubscription {
  return {
    subscriptionId: String(row.id),
    organizationId: String(row.organization_id),
    state: {
      currency: String(row.currency),
      seats: Number(row.seats),
      additionalCreditBlocks: Number(row.additional_credit_blocks),
      scheduled:
        row.scheduled_change_id == null || row.scheduled_effective_at == null
          ? null
          : {
              id: String(row.scheduled_change_id),
              seats: Number(row.scheduled_seats),
              additionalCreditBlocks: Number(row.scheduled_credit_blocks),
              interval: (row.scheduled_interval ?? row.interval) as Interval,
              effectiveAt: toDate(row.scheduled_effective_at),
            },
      activeUsers: Number(row.active_users ?? 0),
      interval: row.interval as Interval,
      anchorAt: toDate(row.anchor_at),
      periodStart: toDate(row.period_start),
      periodEnd: toDate(row.period_end),
      accountCredit: Number(row.account_credit),
    },
    cycle: {
      start: toDate(row.cycle_start),
      end: toDate(row.cycle_end),
      allocation: Number(row.allocation),
      balance: Number(row.balance),
    },
  };
}

/**
 * Claims up to `limit` subscriptions with work due at `now`, locking each subscription and its
 * credit balance. The walk starts from the credit_balances cycle_end index: a credit cycle never
 * ends after its billing period, so every due subscription has an ended cycle. `skipLocked` lets
 * several schedulers share the work; without it the caller waits (test clock, a spend that needs
 * the reset first).
 */
export async function claimDueSubscriptions(
  executor: Executor,
  input: {
    now: Date;
    limit: number;
    skipLocked: boolean;
    organizationId?: string | undefined;
    after?: ClaimCursor | undefined;
  },
): Promise<ClaimedSubscription[]> {
  const now = input.now.toISOString();
  const lock = input.skipLocked ? sql`FOR UPDATE OF s, b SKIP LOCKED` : sql`FOR UPDATE OF s, b`;
  const organization = input.organizationId
    ? sql`AND s.organization_id = ${input.organizationId}::uuid`
    : sql``;
  // The walk goes forward from the last batch's key, so rows already moved on (and their dead
  // index entries) are not scanned again by every batch.
  const after = input.after
    ? sql`AND (b.cycle_end, b.organization_id) > (${input.after.cycleEnd.toISOString()}::timestamptz, ${input.after.organizationId}::uuid)`
    : sql``;
  const claim = async (due: SQL, order: SQL) =>
    rowsOf(
      await executor.execute(sql`
        SELECT s.id, s.organization_id, s.seats, s.additional_credit_blocks, s.scheduled_credit_blocks,
          s.scheduled_change_id, s.scheduled_seats, s.scheduled_interval, s.scheduled_effective_at,
          CASE WHEN s.scheduled_change_id IS NULL THEN 0 ELSE
            (SELECT count(*) FROM users u WHERE u.organization_id = s.organization_id AND u.status = 'active')
          END AS active_users,
          s.interval, s.anchor_at, s.period_start, s.period_end, s.account_credit, o.currency,
          b.cycle_start, b.cycle_end, b.allocation, b.balance
        FROM credit_balances b
        JOIN subscriptions s ON s.organization_id = b.organization_id
        JOIN organizations o ON o.id = s.organization_id
        WHERE ${due} ${organization}
        ${order}
        LIMIT ${input.limit}
        ${lock}`),
    );
  let rows = await claim(
    sql`b.cycle_end <= ${now}::timestamptz ${after}`,
    sql`ORDER BY b.cycle_end, b.organization_id`,
  );
  // Belt and braces: a period that ended while its cycle did not (inconsistent data) still renews.
  if (rows.length === 0 && !input.after) rows = await claim(sql`s.period_end <= ${now}::timestamptz`, sql``);
  return rows.map(claimedOf);
}

/** Where a walk over due credit cycles stopped: the (cycle_end, organization_id) of its last row. */
export interface ClaimCursor {
  cycleEnd: Date;
  organizationId: string;
}

/** The renewal invoices that already exist among these (organization, period start) pairs. */
export async function findRenewalInvoices(
  executor: Executor,
  pairs: readonly { organizationId: string; periodStart: Date }[],
): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  const rows = rowsOf(
    await executor.execute(sql`
      SELECT i.organization_id, i.renewal_period_start
      FROM jsonb_to_recordset(${json(
        pairs.map((pair) => ({
          organization_id: pair.organizationId,
          start: pair.periodStart.toISOString(),
        })),
      )}) AS x(organization_id uuid, start timestamptz)
      JOIN invoices i ON i.organization_id = x.organization_id AND i.renewal_period_start = x.start`),
  );
  return new Set(
    rows.map((row) => renewalKey(String(row.organization_id), toDate(row.renewal_period_start))),
  );
}

export const renewalKey = (organizationId: string, periodStart: Date) =>
  `${organizationId}|${periodStart.toISOString()}`;

export interface NewRenewalInvoice {
  id: string;
  organizationId: string;
  number: number;
  issuedAt: Date;
  /** The period this renewal bills (one invoice per organization and period). */
  periodStart: Date;
  currency: string;
  subtotal: number;
  creditApplied: number;
  total: number;
  document: InvoiceDocument | undefined;
  lines: readonly InvoiceLine[];
}

/** Writes renewal invoices and their lines in two statements, whatever their number. */
export async function insertRenewalInvoices(executor: Executor, invoices: readonly NewRenewalInvoice[]) {
  if (invoices.length === 0) return;
  await executor.execute(sql`
    INSERT INTO invoices
      (id, organization_id, number, kind, issued_at, currency, subtotal, credit_applied, total, renewal_period_start,
      ${invoiceDocumentColumns})
    SELECT x.id, x.organization_id, x.number, 'renewal', x.issued_at, x.currency, x.subtotal, x.credit_applied,
      x.total, x.renewal_period_start, ${invoiceDocumentSelect("x")}
    FROM jsonb_to_recordset(${json(
      invoices.map((invoice) => ({
        id: invoice.id,
        organization_id: invoice.organizationId,
        number: invoice.number,
        issued_at: invoice.issuedAt.toISOString(),
        renewal_period_start: invoice.periodStart.toISOString(),
        currency: invoice.currency,
        subtotal: invoice.subtotal,
        credit_applied: invoice.creditApplied,
        ...invoiceDocumentRecord(invoice.document, invoice, invoice.issuedAt),
      })),
    )}) AS x(id uuid, organization_id uuid, number bigint, issued_at timestamptz, renewal_period_start timestamptz,
      currency text, subtotal bigint,
      credit_applied bigint, total bigint, ${invoiceDocumentTypes})`);
  const lines = invoiceLineRecords(invoices);
  if (lines.length === 0) return;
  await executor.execute(sql`
    INSERT INTO invoice_lines
      (invoice_id, organization_id, position, kind, description, quantity, unit_amount, amount, period_start, period_end)
    SELECT x.invoice_id, x.organization_id, x.position, x.kind, x.description, x.quantity, x.unit_amount, x.amount,
      x.period_start, x.period_end
    FROM jsonb_to_recordset(${json(lines)}) AS x(invoice_id uuid, organization_id uuid, position integer, kind text,
      description text, quantity integer, unit_amount bigint, amount bigint, period_start timestamptz,
      period_end timestamptz)`);
}

export interface LedgerEntry {
  organizationId: string;
  cycleStart: Date;
  kind: "grant" | "expiry";
  credits: number;
  balanceAfter: number;
  occurredAt: Date;
}

export async function insertLedgerEntries(executor: Executor, entries: readonly LedgerEntry[], now: Date) {
  if (entries.length === 0) return;
  await executor.execute(sql`
    INSERT INTO credit_ledger (organization_id, cycle_start, kind, credits, balance_after, occurred_at, recorded_at)
    SELECT x.organization_id, x.cycle_start, x.kind, x.credits, x.balance_after, x.occurred_at,
      ${now.toISOString()}::timestamptz
    FROM jsonb_to_recordset(${json(
      entries.map((entry) => ({
        organization_id: entry.organizationId,
        cycle_start: entry.cycleStart.toISOString(),
        kind: entry.kind,
        credits: entry.credits,
        balance_after: entry.balanceAfter,
        occurred_at: entry.occurredAt.toISOString(),
      })),
    )}) AS x(organization_id uuid, cycle_start timestamptz, kind text, credits bigint, balance_after bigint,
      occurred_at timestamptz)`);
}

export async function updateCreditCycles(
  executor: Executor,
  cycles: readonly { organizationId: string; cycle: CreditCycleState }[],
) {
  if (cycles.length === 0) return;
  await executor.execute(sql`
    UPDATE credit_balances b
    SET cycle_start = x.cycle_start, cycle_end = x.cycle_end, allocation = x.allocation, balance = x.balance
    FROM jsonb_to_recordset(${json(
      cycles.map(({ organizationId, cycle }) => ({
        organization_id: organizationId,
        cycle_start: cycle.start.toISOString(),
        cycle_end: cycle.end.toISOString(),
        allocation: cycle.allocation,
        balance: cycle.balance,
      })),
    )}) AS x(organization_id uuid, cycle_start timestamptz, cycle_end timestamptz, allocation bigint, balance bigint)
    WHERE b.organization_id = x.organization_id`);
}

export async function updateSubscriptionStates(
  executor: Executor,
  states: readonly { subscriptionId: string; state: BillingState }[],
  now: Date,
) {
  if (states.length === 0) return;
  await executor.execute(sql`
    UPDATE subscriptions s
    SET seats = x.seats, additional_credit_blocks = x.additional_credit_blocks, interval = x.interval,
      scheduled_change_id = x.scheduled_change_id, scheduled_seats = x.scheduled_seats,
      scheduled_credit_blocks = x.scheduled_credit_blocks, scheduled_interval = x.scheduled_interval,
      scheduled_effective_at = x.scheduled_effective_at,
      period_start = x.period_start, period_end = x.period_end, account_credit = x.account_credit,
      version = s.version + 1, updated_at = ${now.toISOString()}::timestamptz
    FROM jsonb_to_recordset(${json(
      states.map(({ subscriptionId, state }) => ({
        id: subscriptionId,
        seats: state.seats,
        additional_credit_blocks: state.additionalCreditBlocks,
        interval: state.interval,
        scheduled_change_id: state.scheduled?.id ?? null,
        scheduled_seats: state.scheduled?.seats ?? null,
        scheduled_credit_blocks: state.scheduled?.additionalCreditBlocks ?? null,
        scheduled_interval: state.scheduled?.interval ?? null,
        scheduled_effective_at: state.scheduled?.effectiveAt.toISOString() ?? null,
        period_start: state.periodStart.toISOString(),
        period_end: state.periodEnd.toISOString(),
        account_credit: state.accountCredit,
      })),
    )}) AS x(id uuid, seats integer, additional_credit_blocks integer, interval text, scheduled_change_id uuid,
      scheduled_seats integer, scheduled_credit_blocks integer, scheduled_interval text,
      scheduled_effective_at timestamptz, period_start timestamptz, period_end timestamptz, account_credit bigint)
    WHERE s.id = x.id`);
}

export interface ScheduledChangeApplication {
  scheduledChangeId: string;
  organizationId: string;
  effectiveAt: Date;
  appliedAt: Date;
  seatsBefore: number;
  creditBlocksBefore: number;
  scheduledSeats: number;
  seats: number;
  creditBlocks: number;
  activeUsers: number;
}

/**
 * Records the scheduled changes renewals applied. The primary key is the scheduled change's id: a
 * second application of one change fails the transaction instead of billing it twice.
 */
export async function insertScheduledChangeApplications(
  executor: Executor,
  applications: readonly ScheduledChangeApplication[],
  now: Date,
) {
  if (applications.length === 0) return;
  await executor.execute(sql`
    INSERT INTO scheduled_change_applications (scheduled_change_id, organization_id, effective_at, applied_at,
      seats_before, credit_blocks_before, scheduled_seats, seats, credit_blocks, active_users, recorded_at)
    SELECT x.scheduled_change_id, x.organization_id, x.effective_at, x.applied_at, x.seats_before,
      x.credit_blocks_before, x.scheduled_seats, x.seats, x.credit_blocks, x.active_users,
      ${now.toISOString()}::timestamptz
    FROM jsonb_to_recordset(${json(
      applications.map((application) => ({
        scheduled_change_id: application.scheduledChangeId,
        organization_id: application.organizationId,
        effective_at: application.effectiveAt.toISOString(),
        applied_at: application.appliedAt.toISOString(),
        seats_before: application.seatsBefore,
        credit_blocks_before: application.creditBlocksBefore,
        scheduled_seats: application.scheduledSeats,
        seats: application.seats,
        credit_blocks: application.creditBlocks,
        active_users: application.activeUsers,
      })),
    )}) AS x(scheduled_change_id uuid, organization_id uuid, effective_at timestamptz, applied_at timestamptz,
      seats_before integer, credit_blocks_before integer, scheduled_seats integer, seats integer,
      credit_blocks integer, active_users integer)`);
}

/** The earliest period end of any subscription (the next renewal anywhere), or null. */
export async function earliestRenewal(executor: Executor): Promise<Date | null> {
  const [row] = rowsOf(await executor.execute(sql`SELECT min(period_end) AS due FROM subscriptions`));
  return row?.due == null ? null : toDate(row.due);
}

/** Locks every subscription (and credit balance) with work due by `now`, waiting for them. */
export async function lockDueSubscriptions(executor: Executor, now: Date): Promise<void> {
  await claimDueSubscriptions(executor, { now, limit: 1_000_000, skipLocked: false });
}
