import { sql } from "drizzle-orm";
import { rowsOf, toDate } from "../../db/adapter.js";
import type { Executor } from "../../db/client.js";
import { displayNumber } from "./invoices.repository.js";

/**
 * Account credit moves only through documents (decision 0110): a credit note adds its
 * `account_credit`, an invoice consumes its `credit_applied`, and an invoice issued negative
 * before decision 0074 added its negative subtotal. Read in order they are the history, and their
 * sum is the subscription's `account_credit` (`verify` checks it).
 *
 * Order: issue instant; at the same instant a credit note follows the invoice it credits (it was
 * issued after it), so the key is (instant, invoice number, invoice before note, note number).
 * `position` counts from the oldest movement: the cursor of a page.
 */
function movementsOf(organizationId: string) {
  return sql`
    WITH movement AS (
      SELECT 'credited' AS type, c.issued_at AS occurred_at, c.account_credit AS amount,
        i.number AS invoice_number, 1 AS rank, c.number AS note_number,
        c.id AS credit_note_id, c.reason, c.seller AS note_seller,
        i.id AS invoice_id, i.seller AS invoice_seller, c.currency
      FROM credit_notes c JOIN invoices i ON i.id = c.invoice_id
      WHERE c.organization_id = ${organizationId} AND c.account_credit > 0
      UNION ALL
      SELECT 'applied', i.issued_at, -i.credit_applied, i.number, 0, 0,
        NULL, NULL, NULL, i.id, i.seller, i.currency
      FROM invoices i
      WHERE i.organization_id = ${organizationId} AND i.credit_applied > 0
      UNION ALL
      SELECT 'credited', i.issued_at, -(i.subtotal - i.credit_applied), i.number, 0, 0,
        NULL, 'negative_invoice', NULL, i.id, i.seller, i.currency
      FROM invoices i
      WHERE i.organization_id = ${organizationId} AND i.subtotal - i.credit_applied < 0
    ), ordered AS (
      SELECT m.*,
        row_number() OVER w AS position,
        sum(m.amount) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS balance_after
      FROM movement m
      WINDOW w AS (ORDER BY m.occurred_at, m.invoice_number, m.rank, m.note_number)
    )`;
}

export interface AccountCreditMovement {
  position: number;
  type: "credited" | "applied";
  occurredAt: Date;
  amount: number;
  balanceAfter: number;
  currency: string;
  reason: "void" | "correction" | "interval_switch" | "negative_invoice" | null;
  creditNote: { id: string; number: number; displayNumber: string } | null;
  invoice: { id: string; number: number; displayNumber: string };
}

function toMovement(row: Record<string, unknown>): AccountCreditMovement {
  const invoiceNumber = Number(row.invoice_number);
  const noteNumber = Number(row.note_number);
  return {
    position: Number(row.position),
    type: row.type === "applied" ? "applied" : "credited",
    occurredAt: toDate(row.occurred_at),
    amount: Number(row.amount),
    balanceAfter: Number(row.balance_after),
    currency: String(row.currency),
    reason: (row.reason ?? null) as AccountCreditMovement["reason"],
    creditNote:
      row.credit_note_id === null || row.credit_note_id === undefined
        ? null
        : {
            id: String(row.credit_note_id),
            number: noteNumber,
            displayNumber: displayNumber(row.note_seller, noteNumber, "creditNoteNumber"),
          },
    invoice: {
      id: String(row.invoice_id),
      number: invoiceNumber,
      displayNumber: displayNumber(row.invoice_seller, invoiceNumber, "invoiceNumber"),
    },
  };
}

/** Newest first; `beforePosition` is the cursor of the previous page's last movement. */
export async function listAccountCreditMovements(
  executor: Executor,
  organizationId: string,
  page: { limit: number; beforePosition?: number | undefined },
): Promise<AccountCreditMovement[]> {
  const result = await executor.execute(sql`
    ${movementsOf(organizationId)}
    SELECT * FROM ordered
    ${page.beforePosition === undefined ? sql`` : sql`WHERE position < ${page.beforePosition}`}
    ORDER BY position DESC
    LIMIT ${page.limit}`);
  return rowsOf(result).map(toMovement);
}
