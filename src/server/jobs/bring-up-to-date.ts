import { sql } from "drizzle-orm";
import { rowsOf } from "../db/adapter.js";
import { type JobDeps, runDueWork } from "./run-due-work.js";

/**
 * The one "bring the organization up to date" step: if its period or credit cycle has ended and
 * the scheduler has not caught up yet, its due work runs now, in its own transaction (the same
 * code and locks as the scheduler, so it happens once whoever gets there first). One indexed
 * query when nothing is due. Quotes, GET /subscription, changes, change requests (through
 * `subscriptionSnapshot`), a spend whose cycle ended and the seed call it; the scheduler and the
 * test clock run the same due work for every organization. Inside each change, the
 * `renewal_due`/`cycle_ended` guards under the row lock stay the guarantee.
 */
export async function bringUpToDate(deps: JobDeps, organizationId: string, now: Date): Promise<void> {
  const rows = rowsOf(
    await deps.db.execute(sql`
    SELECT 1 FROM subscriptions s JOIN credit_balances b ON b.organization_id = s.organization_id
    WHERE s.organization_id = ${organizationId} AND (s.period_end <= ${now.toISOString()}::timestamptz OR b.cycle_end <= ${now.toISOString()}::timestamptz)`),
  );
  if (rows.length > 0) await runDueWork(deps, now, { organizationId, wait: true });
}
