import { type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";

const affected = (result: unknown) =>
  Number(
    (result as { rowCount?: number; affectedRows?: number }).rowCount ??
      (result as { affectedRows?: number }).affectedRows ??
      0,
  );

/** Deletes the rows `select` picks (ids, FOR UPDATE SKIP LOCKED) in batches; how many went. */
async function inBatches(db: Database, table: string, select: (limit: number) => SQL, batchSize: number) {
  let purged = 0;
  for (;;) {
    const count = affected(
      await db.execute(sql`DELETE FROM ${sql.raw(table)} WHERE id IN (${select(batchSize)})`),
    );
    purged += count;
    if (count < batchSize) return purged;
  }
}

/**
 * The retention of event delivery (decision 0085), each batch its own short statement and
 * FOR UPDATE SKIP LOCKED, so several processes may purge at once and a backlog never holds a long
 * transaction:
 * - webhook deliveries finished before `olderThan`: delivered ones by their delivery, dead ones by
 *   their last attempt (a dead letter stays replayable for the whole retention after it died);
 * - e-mail messages sent or dead before it;
 * - outbox events created before it, planned for e-mail, and with no delivery left (none pending,
 *   no dead letter kept): an event waiting anywhere is never purged.
 */
export async function purgeDeliveredEvents(
  db: Database,
  olderThan: Date,
  options: { batchSize?: number } = {},
) {
  const batchSize = options.batchSize ?? 1_000;
  const before = olderThan.toISOString();
  // Rows no longer pending whose time (a column of ours, never input) is before `olderThan`.
  const finished = (table: string, time: string) =>
    inBatches(
      db,
      table,
      (limit) => sql`
        SELECT id FROM ${sql.raw(table)}
        WHERE status <> 'pending' AND ${sql.raw(time)} < ${before}::timestamptz
        ORDER BY ${sql.raw(time)} LIMIT ${limit} FOR UPDATE SKIP LOCKED`,
      batchSize,
    );
  const deliveries = await finished("webhook_deliveries", "last_attempt_at");
  const emails = await finished("email_messages", "created_at");
  const events = await inBatches(
    db,
    "outbox_events",
    (limit) => sql`
      SELECT o.id FROM outbox_events o
      WHERE o.created_at < ${before}::timestamptz AND o.delivered_at IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.outbox_id = o.id)
      ORDER BY o.created_at LIMIT ${limit} FOR UPDATE OF o SKIP LOCKED`,
    batchSize,
  );
  return { deliveries, emails, events };
}
