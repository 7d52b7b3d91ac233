import { type SQL, sql } from "drizzle-orm";
import { rowsOf } from "../db/adapter.js";
import type { Database, Executor } from "../db/client.js";

/** One invariant of the billing data, checked over the whole database. */
export interface CheckResult {
  id: CheckId;
  title: string;
  ok: boolean;
  /** How many problems were found (may exceed the examples listed). */
  problems: number;
  /** Up to `limit` readable descriptions, each naming the rows involved. */
  examples: string[];
}

export type CheckId =
  | "credit_balances_match_ledger"
  | "invoice_numbers_gapless"
  | "invoice_totals_match_lines"
  | "seats_cover_active_users"
  | "one_pending_request"
  | "changes_audited"
  | "nothing_overdue"
  | "scheduled_changes_applied_once"
  | "invoice_numbers_follow_dates"
  | "invoice_tax_matches_rates"
  | "credit_notes_linked"
  | "account_credit_matches_documents";

export interface VerifyReport {
  ok: boolean;
  now: string;
  overdueToleranceMs: number;
  checks: CheckResult[];
}

export interface VerifyOptions {
  /** The instant the data is judged at (the test clock under BILLING_CLOCK=manual). */
  now: Date;
  /** How late a renewal or credit reset may be: one scheduler interval. */
  overdueToleranceMs: number;
  /** Examples listed per failed check. */
  limit?: number;
}

type Row = Record<string, unknown>;

const text = (value: unknown) => (value instanceof Date ? value.toISOString() : String(value));

/**
 * Checks every invariant of SPEC §4, §5, §7 and §8 with read-only queries on `executor`. Run it in
 * one REPEATABLE READ transaction (see `verifyDatabase`) so a live database is judged on one
 * snapshot; tests run it inside a transaction they then roll back.
 */
