import { randomUUID } from "node:crypto";
import { and, count, eq, sql } from "drizzle-orm";
import type { BillTo } from "../../../core/invoice-document.js";
import type { NextState, ScheduledChange, SubscriptionState } from "../../../core/plan-change.js";
import { booleanOf, queryInTurn, toDate } from "../../db/adapter.js";
import type { Executor } from "../../db/client.js";
import { organizations, subscriptions, users } from "../../db/schema.js";
import { expectCount, noWrites, type Writes } from "../../db/writes.js";
import { billToOfJson } from "../billing-info/billing-info.repository.js";

export type SubscriptionRow = typeof subscriptions.$inferSelect;

export interface LoadedSubscription {
  row: SubscriptionRow;
  organization: { id: string; name: string; currency: string; requireApproval: boolean };
  state: SubscriptionState;
}

/** The columns every read of a subscription takes: its row and what it needs of its organization. */
export const subscriptionWithOrganization = {
  subscription: subscriptions,
  organization: {
    id: organizations.id,
    name: organizations.name,
    currency: organizations.currency,
    requireApproval: organizations.requireApproval,
  },
};

/**
 * Reads the subscription with its organization; with `lock`, the subscription row stays locked
 * until the transaction ends. Active users are counted in a second statement, after the lock is
 * held: a count taken in the locking statement comes from the snapshot before the wait, and could
 * miss a user added by the transaction that held the lock.
 */
export async function loadSubscription(
  executor: Executor,
  organizationId: string,
  options: { lock: boolean },
): Promise<LoadedSubscription | undefined> {
  const query = executor
    .select({
      ...subscriptionWithOrganization,
    })
    .from(subscriptions)
    .innerJoin(organizations, eq(organizations.id, subscriptions.organizationId))
    .where(eq(subscriptions.organizationId, organizationId));
  const [result] = options.lock ? await query.for("update", { of: subscriptions }) : await query;
  if (!result) return undefined;
  const [active] = await executor
    .select({ value: count() })
    .from(users)
    .where(and(eq(users.organizationId, organizationId), eq(users.status, "active")));
  const locked = { row: result.subscription, organization: result.organization };
  return { ...locked, state: stateOf(locked, Number(active?.value ?? 0)) };
}

/** The scheduled decrease a subscription row carries (its five columns are set together). */
export function scheduledOf(row: SubscriptionRow): ScheduledChange | null {
  if (
    row.scheduledChangeId === null ||
    row.scheduledSeats === null ||
    row.scheduledCreditBlocks === null ||
    row.scheduledEffectiveAt === null
  ) {
    return null;
  }
  return {
    id: row.scheduledChangeId,
    seats: row.scheduledSeats,
    additionalCreditBlocks: row.scheduledCreditBlocks,
    interval: row.scheduledInterval ?? row.interval,
    effectiveAt: row.scheduledEffectiveAt,
  };
}

/** The row's columns for a scheduled decrease (or none); a change without an id gets a new one. */
export function scheduledColumns(scheduled: ScheduledChange | null, newId: () => string) {
  return {
    scheduledChangeId: scheduled ? (scheduled.id ?? newId()) : null,
    scheduledSeats: scheduled?.seats ?? null,
    scheduledCreditBlocks: scheduled?.additionalCreditBlocks ?? null,
    scheduledInterval: scheduled?.interval ?? null,
    scheduledEffectiveAt: scheduled?.effectiveAt ?? null,
  };
}

/** The compute step's view of a subscription row. */
export function stateOf(
  subscription: { row: SubscriptionRow; organization: { currency: string } },
  activeUsers: number,
): SubscriptionState {
  const { row } = subscription;
  return {
    currency: subscription.organization.currency,
    seats: row.seats,
    additionalCreditBlocks: row.additionalCreditBlocks,
    scheduled: scheduledOf(row),
    interval: row.interval,
    anchorAt: row.anchorAt,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    accountCredit: row.accountCredit,
    activeUsers,
  };
}

export interface LockedSubscription {
  row: SubscriptionRow;
  organization: LoadedSubscription["organization"];
}

