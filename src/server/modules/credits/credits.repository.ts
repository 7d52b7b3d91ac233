import { and, desc, eq, lt, type SQL, sql } from "drizzle-orm";
import type { NoticeThreshold, RecordedSpend } from "../../../core/credits.js";
import type { Period } from "../../../core/period.js";
import { rowsOf, type Statement, toDate } from "../../db/adapter.js";
import type { Executor } from "../../db/client.js";
import { creditBalances, creditLedger, creditNotices, outboxEvents } from "../../db/schema.js";
import { expectCount, noWrites, type Writes } from "../../db/writes.js";

export type CreditBalanceRow = typeof creditBalances.$inferSelect;

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

/**
 * Grants credits in the current cycle to several organizations in one statement (one ledger entry
 * each, with the balance after it). Returns the organizations granted: one without a credit cycle
 * is left out, and the caller decides what that means.
 */
/**
 * Grants credits to several organizations' current cycles with their ledger entries, as part of one
 * statement (`runWrites`); reads the organizations that had a cycle to grant to.
 */
export function creditGrantWrites(
  grants: readonly { organizationId: string; credits: number; at: Date }[],
): Writes<Set<string>> {
  const positive = grants.filter((grant) => grant.credits > 0);
  if (positive.length === 0) return { ...noWrites, read: () => new Set() };
  const json = JSON.stringify(
    positive.map((grant) => ({
      organization_id: grant.organizationId,
      credits: grant.credits,
      at: grant.at.toISOString(),
    })),
  );
  return {
    parts: [
      {
        name: "granted",
        statement: sql`
          UPDATE credit_balances b SET allocation = b.allocation + g.credits, balance = b.balance + g.credits
          FROM jsonb_to_recordset(${json}::jsonb) AS g(organization_id uuid, credits bigint, at timestamptz)
          WHERE b.organization_id = g.organization_id
          RETURNING b.organization_id, b.cycle_start, b.balance, g.credits, g.at`,
      },
      {
        name: "grant_entries",
        statement: sql`
          INSERT INTO credit_ledger (organization_id, cycle_start, kind, credits, balance_after, occurred_at, recorded_at)
          SELECT organization_id, cycle_start, 'grant', credits, balance, at, at
          FROM granted
          RETURNING organization_id`,
      },
    ],
    outputs: {
      granted_organizations: sql`(SELECT array_agg(organization_id::text) FROM grant_entries)`,
      // Every organization granted to has a credit cycle (the caller's check, kept in the statement).
      granted_count: expectCount(
        sql`(SELECT count(*) FROM grant_entries)`,
        positive.length,
        "no credit cycle for the organization",
      ),
    },
    read(row) {
      const ids = row.granted_organizations;
      const list = Array.isArray(ids)
        ? ids
        : typeof ids === "string"
          ? ids
              .replace(/^\{|\}$/g, "")
              .split(",")
              .filter(Boolean)
          : [];
      return new Set(list.map(String));
    },
  };
}

export interface CycleSnapshot {
  cycleStart: Date;
  cycleEnd: Date;
  allocation: number;
  balance: number;
}

