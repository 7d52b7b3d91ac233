import { eq, sql } from "drizzle-orm";
import type { Period } from "../../../core/period.js";
import type { Executor } from "../../db/client.js";
import { creditBalances, creditLedger } from "../../db/schema.js";

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
  const previous = await findCreditBalance(executor, input.organizationId);
  const entries: (typeof creditLedger.$inferInsert)[] = [];
  if (previous && previous.balance > 0) {
    entries.push({
      organizationId: input.organizationId,
      cycleStart: previous.cycleStart,
      kind: "expiry",
      credits: -previous.balance,
      occurredAt: input.cycle.start,
      recordedAt: input.now,
    });
  }
  entries.push({
    organizationId: input.organizationId,
    cycleStart: input.cycle.start,
    kind: "grant",
    credits: input.allocation,
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
    .returning({ cycleStart: creditBalances.cycleStart });
  if (!balance) throw new Error("no credit cycle for the organization");
  await executor.insert(creditLedger).values({
    organizationId: input.organizationId,
    cycleStart: balance.cycleStart,
    kind: "grant",
    credits: input.credits,
    occurredAt: input.now,
    recordedAt: input.now,
  });
}