export async function verifyInvariants(executor: Executor, options: VerifyOptions): Promise<VerifyReport> {
  const limit = options.limit ?? 20;
  const query = async (statement: SQL) => rowsOf(await executor.execute(statement));
  const check = async (
    id: CheckId,
    title: string,
    problems: () => Promise<{ count: number; examples: string[] }>,
  ): Promise<CheckResult> => {
    const found = await problems();
    return {
      id,
      title,
      ok: found.count === 0,
      problems: found.count,
      examples: found.examples.slice(0, limit),
    };
  };
  // Problem rows are few on a sound database; all are read so the count is exact, few are shown.
  const listed = (rows: Row[], describe: (row: Row) => string) => ({
    count: rows.length,
    examples: rows.slice(0, limit).map(describe),
  });

  const checks: CheckResult[] = [];

  checks.push(
    await check("credit_balances_match_ledger", "each credit balance equals its ledger", async () => {
      const rows = await query(sql`
        WITH cycle_sums AS (
          SELECT b.organization_id, sum(l.credits)::bigint AS credits
          FROM credit_balances b JOIN credit_ledger l
            ON l.organization_id = b.organization_id AND l.cycle_start = b.cycle_start
          GROUP BY b.organization_id
        ), all_sums AS (
          SELECT organization_id, sum(credits)::bigint AS credits FROM credit_ledger GROUP BY organization_id
        )
        SELECT coalesce(b.organization_id, a.organization_id) AS organization_id, b.balance,
          coalesce(c.credits, 0) AS cycle_ledger, coalesce(a.credits, 0) AS all_ledger
        FROM credit_balances b
        FULL JOIN all_sums a ON a.organization_id = b.organization_id
        LEFT JOIN cycle_sums c ON c.organization_id = b.organization_id
        WHERE b.organization_id IS NULL OR b.balance <> coalesce(c.credits, 0)
          OR b.balance <> coalesce(a.credits, 0)
        ORDER BY 1`);
      return listed(rows, (row) =>
        row.balance === null
          ? `organization ${text(row.organization_id)}: ledger entries (sum ${text(row.all_ledger)}) but no credit balance`
          : `organization ${text(row.organization_id)}: balance ${text(row.balance)}, ledger of the current cycle ${text(row.cycle_ledger)}, whole ledger ${text(row.all_ledger)}`,
      );
    }),
  );

  checks.push(
    await check("invoice_numbers_gapless", "invoice numbers have no gaps and no duplicates", async () => {
      const duplicates = await query(sql`
        SELECT number, count(*)::int AS copies FROM invoices GROUP BY number HAVING count(*) > 1 ORDER BY number`);
      const gaps = await query(sql`
        SELECT number + 1 AS first_missing, next_number - 1 AS last_missing
        FROM (SELECT number, lead(number) OVER (ORDER BY number) AS next_number
              FROM (SELECT DISTINCT number FROM invoices) d) n
        WHERE next_number > number + 1
        ORDER BY number`);
      const [bounds] = await query(sql`
        SELECT (SELECT min(number) FROM invoices) AS first_number, (SELECT max(number) FROM invoices) AS last_number,
          (SELECT last_number FROM invoice_number_sequence WHERE id = 1) AS counter`);
      const examples = [
        ...duplicates.map((row) => `number ${text(row.number)} is used by ${text(row.copies)} invoices`),
        ...gaps.map((row) =>
          row.first_missing === row.last_missing || text(row.first_missing) === text(row.last_missing)
            ? `number ${text(row.first_missing)} is missing`
            : `numbers ${text(row.first_missing)} to ${text(row.last_missing)} are missing`,
        ),
      ];
      const first = bounds?.first_number == null ? null : Number(bounds.first_number);
      const last = bounds?.last_number == null ? 0 : Number(bounds.last_number);
      const counter = bounds?.counter == null ? null : Number(bounds.counter);
      if (first !== null && first !== 1) {
        examples.push(first > 1 ? `numbers 1 to ${first - 1} are missing` : `number ${first} is below 1`);
      }
      if (counter === null) examples.push("the invoice number counter row is missing");
      else if (counter !== last) {
        examples.push(
          counter > last
            ? `the counter is at ${counter} but the last invoice is number ${last}: numbers ${last + 1} to ${counter} are missing`
            : `the counter is at ${counter} but invoice number ${last} exists: the next invoice would reuse a number`,
        );
      }
      return { count: examples.length, examples };
    }),
  );

  checks.push(
    await check(
      "invoice_totals_match_lines",
      "each invoice total equals its lines minus credit applied plus tax",
      async () => {
        const rows = await query(sql`
          SELECT i.id, i.number, i.subtotal, i.credit_applied, i.tax_total, i.total,
            coalesce(l.amount, 0) AS lines_amount, coalesce(l.foreign_lines, 0) AS foreign_lines
          FROM invoices i
          LEFT JOIN (
            SELECT il.invoice_id, sum(il.amount)::bigint AS amount,
              count(*) FILTER (WHERE il.organization_id <> inv.organization_id)::int AS foreign_lines
            FROM invoice_lines il JOIN invoices inv ON inv.id = il.invoice_id
            GROUP BY il.invoice_id
          ) l ON l.invoice_id = i.id
          WHERE i.subtotal <> coalesce(l.amount, 0)
            OR i.total <> coalesce(l.amount, 0) - i.credit_applied + i.tax_total
            OR coalesce(l.foreign_lines, 0) > 0
          ORDER BY i.number`);
        return listed(rows, (row) =>
          Number(row.foreign_lines) > 0
            ? `invoice ${text(row.number)} (${text(row.id)}): ${text(row.foreign_lines)} line(s) belong to another organization`
            : `invoice ${text(row.number)} (${text(row.id)}): lines ${text(row.lines_amount)} − credit applied ${text(row.credit_applied)} + tax ${text(row.tax_total)} = ${Number(row.lines_amount) - Number(row.credit_applied) + Number(row.tax_total)}, but subtotal ${text(row.subtotal)} and total ${text(row.total)}`,
        );
      },
    ),
  );

  checks.push(
    await check("seats_cover_active_users", "seats are never below active users", async () => {
      const rows = await query(sql`
        SELECT s.organization_id, s.seats, count(u.id)::int AS active_users
        FROM subscriptions s
        LEFT JOIN users u ON u.organization_id = s.organization_id AND u.status = 'active'
        GROUP BY s.organization_id, s.seats
        HAVING count(u.id) > s.seats
        ORDER BY s.organization_id`);
      return listed(
        rows,
        (row) =>
          `organization ${text(row.organization_id)}: ${text(row.seats)} seats for ${text(row.active_users)} active users`,
      );
    }),
  );

  checks.push(
    await check("one_pending_request", "at most one pending change request per organization", async () => {
      const rows = await query(sql`
        SELECT organization_id, count(*)::int AS pending, string_agg(id::text, ', ' ORDER BY requested_at) AS ids
        FROM change_requests WHERE status = 'pending'
        GROUP BY organization_id HAVING count(*) > 1
        ORDER BY organization_id`);
      return listed(
        rows,
        (row) =>
          `organization ${text(row.organization_id)}: ${text(row.pending)} pending requests (${text(row.ids)})`,
      );
    }),
  );

  checks.push(
    await check("changes_audited", "every change has its audit event", async () => {
      // Invoices (provisioning, changes, approvals, overrides, renewals) name their invoice in the
      // event; change requests and credit adjustments are found by id.
      const invoices = await query(sql`
        SELECT i.id, i.number, i.kind, i.organization_id FROM invoices i
        WHERE NOT EXISTS (
          SELECT 1 FROM audit_events a
          WHERE a.organization_id = i.organization_id AND a.after->>'invoiceId' = i.id::text)
        ORDER BY i.number`);
      const requests = await query(sql`
        SELECT r.id, r.status, r.organization_id,
          NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.organization_id = r.organization_id
            AND a.entity_type = 'change_request' AND a.entity_id = r.id::text
            AND a.action = 'change_request.submitted') AS submission_missing,
          r.status <> 'pending' AND NOT EXISTS (SELECT 1 FROM audit_events a
            WHERE a.organization_id = r.organization_id AND a.entity_type = 'change_request'
            AND a.entity_id = r.id::text AND a.action = 'change_request.' || r.status) AS decision_missing
        FROM change_requests r
        ORDER BY r.requested_at`);
      const adjustments = await query(sql`
        SELECT l.id, l.organization_id, l.credits FROM credit_ledger l
        WHERE l.kind = 'adjustment' AND NOT EXISTS (
          SELECT 1 FROM audit_events a WHERE a.organization_id = l.organization_id
            AND a.action = 'credits.adjusted' AND a.after->>'ledgerEntryId' = l.id::text)
        ORDER BY l.id`);
      const examples = [
        ...invoices.map(
          (row) =>
            `invoice ${text(row.number)} (${text(row.kind)}, ${text(row.id)}) of organization ${text(row.organization_id)} has no audit event`,
        ),
        ...requests.flatMap((row) => [
          ...(row.submission_missing === true
            ? [`change request ${text(row.id)} has no change_request.submitted event`]
            : []),
          ...(row.decision_missing === true
            ? [
                `change request ${text(row.id)} is ${text(row.status)} without a change_request.${text(row.status)} event`,
              ]
            : []),
        ]),
        ...adjustments.map(
          (row) =>
            `credit adjustment ${text(row.id)} (${text(row.credits)} credits) of organization ${text(row.organization_id)} has no credits.adjusted event`,
        ),
      ];
      return { count: examples.length, examples };
    }),
  );

  checks.push(
    await check(
      "nothing_overdue",
      "no subscription is more than one scheduler interval overdue",
      async () => {
        const cutoff = new Date(options.now.getTime() - options.overdueToleranceMs).toISOString();
        const rows = await query(sql`
          SELECT s.organization_id, s.period_end, b.cycle_end
          FROM subscriptions s LEFT JOIN credit_balances b ON b.organization_id = s.organization_id
          WHERE s.period_end < ${cutoff}::timestamptz OR b.cycle_end < ${cutoff}::timestamptz
            OR b.organization_id IS NULL
          ORDER BY least(s.period_end, b.cycle_end), s.organization_id`);
        return listed(rows, (row) => {
          if (row.cycle_end === null) return `organization ${text(row.organization_id)}: no credit cycle`;
          const due = [
            ...(new Date(text(row.period_end)) < new Date(cutoff)
              ? [`renewal due at ${new Date(text(row.period_end)).toISOString()}`]
              : []),
            ...(new Date(text(row.cycle_end)) < new Date(cutoff)
              ? [`credit reset due at ${new Date(text(row.cycle_end)).toISOString()}`]
              : []),
          ];
          return `organization ${text(row.organization_id)}: ${due.join(", ")} (now ${options.now.toISOString()})`;
        });
      },
    ),
  );

  checks.push(
    await check(
      "scheduled_changes_applied_once",
      "scheduled decreases apply at their effective time, once, audited",
      async () => {
        // Applied before its effective time, or without its audit event.
        const applied = await query(sql`
          SELECT a.scheduled_change_id, a.organization_id, a.effective_at, a.applied_at,
            a.applied_at < a.effective_at AS early,
            NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.organization_id = a.organization_id
              AND e.action = 'subscription.scheduled_change_applied'
              AND e.after->>'scheduledChangeId' = a.scheduled_change_id::text) AS unaudited
          FROM scheduled_change_applications a
          WHERE a.applied_at < a.effective_at OR NOT EXISTS (SELECT 1 FROM audit_events e
            WHERE e.organization_id = a.organization_id AND e.action = 'subscription.scheduled_change_applied'
              AND e.after->>'scheduledChangeId' = a.scheduled_change_id::text)
          ORDER BY a.applied_at, a.scheduled_change_id`);
        // Still scheduled although already applied (a second application waiting), or its
        // renewal has passed without applying it.
        const pending = await query(sql`
          SELECT s.organization_id, s.scheduled_change_id, s.scheduled_effective_at, s.period_start,
            EXISTS (SELECT 1 FROM scheduled_change_applications a
              WHERE a.scheduled_change_id = s.scheduled_change_id) AS already_applied
          FROM subscriptions s
          WHERE s.scheduled_change_id IS NOT NULL AND (
            s.scheduled_effective_at <= s.period_start
            OR EXISTS (SELECT 1 FROM scheduled_change_applications a
              WHERE a.scheduled_change_id = s.scheduled_change_id))
          ORDER BY s.organization_id`);
        const examples = [
          ...applied.map((row) =>
            row.early === true
              ? `scheduled change ${text(row.scheduled_change_id)} of organization ${text(row.organization_id)} was applied at ${new Date(text(row.applied_at)).toISOString()}, before its effective time ${new Date(text(row.effective_at)).toISOString()}`
              : `scheduled change ${text(row.scheduled_change_id)} of organization ${text(row.organization_id)} was applied without a subscription.scheduled_change_applied event`,
          ),
          ...pending.map((row) =>
            row.already_applied === true
              ? `organization ${text(row.organization_id)}: scheduled change ${text(row.scheduled_change_id)} is still scheduled after it was applied`
              : `organization ${text(row.organization_id)}: scheduled change ${text(row.scheduled_change_id)} effective ${new Date(text(row.scheduled_effective_at)).toISOString()} was not applied by the renewal of ${new Date(text(row.period_start)).toISOString()}`,
          ),
        ];
        return { count: examples.length, examples };
      },
    ),
  );

  checks.push(
    await check("invoice_numbers_follow_dates", "invoice numbers follow issue dates", async () => {
      // An invoice issued before one with a lower number breaks the chronological order.
      const rows = await query(sql`
        SELECT number, issued_at, previous_number, previous_issued_at FROM (
          SELECT number, issued_at,
            lag(number) OVER (ORDER BY number) AS previous_number,
            lag(issued_at) OVER (ORDER BY number) AS previous_issued_at
          FROM invoices) ordered
        WHERE issued_at < previous_issued_at
        ORDER BY number`);
      return listed(
        rows,
        (row) =>
          `invoice ${text(row.number)} is dated ${new Date(text(row.issued_at)).toISOString()}, before invoice ${text(row.previous_number)} of ${new Date(text(row.previous_issued_at)).toISOString()}`,
      );
    }),
  );

  checks.push(
    await check(
      "invoice_tax_matches_rates",
      "each invoice's tax is its taxable amount at its rate",
      async () => {
        // Per tax line: amount = taxable × rate / 10000 rounded half away from zero; the lines sum to
        // the invoice's tax and their taxable amounts to its subtotal.
        const rows = await query(sql`
        WITH tax_lines AS (
          SELECT i.id, (t->>'taxableAmount')::bigint AS taxable, (t->>'rate')::bigint AS rate,
            (t->>'amount')::bigint AS amount
          FROM invoices i, jsonb_array_elements(i.tax_lines) t
        ), per_invoice AS (
          SELECT id, sum(amount)::bigint AS tax, sum(taxable)::bigint AS taxable,
            count(*) FILTER (WHERE amount <> sign(taxable * rate) * ((abs(taxable * rate) * 2 + 10000) / 20000))::int
              AS misrounded
          FROM tax_lines GROUP BY id
        )
        SELECT i.id, i.number, i.subtotal, i.tax_total, p.tax, p.taxable, p.misrounded
        FROM invoices i LEFT JOIN per_invoice p ON p.id = i.id
        WHERE i.tax_total <> coalesce(p.tax, 0)
          OR (p.id IS NOT NULL AND (p.taxable <> i.subtotal OR p.misrounded > 0))
        ORDER BY i.number`);
        return listed(
          rows,
          (row) =>
            `invoice ${text(row.number)} (${text(row.id)}): tax ${text(row.tax_total)}, tax lines ${text(row.tax ?? 0)} on ${text(row.taxable ?? 0)} (subtotal ${text(row.subtotal)}), ${text(row.misrounded ?? 0)} line(s) not at their rate`,
        );
      },
    ),
  );

  checks.push(
    await check(
      "credit_notes_linked",
      "credit notes are gapless, reference an invoice of their organization and add up to what it credits",
      async () => {
        const links = await query(sql`
          SELECT c.number, c.invoice_id, i.organization_id AS invoice_organization, c.organization_id,
            c.currency, i.currency AS invoice_currency
          FROM credit_notes c JOIN invoices i ON i.id = c.invoice_id
          WHERE i.organization_id <> c.organization_id OR i.currency <> c.currency
          ORDER BY c.number`);
        const sums = await query(sql`
          SELECT i.number, i.amount_credited, i.total, i.status, coalesce(c.credited, 0) AS credited,
            coalesce(c.voids, 0) AS voids
          FROM invoices i LEFT JOIN (
            -- The credit note of a monthly → yearly switch settles its invoice; the rest, its
            -- account credit, is the excess beyond the invoice (decision 0074).
            SELECT invoice_id,
              sum(CASE WHEN reason = 'interval_switch' THEN total - account_credit ELSE total END)::bigint AS credited,
              count(*) FILTER (WHERE reason = 'void')::int AS voids
            FROM credit_notes GROUP BY invoice_id) c ON c.invoice_id = i.id
          WHERE i.amount_credited <> coalesce(c.credited, 0)
            OR (i.status = 'void') <> (coalesce(c.voids, 0) > 0)
          ORDER BY i.number`);
        const [series] = await query(sql`
          SELECT count(*)::int AS notes, coalesce(max(number), 0) AS last_number, count(DISTINCT number)::int AS distinct_numbers,
            (SELECT last_number FROM credit_note_number_sequence WHERE id = 1) AS counter
          FROM credit_notes`);
        const examples = [
          ...links.map(
            (row) =>
              `credit note ${text(row.number)} references invoice ${text(row.invoice_id)} of another organization or currency`,
          ),
          ...sums.map((row) =>
            Number(row.amount_credited) !== Number(row.credited)
              ? `invoice ${text(row.number)} records ${text(row.amount_credited)} credited, its credit notes ${text(row.credited)}`
              : `invoice ${text(row.number)} is ${text(row.status)} with ${text(row.voids)} voiding credit note(s)`,
          ),
        ];
        const notes = Number(series?.notes ?? 0);
        const last = Number(series?.last_number ?? 0);
        if (notes !== last || Number(series?.distinct_numbers ?? 0) !== notes) {
          examples.push(`credit note numbers are not 1 to ${notes} without gaps (the last is ${last})`);
        }
        if (series?.counter == null) examples.push("the credit-note number counter row is missing");
        else if (Number(series.counter) !== last) {
          examples.push(
            `the credit-note counter is at ${text(series.counter)} but the last credit note is ${last}`,
          );
        }
        return { count: examples.length, examples };
      },
    ),
  );

  checks.push(
    await check(
      "account_credit_matches_documents",
      "each account credit is what its credit notes added minus what its invoices applied",
      async () => {
        // The history of GET /account-credit/history (decision 0110): credit notes add their
        // account_credit, invoices consume credit_applied, an invoice issued negative (before
        // decision 0074) added its negative subtotal.
        const rows = await query(sql`
          WITH moved AS (
            SELECT organization_id, account_credit AS amount FROM credit_notes
            UNION ALL
            SELECT organization_id, -credit_applied FROM invoices
            UNION ALL
            SELECT organization_id, -(subtotal - credit_applied) FROM invoices WHERE subtotal - credit_applied < 0
          ), history AS (
            SELECT organization_id, sum(amount)::bigint AS moved FROM moved GROUP BY organization_id
          )
          SELECT s.organization_id, s.account_credit, coalesce(h.moved, 0) AS moved
          FROM subscriptions s LEFT JOIN history h ON h.organization_id = s.organization_id
          WHERE s.account_credit <> coalesce(h.moved, 0)
          ORDER BY s.organization_id`);
        return listed(
          rows,
          (row) =>
            `organization ${text(row.organization_id)} holds ${text(row.account_credit)} of account credit, its documents ${text(row.moved)}`,
        );
      },
    ),
  );

  return {
    ok: checks.every((result) => result.ok),
    now: options.now.toISOString(),
    overdueToleranceMs: options.overdueToleranceMs,
    checks,
  };
}

/** Verifies a live database on one consistent snapshot, writing nothing. */
export async function verifyDatabase(db: Database, options: VerifyOptions): Promise<VerifyReport> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`);
    return verifyInvariants(tx, options);
  });
}

/** The report as an operator reads it: one line per check, then the problems of the failed ones. */
export function formatReport(report: VerifyReport): string {
  const lines = [`verify at ${report.now} (overdue tolerance ${report.overdueToleranceMs} ms)`];
  for (const result of report.checks) {
    lines.push(
      `  ${result.ok ? "ok  " : "FAIL"}  ${result.title}${result.ok ? "" : `: ${result.problems} problem(s)`}`,
    );
    for (const example of result.examples) lines.push(`          - ${example}`);
    if (result.problems > result.examples.length) {
      lines.push(`          … and ${result.problems - result.examples.length} more`);
    }
  }
  const failed = report.checks.filter((result) => !result.ok).length;
  lines.push(
    failed === 0
      ? "verify: every invariant holds"
      : `verify: ${failed} of ${report.checks.length} checks failed`,
  );
  return lines.join("\n");
}