function snapshotOf(row: Record<string, unknown>): CycleSnapshot {
  return {
    cycleStart: toDate(row.cycle_start),
    cycleEnd: toDate(row.cycle_end),
    allocation: Number(row.allocation),
    balance: Number(row.balance),
  };
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

/**
 * Locks the balance rows of these organizations in one statement, in organization_id order (so two
 * transactions locking overlapping sets never deadlock). Every spend of an organization queues
 * behind its row. Organizations without a row are missing from the map.
 */
export function creditBalancesLock(
  organizationIds: readonly string[],
): Statement<Map<string, CycleSnapshot>> {
  return {
    sql:
      organizationIds.length === 0
        ? undefined
        : sql`
      SELECT organization_id, cycle_start, cycle_end, allocation, balance FROM credit_balances
      WHERE organization_id IN (SELECT value::uuid FROM jsonb_array_elements_text(${JSON.stringify(organizationIds)}::jsonb))
      ORDER BY organization_id
      FOR UPDATE`,
    read: (rows) => new Map(rows.map((row) => [String(row.organization_id), snapshotOf(row)])),
  };
}

/** A ledger entry already recorded for an event id: its first result, and when it occurred. */
export type RecordedEvent = RecordedSpend & { occurredAt: Date };

/**
 * The spends already recorded for these event ids (per organization), in one statement. Read
 * after the balance rows are locked, so no other spend of those organizations can commit in
 * between: the answer is complete.
 *
 * One probe of the (organization_id, event_id) unique index per event id, planned on every run
 * (decision 0105): its cost follows the ids asked for, never the organization's ledger. (Comparing
 * each of the organization's ledger rows with the ids, which a plan made while the ledger was
 * small does, slowed a busy organization's spends to seconds per transaction.)
 */
export function recordedSpends(
  eventIds: ReadonlyMap<string, Iterable<string>>,
): Statement<Map<string, Map<string, RecordedEvent>>> {
  const byOrganization: Record<string, string[]> = {};
  for (const [organizationId, ids] of eventIds) byOrganization[organizationId] = [...ids];
  return {
    sql:
      eventIds.size === 0
        ? undefined
        : sql`
      SELECT l.organization_id, l.event_id, l.feature, l.credits, l.balance_after, l.occurred_at
      FROM jsonb_each(${JSON.stringify(byOrganization)}::jsonb) AS o(organization_id, event_ids)
      CROSS JOIN LATERAL jsonb_array_elements_text(o.event_ids) AS e(event_id)
      CROSS JOIN LATERAL (
        -- OFFSET 0 keeps this a probe of the unique index per event id: flattened, the planner may
        -- hash or filter a scan of the organization's whole ledger instead.
        SELECT * FROM credit_ledger
        WHERE organization_id = o.organization_id::uuid AND event_id = e.event_id
        OFFSET 0
      ) l`,
    replan: true,
    read: (rows) => {
      const recorded = new Map<string, Map<string, RecordedEvent>>();
      for (const row of rows) {
        const organizationId = String(row.organization_id);
        const eventId = String(row.event_id);
        let events = recorded.get(organizationId);
        if (!events) {
          events = new Map();
          recorded.set(organizationId, events);
        }
        events.set(eventId, {
          eventId,
          feature: (row.feature as string | null) ?? null,
          credits: -Number(row.credits),
          balanceAfter: row.balance_after === null ? null : Number(row.balance_after),
          occurredAt: toDate(row.occurred_at),
        });
      }
      return recorded;
    },
  };
}

/** An accepted spend, as written: [eventId, feature, credits, balanceAfter, occurredAt ISO]. */
export type NewSpendEntry = [
  eventId: string,
  feature: string,
  credits: number,
  balanceAfter: number,
  occurredAt: string,
];

/** One organization's accepted spends of a transaction, in arrival order. */
export interface NewSpends {
  organizationId: string;
  cycleStart: Date;
  entries: NewSpendEntry[];
}

/**
 * Writes accepted spends of any number of organizations (ledger ids follow the order given) and
 * debits each organization by the sum of its entries, in one statement. Comes to each debited
 * organization's balance afterwards. `alongside`, a write without RETURNING (the spend door's
 * idempotency keys), runs as a part of the same statement: one round instead of two.
 */
export function spendsRecord(
  spends: readonly NewSpends[],
  now: Date,
  alongside?: SQL,
): Statement<Map<string, number>> {
  const groups = spends.filter((group) => group.entries.length > 0);
  const payload = groups.map((group) => ({
    o: group.organizationId,
    c: group.cycleStart.toISOString(),
    e: group.entries,
  }));
  const expected = groups.reduce((total, group) => total + group.entries.length, 0);
  return {
    sql:
      groups.length === 0
        ? alongside
        : sql`
      WITH ${alongside ? sql`alongside AS (${alongside}), ` : sql``}groups AS (
        SELECT (g.value->>'o')::uuid AS organization_id, (g.value->>'c')::timestamptz AS cycle_start,
          g.value->'e' AS entries, g.ordinality AS position
        FROM jsonb_array_elements(${JSON.stringify(payload)}::jsonb) WITH ORDINALITY AS g
      ), entries AS (
        INSERT INTO credit_ledger
          (organization_id, cycle_start, kind, credits, event_id, feature, balance_after, occurred_at, recorded_at)
        SELECT g.organization_id, g.cycle_start, 'spend', -(e.value->>2)::bigint, e.value->>0, e.value->>1,
          (e.value->>3)::bigint, (e.value->>4)::timestamptz, ${now.toISOString()}::timestamptz
        FROM groups g CROSS JOIN LATERAL jsonb_array_elements(g.entries) WITH ORDINALITY AS e
        ORDER BY g.position, e.ordinality
        RETURNING organization_id, credits
      ), debits AS (
        SELECT organization_id, sum(credits) AS credits, count(*) AS written FROM entries GROUP BY organization_id
      )
      UPDATE credit_balances b SET balance = b.balance + d.credits
      FROM debits d
      WHERE b.organization_id = d.organization_id
      RETURNING b.organization_id, b.balance, d.written`,
    read: (rows) => {
      const balances = new Map<string, number>();
      let written = 0;
      for (const row of rows) {
        balances.set(String(row.organization_id), Number(row.balance));
        written += Number(row.written);
      }
      if (written !== expected) throw new Error("spends wrote a partial ledger");
      return balances;
    },
  };
}

export interface NewCreditNotice {
  organizationId: string;
  cycleStart: Date;
  threshold: NoticeThreshold;
  allocation: number;
  used: number;
}

/**
 * Records notices of any organizations (once per cycle and threshold) and the outbox event of
 * each new one, in two statements; returns the new ones.
 */
export async function recordCreditNotices(
  executor: Executor,
  notices: readonly NewCreditNotice[],
  now: Date,
) {
  if (notices.length === 0) return [];
  const inserted = await executor
    .insert(creditNotices)
    .values(notices.map((notice) => ({ ...notice, createdAt: now })))
    .onConflictDoNothing()
    .returning();
  if (inserted.length > 0) {
    await executor.insert(outboxEvents).values(
      inserted.map((notice) => ({
        organizationId: notice.organizationId,
        topic: "credits.low",
        payload: {
          action: "credits.low",
          object: {
            threshold: notice.threshold,
            cycleStart: notice.cycleStart.toISOString(),
            allocation: notice.allocation,
            used: notice.used,
          },
          previous: null,
        },
        createdAt: now,
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

/** The grants of a cycle made after its reset: credits of seats and blocks added mid-cycle. */
export async function grantsAfterReset(executor: Executor, organizationId: string, cycleStart: Date) {
  const rows = await executor
    .select({ credits: creditLedger.credits, occurredAt: creditLedger.occurredAt })
    .from(creditLedger)
    .where(
      and(
        eq(creditLedger.organizationId, organizationId),
        eq(creditLedger.cycleStart, cycleStart),
        eq(creditLedger.kind, "grant"),
        sql`${creditLedger.occurredAt} > ${cycleStart.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(creditLedger.id);
  return rows.map((row) => ({ credits: Number(row.credits), occurredAt: row.occurredAt.toISOString() }));
}