// The subscription row and what a change needs of its organization, with explicit columns: the
// statement text is a constant, prepared once per connection on PostgreSQL.
const lockStatement = `
  SELECT s.id, s.organization_id, s.seats, s.additional_credit_blocks, s.scheduled_credit_blocks,
    s.scheduled_change_id, s.scheduled_seats, s.scheduled_interval, s.scheduled_effective_at, s.interval, s.anchor_at, s.period_start, s.period_end, s.account_credit, s.version, s.created_at,
    s.updated_at, o.name AS organization_name, o.currency, o.require_approval
  FROM subscriptions s JOIN organizations o ON o.id = s.organization_id
  WHERE s.organization_id = ANY($1::uuid[])
  ORDER BY s.id
  FOR UPDATE OF s`;

const contextsStatement = `
  SELECT o.id AS organization_id,
    (SELECT count(*) FROM users u WHERE u.organization_id = o.id AND u.status = 'active') AS active_users,
    EXISTS (SELECT 1 FROM change_requests c WHERE c.organization_id = o.id AND c.status = 'pending')
      AS change_request_pending,
    (SELECT b.cycle_end FROM credit_balances b WHERE b.organization_id = o.id) AS cycle_end,
    (SELECT row_to_json(p) FROM billing_profiles p WHERE p.organization_id = o.id) AS billing_profile
  FROM unnest($1::uuid[]) AS o(id)`;

function lockedOf(row: Record<string, unknown>): LockedSubscription {
  const organizationId = String(row.organization_id);
  return {
    row: {
      id: String(row.id),
      organizationId,
      seats: Number(row.seats),
      additionalCreditBlocks: Number(row.additional_credit_blocks),
      scheduledChangeId: row.scheduled_change_id == null ? null : String(row.scheduled_change_id),
      scheduledSeats: row.scheduled_seats == null ? null : Number(row.scheduled_seats),
      scheduledCreditBlocks: row.scheduled_credit_blocks == null ? null : Number(row.scheduled_credit_blocks),
      scheduledInterval: (row.scheduled_interval ?? null) as SubscriptionRow["scheduledInterval"],
      scheduledEffectiveAt: row.scheduled_effective_at == null ? null : toDate(row.scheduled_effective_at),
      interval: row.interval as SubscriptionRow["interval"],
      anchorAt: toDate(row.anchor_at),
      periodStart: toDate(row.period_start),
      periodEnd: toDate(row.period_end),
      accountCredit: Number(row.account_credit),
      version: Number(row.version),
      createdAt: toDate(row.created_at),
      updatedAt: toDate(row.updated_at),
    },
    organization: {
      id: organizationId,
      name: String(row.organization_name),
      currency: String(row.currency),
      requireApproval: booleanOf(row.require_approval),
    },
  };
}

function contextOf(row: Record<string, unknown>): ChangeContext {
  return {
    activeUsers: Number(row.active_users),
    changeRequestPending: booleanOf(row.change_request_pending),
    cycleEnd: row.cycle_end === null || row.cycle_end === undefined ? null : toDate(row.cycle_end),
    billTo: billToOfJson(row.billing_profile),
  };
}

/**
 * Locks the subscriptions of several organizations (in id order: the order every batch takes them
 * in, so two batches never wait on each other in a cycle), then reads each one's active users,
 * pending change request and credit cycle end: two statements, the second run after the first has
 * its locks. Under READ COMMITTED each statement takes a new snapshot, so the counts see what a
 * writer that held a lock before us committed (see loadSubscription); one statement would read them
 * from the snapshot taken before it waited.
 *
 * On PostgreSQL both are queued on the connection at once (node-postgres sends the second when the
 * first has completed: the same order, without a turn of the event loop in between) and run as
 * prepared statements.
 */
export async function lockSubscriptionsWithContexts(
  executor: Executor,
  organizationIds: readonly string[],
): Promise<{ locked: Map<string, LockedSubscription>; contexts: Map<string, ChangeContext> }> {
  const locked = new Map<string, LockedSubscription>();
  const contexts = new Map<string, ChangeContext>();
  if (organizationIds.length === 0) return { locked, contexts };
  const ids = uuidArray(organizationIds);
  const [lockRows = [], contextRows = []] = await queryInTurn(executor, [
    { text: lockStatement, value: ids },
    { text: contextsStatement, value: ids },
  ]);
  for (const row of lockRows) {
    const subscription = lockedOf(row);
    locked.set(subscription.row.organizationId, subscription);
  }
  for (const row of contextRows) {
    const organizationId = String(row.organization_id);
    if (locked.has(organizationId)) contexts.set(organizationId, contextOf(row));
  }
  return { locked, contexts };
}

