import { and, desc, eq, lt, sql } from "drizzle-orm";
import type { NoticeThreshold, RecordedSpend, SpendOutcome } from "../../../core/credits.js";
import type { Period } from "../../../core/period.js";
import type { Executor } from "../../db/client.js";
import { creditBalances, creditLedger, creditNotices, outboxEvents } from "../../db/schema.js";

export type CreditBalanceRow = typeof creditBalances.$inferSelect;

/** Raw rows carry timestamps as text ("2026-01-01 00:00:00+00"); this reads them exactly. */
export function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  const text = String(value)
    .replace(" ", "T")
    .replace(/([+-]\d\d)$/, "$1:00");
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new Error(`not a timestamp: ${String(value)}`);
  return date;
}

export function rowsOf(result: unknown): Record<string, unknown>[] {
  return (result as { rows: Record<string, unknown>[] }).rows;
}

export async function findCreditBalance(executor: Executor, organizationId: string) {
  const [row] = await executor
    .select()
    .from(creditBalances)
    .where(eq(creditBalances.organizationId, organizationId));
  return row;
}

/**
 * Starts a credit cycle: what is left of the previous one expires and the allocation is granted,
 * each as a ledger entry, so the balance stays equal to the ledger's sum for the cycle.
 */
export async function startCreditCycle(
  executor: Executor,
  input: { organizationId: string; cycle: Period; allocation: number; now: Date },
) {
  const [previous] = await executor
    .select()
    .from(creditBalances)
    .where(eq(creditBalances.organizationId, input.organizationId))
    .for("update");
  const entries: (typeof creditLedger.$inferInsert)[] = [];
  if (previous && previous.balance > 0) {
    entries.push({
      organizationId: input.organizationId,
      cycleStart: previous.cycleStart,
      kind: "expiry",
      credits: -previous.balance,
      balanceAfter: 0,
      occurredAt: input.cycle.start,
      recordedAt: input.now,
    });
  }
  entries.push({
    organizationId: input.organizationId,
    cycleStart: input.cycle.start,
    kind: "grant",
    credits: input.allocation,
    balanceAfter: input.allocation,
    occurredAt: input.cycle.start,
    recordedAt: input.now,
  });
  await executor.insert(creditLedger).values(entries);
  await executor
    .insert(creditBalances)
    .values({
      organizationId: input.organizationId,
      cycleStart: input.cycle.start,
      cycleEnd: input.cycle.end,
      allocation: input.allocation,
      balance: input.allocation,
    })
    .onConflictDoUpdate({
      target: creditBalances.organizationId,
      set: {
        cycleStart: input.cycle.start,
        cycleEnd: input.cycle.end,
        allocation: input.allocation,
        balance: input.allocation,
      },
    });
}

/** Grants credits in the current cycle at once (added seats or blocks). */
export async function grantCredits(
  executor: Executor,
  input: { organizationId: string; credits: number; now: Date },
) {
  if (input.credits <= 0) return;
  const [balance] = await executor
    .update(creditBalances)
    .set({
      allocation: sql`${creditBalances.allocation} + ${input.credits}`,
      balance: sql`${creditBalances.balance} + ${input.credits}`,
    })
    .where(eq(creditBalances.organizationId, input.organizationId))
    .returning({ cycleStart: creditBalances.cycleStart, balance: creditBalances.balance });
  if (!balance) throw new Error("no credit cycle for the organization");
  await executor.insert(creditLedger).values({
    organizationId: input.organizationId,
    cycleStart: balance.cycleStart,
    kind: "grant",
    credits: input.credits,
    balanceAfter: balance.balance,
    occurredAt: input.now,
    recordedAt: input.now,
  });
}

export interface SpendInput {
  organizationId: string;
  eventId: string;
  feature: string;
  credits: number;
  occurredAt: Date;
  now: Date;
}

export interface CycleSnapshot {
  cycleStart: Date;
  cycleEnd: Date;
  allocation: number;
  balance: number;
}

export type SingleSpendResult =
  | { kind: "spent"; cycle: CycleSnapshot }
  | { kind: "duplicate"; first: RecordedSpend & { occurredAt: Date }; cycle: CycleSnapshot }
  | { kind: "insufficient"; cycle: CycleSnapshot }
  | { kind: "cycle_ended"; cycle: CycleSnapshot }
  | { kind: "no_cycle" };

function snapshotOf(row: Record<string, unknown>): CycleSnapshot {
  return {
    cycleStart: toDate(row.cycle_start),
    cycleEnd: toDate(row.cycle_end),
    allocation: Number(row.allocation),
    balance: Number(row.balance),
  };
}

/**
 * One event in one statement: the balance is debited only if it covers the credits, the cycle is
 * still open and the event is new; the ledger entry is written from the debited row. Two requests
 * with the same new event id race to the unique index: the loser fails with a unique violation
 * and its caller retries, then finds the first result.
 */
