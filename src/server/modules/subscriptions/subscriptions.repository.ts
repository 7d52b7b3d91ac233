import { and, count, eq, inArray, sql } from "drizzle-orm";
import type { NextState, SubscriptionState } from "../../../core/plan-change.js";
import type { Executor } from "../../db/client.js";
import { organizations, subscriptions, users } from "../../db/schema.js";
import { noWrites, type Writes } from "../../db/writes.js";
import { rowsOf } from "../credits/credits.repository.js";

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
    scheduledCreditBlocks: row.scheduledCreditBlocks,
    interval: row.interval,
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

/**
 * Locks the subscriptions of several organizations in one statement, in id order (the order every
 * batch takes them in, so two batches never wait on each other in a cycle).
 */
export async function lockSubscriptions(
  executor: Executor,
  organizationIds: readonly string[],
): Promise<Map<string, LockedSubscription>> {
  const locked = new Map<string, LockedSubscription>();
  if (organizationIds.length === 0) return locked;
  const rows = await executor
    .select({
      ...subscriptionWithOrganization,
    })
    .from(subscriptions)
    .innerJoin(organizations, eq(organizations.id, subscriptions.organizationId))
    .where(inArray(subscriptions.organizationId, [...organizationIds]))
    .orderBy(subscriptions.id)
    .for("update", { of: subscriptions });
  for (const { subscription, organization } of rows) {
    locked.set(subscription.organizationId, { row: subscription, organization });
  }
  return locked;
}

export interface ChangeContext {
  activeUsers: number;
  changeRequestPending: boolean;
  /** When the organization's credit cycle ends (null without one). */
  cycleEnd: Date | null;
}

/** A PostgreSQL array literal of uuids (ids from our own rows, never caller text). */
function uuidArray(ids: readonly string[]): string {
  return `{${ids.join(",")}}`;
}

/**
 * Active users and whether a change request is pending, per organization, in one statement. Run
 * it after the subscriptions are locked: under READ COMMITTED each statement takes a new
 * snapshot, so it sees what a writer that held the lock before us committed (see loadSubscription).
 */
export async function loadChangeContexts(
  executor: Executor,
  organizationIds: readonly string[],
): Promise<Map<string, ChangeContext>> {
  const contexts = new Map<string, ChangeContext>();
  if (organizationIds.length === 0) return contexts;
  const rows = rowsOf(
    await executor.execute(sql`
      SELECT o.id AS organization_id,
        (SELECT count(*) FROM users u WHERE u.organization_id = o.id AND u.status = 'active') AS active_users,
        EXISTS (SELECT 1 FROM change_requests c WHERE c.organization_id = o.id AND c.status = 'pending')
          AS change_request_pending,
        (SELECT b.cycle_end FROM credit_balances b WHERE b.organization_id = o.id) AS cycle_end
      FROM unnest(${uuidArray(organizationIds)}::uuid[]) AS o(id)`),
  );
  for (const row of rows) {
    contexts.set(String(row.organization_id), {
      activeUsers: Number(row.active_users),
      changeRequestPending: row.change_request_pending === true || row.change_request_pending === "t",
      cycleEnd:
        row.cycle_end === null || row.cycle_end === undefined ? null : new Date(row.cycle_end as string),
    });
  }
  return contexts;
}

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
    scheduledCreditBlocks: next.scheduledCreditBlocks,
    interval: next.interval,
    anchorAt: next.anchorAt,
    periodStart: next.periodStart,
    periodEnd: next.periodEnd,
    accountCredit: next.accountCredit,
    version: row.version + 1,
    updatedAt: now,
  };
}

/** Writes several locked subscriptions' new rows in one statement. */
/** Updates the locked subscriptions to the given rows, as part of one statement (`runWrites`). */
export function subscriptionWrites(rows: readonly SubscriptionRow[]): Writes<void> {
  if (rows.length === 0) return { ...noWrites, read: () => undefined };
  const json = JSON.stringify(
    rows.map((row) => ({
      id: row.id,
      seats: row.seats,
      additional_credit_blocks: row.additionalCreditBlocks,
      scheduled_credit_blocks: row.scheduledCreditBlocks,
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
            scheduled_credit_blocks = x.scheduled_credit_blocks, interval = x.interval, anchor_at = x.anchor_at,
            period_start = x.period_start, period_end = x.period_end, account_credit = x.account_credit,
            version = x.version, updated_at = x.updated_at
          FROM jsonb_to_recordset(${json}::jsonb) AS x(id uuid, seats integer, additional_credit_blocks integer,
            scheduled_credit_blocks integer, interval text, anchor_at timestamptz, period_start timestamptz,
            period_end timestamptz, account_credit bigint, version integer, updated_at timestamptz)
          WHERE s.id = x.id
          RETURNING s.id`,
      },
    ],
    outputs: { saved_subscriptions: sql`(SELECT count(*) FROM saved_subscriptions)` },
    read(row) {
      if (Number(row.saved_subscriptions) !== rows.length)
        throw new Error("a subscription vanished while locked");
    },
  };
}
