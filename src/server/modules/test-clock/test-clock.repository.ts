import { eq, sql } from "drizzle-orm";
import { rowsOf } from "../../db/adapter.js";
import type { Executor } from "../../db/client.js";
import { testClock } from "../../db/schema.js";

const clockId = 1;

export async function readTestClock(executor: Executor): Promise<Date | undefined> {
  const [row] = await executor.select().from(testClock).where(eq(testClock.id, clockId));
  return row?.now;
}

/** Locks the clock row (creating it at `initial` if missing) so moves are serialized across processes. */
export async function lockTestClock(executor: Executor, initial: Date): Promise<Date> {
  await executor.insert(testClock).values({ id: clockId, now: initial }).onConflictDoNothing();
  const [row] = await executor.select().from(testClock).where(eq(testClock.id, clockId)).for("update");
  if (!row) throw new Error("test_clock row vanished");
  return row.now;
}

export async function saveTestClock(executor: Executor, now: Date) {
  await executor.update(testClock).set({ now }).where(eq(testClock.id, clockId));
}

export async function anyOrganizationExists(executor: Executor): Promise<boolean> {
  const [row] = rowsOf(await executor.execute(sql`SELECT EXISTS (SELECT 1 FROM organizations) AS found`));
  return row?.found === true;
}
