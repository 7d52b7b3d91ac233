import { sql } from "drizzle-orm";
import type { Database } from "../../src/server/db/client.js";

/**
 * Inserts `count` organizations as provisioning leaves them: a subscription of 2 seats and 1 credit
 * block, its first credit cycle and grant, and its first invoice, all anchored on `anchor` (so
 * they fall due together), in one statement.
 */
export async function seedDueSubscriptions(
  db: Database,
  input: { count: number; anchor: Date; interval?: "month" | "year"; prefix?: string },
) {
  const anchor = input.anchor.toISOString();
  const months = input.interval === "year" ? 12 : 1;
  const firstTotal = input.interval === "year" ? 2 * 38400 + 9600 : 2 * 4000 + 1000;
  await db.execute(sql`
    WITH orgs AS (
      INSERT INTO organizations (name, currency, created_at)
      SELECT ${input.prefix ?? "Seeded"} || ' ' || g, 'USD', ${anchor}::timestamptz
      FROM generate_series(1, ${input.count}::int) AS g
      RETURNING id
    ), subscriptions_made AS (
      INSERT INTO subscriptions
        (organization_id, seats, additional_credit_blocks, interval, anchor_at, period_start, period_end,
         created_at, updated_at)
      SELECT id, 2, 1, ${input.interval ?? "month"}, ${anchor}::timestamptz, ${anchor}::timestamptz,
        (${anchor}::timestamptz AT TIME ZONE 'UTC' + make_interval(months => ${months}::int)) AT TIME ZONE 'UTC',
        ${anchor}::timestamptz, ${anchor}::timestamptz
      FROM orgs
      RETURNING organization_id
    ), balances AS (
      INSERT INTO credit_balances (organization_id, cycle_start, cycle_end, allocation, balance)
      SELECT organization_id, ${anchor}::timestamptz,
        (${anchor}::timestamptz AT TIME ZONE 'UTC' + interval '1 month') AT TIME ZONE 'UTC', 3000, 3000
      FROM subscriptions_made
      RETURNING organization_id
    )
    , ledger AS (
      INSERT INTO credit_ledger (organization_id, cycle_start, kind, credits, balance_after, occurred_at, recorded_at)
      SELECT organization_id, ${anchor}::timestamptz, 'grant', 3000, 3000, ${anchor}::timestamptz,
        ${anchor}::timestamptz
      FROM balances
      RETURNING organization_id
    ), numbers AS (
      UPDATE invoice_number_sequence SET last_number = last_number + ${input.count}::int WHERE id = 1
      RETURNING last_number - ${input.count}::int AS base
    ), first_invoices AS (
      INSERT INTO invoices
        (organization_id, number, kind, issued_at, currency, subtotal, credit_applied, total, renewal_period_start)
      SELECT ledger.organization_id, numbers.base + row_number() OVER (), 'initial', ${anchor}::timestamptz, 'USD',
        ${firstTotal}, 0, ${firstTotal}, ${anchor}::timestamptz
      FROM ledger, numbers
      RETURNING id, organization_id
    )
    INSERT INTO invoice_lines
      (invoice_id, organization_id, position, kind, description, quantity, unit_amount, amount, period_start, period_end)
    SELECT id, organization_id, 0, 'seats_period', 'Seats and credits (seeded)', 1, ${firstTotal}, ${firstTotal},
      ${anchor}::timestamptz, ${anchor}::timestamptz
    FROM first_invoices`);
}
