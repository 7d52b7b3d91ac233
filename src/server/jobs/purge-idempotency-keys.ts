import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";

/**
 * Deletes the idempotency keys created before `olderThan`, a bounded batch per statement so a
 * backlog never holds a long transaction. A retry with a purged key runs as a new request, as
 * with Stripe's 24 hours. Returns how many keys went.
 */
export async function purgeIdempotencyKeys(
  db: Database,
  olderThan: Date,
  options: { batchSize?: number } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 5_000;
  let purged = 0;
  for (;;) {
    const result = await db.execute(sql`
      DELETE FROM idempotency_keys WHERE ctid IN (
        SELECT ctid FROM idempotency_keys WHERE created_at < ${olderThan.toISOString()}::timestamptz
        ORDER BY created_at LIMIT ${batchSize}
      )`);
    const count = Number(
      (result as unknown as { rowCount?: number; affectedRows?: number }).rowCount ??
        (result as unknown as { affectedRows?: number }).affectedRows ??
        0,
    );
    purged += count;
    if (count < batchSize) return purged;
  }
}