export async function spendOne(executor: Executor, input: SpendInput): Promise<SingleSpendResult> {
  const now = input.now.toISOString();
  const spent = rowsOf(
    await executor.execute(sql`
      WITH debited AS (
        UPDATE credit_balances SET balance = balance - ${input.credits}::bigint
        WHERE organization_id = ${input.organizationId}
          AND balance >= ${input.credits}::bigint
          AND cycle_end > ${now}::timestamptz
          AND NOT EXISTS (
            SELECT 1 FROM credit_ledger
            WHERE organization_id = ${input.organizationId} AND event_id = ${input.eventId}
          )
        RETURNING cycle_start, cycle_end, allocation, balance
      ), entry AS (
        INSERT INTO credit_ledger
          (organization_id, cycle_start, kind, credits, event_id, feature, balance_after, occurred_at, recorded_at)
        SELECT ${input.organizationId}::uuid, cycle_start, 'spend', ${-input.credits}::bigint,
          ${input.eventId}::text, ${input.feature}::text, balance, ${input.occurredAt.toISOString()}::timestamptz, ${now}::timestamptz
        FROM debited
        RETURNING id
      )
      SELECT debited.*, (SELECT id FROM entry) AS entry_id FROM debited`),
  );
  const [row] = spent;
  if (row) return { kind: "spent", cycle: snapshotOf(row) };
  // Nothing was debited: say why, from fresh reads.
  const [state] = rowsOf(
    await executor.execute(sql`
      SELECT b.cycle_start, b.cycle_end, b.allocation, b.balance,
        l.credits AS first_credits, l.feature AS first_feature, l.balance_after AS first_balance_after,
        l.occurred_at AS first_occurred_at, l.id AS first_id
      FROM credit_balances b
      LEFT JOIN credit_ledger l ON l.organization_id = b.organization_id AND l.event_id = ${input.eventId}
      WHERE b.organization_id = ${input.organizationId}`),
  );
  if (!state) return { kind: "no_cycle" };
  const cycle = snapshotOf(state);
  if (state.first_id !== null && state.first_id !== undefined) {
    return {
      kind: "duplicate",
      cycle,
      first: {
        eventId: input.eventId,
        feature: (state.first_feature as string | null) ?? null,
        credits: -Number(state.first_credits),
        balanceAfter: state.first_balance_after === null ? null : Number(state.first_balance_after),
        occurredAt: toDate(state.first_occurred_at),
      },
    };
  }
  if (cycle.cycleEnd.getTime() <= input.now.getTime()) return { kind: "cycle_ended", cycle };
  return { kind: "insufficient", cycle };
}

/**
 * An operator's correction in the current cycle: allocation and balance move together (so "used"
 * still counts spends only), never below zero. Undefined when refused or there is no cycle.
 */
export async function adjustCredits(
  executor: Executor,
  input: { organizationId: string; credits: number; now: Date },
) {
  const now = input.now.toISOString();
  const [row] = rowsOf(
    await executor.execute(sql`
      WITH adjusted AS (
        UPDATE credit_balances
        SET balance = balance + ${input.credits}::bigint, allocation = allocation + ${input.credits}::bigint
        WHERE organization_id = ${input.organizationId}::uuid
          AND balance + ${input.credits}::bigint >= 0 AND allocation + ${input.credits}::bigint >= 0
        RETURNING cycle_start, cycle_end, allocation, balance
      ), entry AS (
        INSERT INTO credit_ledger (organization_id, cycle_start, kind, credits, balance_after, occurred_at, recorded_at)
        SELECT ${input.organizationId}::uuid, cycle_start, 'adjustment', ${input.credits}::bigint, balance,
          ${now}::timestamptz, ${now}::timestamptz
        FROM adjusted
        RETURNING id
      )
      SELECT adjusted.*, (SELECT id FROM entry) AS entry_id FROM adjusted`),
  );
  return row ? { ...snapshotOf(row), entryId: Number(row.entry_id) } : undefined;
}

/** Locks the organization's balance row: every spend of the organization queues behind it. */
export async function lockCreditBalance(executor: Executor, organizationId: string) {
  const [row] = rowsOf(
    await executor.execute(sql`
      SELECT cycle_start, cycle_end, allocation, balance FROM credit_balances
      WHERE organization_id = ${organizationId} FOR UPDATE`),
  );
  return row ? snapshotOf(row) : undefined;
}

/** The ledger entries already recorded for these event ids (read after the lock, so complete). */
export async function findRecordedSpends(
  executor: Executor,
  organizationId: string,
  eventIds: readonly string[],
): Promise<Map<string, RecordedSpend>> {
  const recorded = new Map<string, RecordedSpend>();
  if (eventIds.length === 0) return recorded;
  const rows = rowsOf(
    await executor.execute(sql`
      SELECT event_id, feature, credits, balance_after FROM credit_ledger
      WHERE organization_id = ${organizationId}
        AND event_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(eventIds)}::jsonb))`),
  );
  for (const row of rows) {
    const eventId = String(row.event_id);
    recorded.set(eventId, {
      eventId,
      feature: (row.feature as string | null) ?? null,
      credits: -Number(row.credits),
      balanceAfter: row.balance_after === null ? null : Number(row.balance_after),
    });
  }
  return recorded;
}