export interface ChangeContext {
  activeUsers: number;
  changeRequestPending: boolean;
  /** When the organization's credit cycle ends (null without one). */
  cycleEnd: Date | null;
  /** The billing info an invoice issued now freezes (null without any). */
  billTo: BillTo | null;
}

/** A PostgreSQL array literal of uuids (ids from our own rows, never caller text). */
function uuidArray(ids: readonly string[]): string {
  for (const id of ids) if (!uuidPattern.test(id)) throw new Error(`not a uuid: ${id}`);
  return `{${ids.join(",")}}`;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The state a change leaves a subscription in (its row as the update writes it). */
export function nextSubscriptionRow(
  row: SubscriptionRow,
  next: NextState & { anchorAt: Date },
  now: Date,
): SubscriptionRow {
  return {
    ...row,
    seats: next.seats,
    additionalCreditBlocks: next.additionalCreditBlocks,
    ...scheduledColumns(next.scheduled, randomUUID),
    interval: next.interval,
    anchorAt: next.anchorAt,
    periodStart: next.periodStart,
    periodEnd: next.periodEnd,
    accountCredit: next.accountCredit,
    version: row.version + 1,
    updatedAt: now,
  };
}

/** Updates the locked subscriptions to the given rows, as part of one statement (`runWrites`). */
export function subscriptionWrites(rows: readonly SubscriptionRow[]): Writes<void> {
  if (rows.length === 0) return { ...noWrites, read: () => undefined };
  const json = JSON.stringify(
    rows.map((row) => ({
      id: row.id,
      seats: row.seats,
      additional_credit_blocks: row.additionalCreditBlocks,
      scheduled_credit_blocks: row.scheduledCreditBlocks,
      scheduled_change_id: row.scheduledChangeId,
      scheduled_seats: row.scheduledSeats,
      scheduled_interval: row.scheduledInterval,
      scheduled_effective_at: row.scheduledEffectiveAt?.toISOString() ?? null,
      interval: row.interval,
      anchor_at: row.anchorAt.toISOString(),
      period_start: row.periodStart.toISOString(),
      period_end: row.periodEnd.toISOString(),
      account_credit: row.accountCredit,
      version: row.version,
      updated_at: row.updatedAt.toISOString(),
    })),
  );
  return {
    parts: [
      {
        name: "saved_subscriptions",
        statement: sql`
          UPDATE subscriptions s SET seats = x.seats, additional_credit_blocks = x.additional_credit_blocks,
            scheduled_credit_blocks = x.scheduled_credit_blocks, scheduled_change_id = x.scheduled_change_id,
            scheduled_seats = x.scheduled_seats, scheduled_interval = x.scheduled_interval,
            scheduled_effective_at = x.scheduled_effective_at, interval = x.interval, anchor_at = x.anchor_at,
            period_start = x.period_start, period_end = x.period_end, account_credit = x.account_credit,
            version = x.version, updated_at = x.updated_at
          FROM jsonb_to_recordset(${json}::jsonb) AS x(id uuid, seats integer, additional_credit_blocks integer,
            scheduled_credit_blocks integer, scheduled_change_id uuid, scheduled_seats integer, scheduled_interval text,
            scheduled_effective_at timestamptz, interval text, anchor_at timestamptz, period_start timestamptz,
            period_end timestamptz, account_credit bigint, version integer, updated_at timestamptz)
          WHERE s.id = x.id
          RETURNING s.id`,
      },
    ],
    outputs: {
      saved_subscriptions: expectCount(
        sql`(SELECT count(*) FROM saved_subscriptions)`,
        rows.length,
        "a subscription vanished while locked",
      ),
    },
    read(row) {
      if (Number(row.saved_subscriptions) !== rows.length)
        throw new Error("a subscription vanished while locked");
    },
  };
}

/** Adds to an organization's account credit (a credit note); the row is locked by the update. */
export async function addAccountCredit(
  executor: Executor,
  organizationId: string,
  credit: number,
  now: Date,
) {
  if (credit === 0) return;
  await executor
    .update(subscriptions)
    .set({
      accountCredit: sql`${subscriptions.accountCredit} + ${credit}`,
      version: sql`${subscriptions.version} + 1`,
      updatedAt: now,
    })
    .where(eq(subscriptions.organizationId, organizationId));
}