/** Writes a batch's accepted spends and debits their sum, in one statement. */
export async function recordBatchSpends(
  executor: Executor,
  input: {
    organizationId: string;
    cycleStart: Date;
    spent: number;
    outcomes: readonly SpendOutcome[];
    occurredAt: ReadonlyMap<string, Date>;
    now: Date;
  },
): Promise<number> {
  const entries = input.outcomes.flatMap((outcome) =>
    outcome.status === "spent"
      ? [
          {
            event_id: outcome.eventId,
            feature: outcome.feature,
            credits: -outcome.credits,
            balance_after: outcome.balanceAfter,
            occurred_at: (input.occurredAt.get(outcome.eventId) ?? input.now).toISOString(),
          },
        ]
      : [],
  );
  if (entries.length === 0) return 0;
  const [row] = rowsOf(
    await executor.execute(sql`
      WITH entries AS (
        INSERT INTO credit_ledger
          (organization_id, cycle_start, kind, credits, event_id, feature, balance_after, occurred_at, recorded_at)
        SELECT ${input.organizationId}::uuid, ${input.cycleStart.toISOString()}::timestamptz, 'spend', e.credits,
          e.event_id, e.feature, e.balance_after, e.occurred_at, ${input.now.toISOString()}::timestamptz
        FROM jsonb_to_recordset(${JSON.stringify(entries)}::jsonb)
          AS e(event_id text, feature text, credits bigint, balance_after bigint, occurred_at timestamptz)
        RETURNING credits
      )
      UPDATE credit_balances
      SET balance = balance + (SELECT coalesce(sum(credits), 0) FROM entries)
      WHERE organization_id = ${input.organizationId}
      RETURNING balance, (SELECT count(*) FROM entries) AS written`),
  );
  if (!row || Number(row.written) !== entries.length) throw new Error("batch spend wrote a partial ledger");
  return Number(row.balance);
}

/** Records notices (once per cycle and threshold) and their outbox events; returns the new ones. */
export async function recordCreditNotices(
  executor: Executor,
  input: {
    organizationId: string;
    cycleStart: Date;
    thresholds: readonly NoticeThreshold[];
    allocation: number;
    used: number;
    now: Date;
  },
) {
  if (input.thresholds.length === 0) return [];
  const inserted = await executor
    .insert(creditNotices)
    .values(
      input.thresholds.map((threshold) => ({
        organizationId: input.organizationId,
        cycleStart: input.cycleStart,
        threshold,
        allocation: input.allocation,
        used: input.used,
        createdAt: input.now,
      })),
    )
    .onConflictDoNothing()
    .returning();
  if (inserted.length > 0) {
    await executor.insert(outboxEvents).values(
      inserted.map((notice) => ({
        organizationId: notice.organizationId,
        topic: "credits.low_balance",
        payload: {
          organizationId: notice.organizationId,
          threshold: notice.threshold,
          cycleStart: notice.cycleStart.toISOString(),
          allocation: notice.allocation,
          used: notice.used,
        },
        createdAt: input.now,
      })),
    );
  }
  return inserted;
}

export async function listCreditNotices(executor: Executor, organizationId: string, cycleStart: Date) {
  return executor
    .select()
    .from(creditNotices)
    .where(and(eq(creditNotices.organizationId, organizationId), eq(creditNotices.cycleStart, cycleStart)))
    .orderBy(creditNotices.threshold);
}

/** Credits spent in a cycle, per feature. */
export async function usageByFeature(executor: Executor, organizationId: string, cycleStart: Date) {
  const rows = rowsOf(
    await executor.execute(sql`
      SELECT coalesce(feature, '') AS feature, -sum(credits) AS credits, count(*) AS events
      FROM credit_ledger
      WHERE organization_id = ${organizationId} AND cycle_start = ${cycleStart.toISOString()}::timestamptz
        AND kind = 'spend'
      GROUP BY 1 ORDER BY 2 DESC, 1`),
  );
  return rows.map((row) => ({
    feature: String(row.feature),
    credits: Number(row.credits),
    events: Number(row.events),
  }));
}

/** Credits spent in a cycle per UTC day (of occurredAt) and feature. */
export async function dailyUsage(executor: Executor, organizationId: string, cycleStart: Date) {
  const rows = rowsOf(
    await executor.execute(sql`
      SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, coalesce(feature, '') AS feature,
        -sum(credits) AS credits
      FROM credit_ledger
      WHERE organization_id = ${organizationId} AND cycle_start = ${cycleStart.toISOString()}::timestamptz
        AND kind = 'spend'
      GROUP BY 1, 2 ORDER BY 1, 2`),
  );
  return rows.map((row) => ({
    day: String(row.day),
    feature: String(row.feature),
    credits: Number(row.credits),
  }));
}

export async function listLedger(
  executor: Executor,
  organizationId: string,
  page: { limit: number; beforeId?: number | undefined },
) {
  return executor
    .select()
    .from(creditLedger)
    .where(
      and(
        eq(creditLedger.organizationId, organizationId),
        page.beforeId === undefined ? undefined : lt(creditLedger.id, page.beforeId),
      ),
    )
    .orderBy(desc(creditLedger.id))
    .limit(page.limit);
}
