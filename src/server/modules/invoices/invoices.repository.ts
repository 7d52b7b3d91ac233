import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, lt, sql } from "drizzle-orm";
import type { InvoiceLine, Settlement } from "../../../core/invoice.js";
import type { Executor } from "../../db/client.js";
import { invoiceLines, invoiceNumberSequence, invoices } from "../../db/schema.js";
import { expectCount, noWrites, runWrites, type Writes } from "../../db/writes.js";

export type InvoiceRow = typeof invoices.$inferSelect;
export type InvoiceLineRow = typeof invoiceLines.$inferSelect;

export interface NewInvoice {
  /** Drawn by the caller when something written before the invoice must name it. */
  id?: string;
  organizationId: string;
  kind: "initial" | "change" | "renewal";
  issuedAt: Date;
  currency: string;
  lines: readonly InvoiceLine[];
  settlement: Pick<Settlement, "subtotal" | "creditApplied" | "total">;
  renewalPeriodStart?: Date;
}

/** Invoice lines as `jsonb_to_recordset` rows, in one shape for every path that issues invoices. */
export function invoiceLineRecords(
  invoices: readonly {
    id: string;
    organizationId: string;
    lines: readonly (Omit<InvoiceLine, "kind"> & { kind: string })[];
  }[],
) {
  return invoices.flatMap((invoice) =>
    invoice.lines.map((line, position) => ({
      invoice_id: invoice.id,
      organization_id: invoice.organizationId,
      position,
      kind: line.kind,
      description: line.description,
      quantity: line.quantity,
      unit_amount: line.unitAmount,
      amount: line.amount,
      period_start: line.periodStart.toISOString(),
      period_end: line.periodEnd.toISOString(),
    })),
  );
}

/**
 * Reserves `count` consecutive invoice numbers. The counter row is locked until the transaction
 * ends, so a rolled-back transaction gives its numbers back: numbers never have gaps.
 */
export async function reserveInvoiceNumbers(executor: Executor, count: number): Promise<number> {
  const [row] = await executor
    .update(invoiceNumberSequence)
    .set({ lastNumber: sql`${invoiceNumberSequence.lastNumber} + ${count}` })
    .where(eq(invoiceNumberSequence.id, 1))
    .returning({ lastNumber: invoiceNumberSequence.lastNumber });
  if (!row) throw new Error("invoice_number_sequence is not initialised");
  return Number(row.lastNumber) - count + 1;
}

export async function insertInvoice(executor: Executor, invoice: NewInvoice) {
  const [dto] = await insertInvoices(executor, [invoice]);
  if (!dto) throw new Error("invoice insert returned nothing");
  return dto;
}

/** Issues invoices with consecutive numbers, as part of one statement (`runWrites`). */
export function invoiceWrites(invoices: readonly NewInvoice[]): Writes<InvoiceDto[]> {
  if (invoices.length === 0) return { ...noWrites, read: () => [] };
  const rows = invoices.map((invoice, index) => ({
    id: invoice.id ?? randomUUID(),
    ordinal: index + 1,
    invoice,
  }));
  const invoicesJson = JSON.stringify(
    rows.map(({ id, ordinal, invoice }) => ({
      id,
      ordinal,
      organization_id: invoice.organizationId,
      kind: invoice.kind,
      issued_at: invoice.issuedAt.toISOString(),
      currency: invoice.currency,
      subtotal: invoice.settlement.subtotal,
      credit_applied: invoice.settlement.creditApplied,
      total: invoice.settlement.total,
      renewal_period_start: invoice.renewalPeriodStart?.toISOString() ?? null,
    })),
  );
  const linesJson = JSON.stringify(invoiceLineRecords(rows.map(({ id, invoice }) => ({ ...invoice, id }))));
  const count = invoices.length;
  const lineCount = invoices.reduce((total, invoice) => total + invoice.lines.length, 0);
  return {
    parts: [
      {
        name: "reserved_numbers",
        statement: sql`
          UPDATE invoice_number_sequence SET last_number = last_number + ${count}::bigint WHERE id = 1
          RETURNING last_number - ${count}::bigint AS base`,
      },
      {
        name: "issued_invoices",
        statement: sql`
          INSERT INTO invoices
            (id, organization_id, number, kind, issued_at, currency, subtotal, credit_applied, total, renewal_period_start)
          SELECT x.id, x.organization_id, reserved_numbers.base + x.ordinal, x.kind, x.issued_at, x.currency, x.subtotal,
            x.credit_applied, x.total, x.renewal_period_start
          FROM reserved_numbers, jsonb_to_recordset(${invoicesJson}::jsonb) AS x(id uuid, ordinal integer, organization_id uuid,
            kind text, issued_at timestamptz, currency text, subtotal bigint, credit_applied bigint, total bigint,
            renewal_period_start timestamptz)
          RETURNING id`,
      },
      {
        name: "issued_lines",
        statement: sql`
          INSERT INTO invoice_lines
            (invoice_id, organization_id, position, kind, description, quantity, unit_amount, amount, period_start, period_end)
          SELECT l.invoice_id, l.organization_id, l.position, l.kind, l.description, l.quantity, l.unit_amount, l.amount,
            l.period_start, l.period_end
          FROM jsonb_to_recordset(${linesJson}::jsonb) AS l(invoice_id uuid, organization_id uuid, position integer,
            kind text, description text, quantity integer, unit_amount bigint, amount bigint, period_start timestamptz,
            period_end timestamptz)
          JOIN issued_invoices ON issued_invoices.id = l.invoice_id
          RETURNING 1`,
      },
    ],
    outputs: {
      invoice_number_base: sql`(SELECT base FROM reserved_numbers)`,
      // No counter row reserves nothing and inserts no invoice: the statement fails instead.
      issued_invoices: expectCount(
        sql`(SELECT count(*) FROM issued_invoices)`,
        count,
        "invoice_number_sequence is not initialised",
      ),
      issued_lines: expectCount(
        sql`(SELECT count(*) FROM issued_lines)`,
        lineCount,
        "invoice lines were not all written",
      ),
    },
    read(row) {
      if (row.invoice_number_base === null || row.invoice_number_base === undefined) {
        throw new Error("invoice_number_sequence is not initialised");
      }
      const base = Number(row.invoice_number_base);
      return rows.map(({ id, ordinal, invoice }) =>
        toInvoiceDto(
          {
            id,
            number: base + ordinal,
            kind: invoice.kind,
            issuedAt: invoice.issuedAt,
            currency: invoice.currency,
            subtotal: invoice.settlement.subtotal,
            creditApplied: invoice.settlement.creditApplied,
            total: invoice.settlement.total,
          },
          invoice.lines,
        ),
      );
    },
  };
}

/**
 * Issues several invoices in ONE statement: it reserves consecutive numbers on the counter row (in
 * the order given), inserts the invoices and their lines. Call it last in the transaction: the
 * counter row stays locked until commit, and every issuer in the deployment queues on it.
 */
export async function insertInvoices(
  executor: Executor,
  invoices: readonly NewInvoice[],
): Promise<InvoiceDto[]> {
  const [issued] = await runWrites(executor, [invoiceWrites(invoices)]);
  return issued;
}

export async function listInvoices(
  executor: Executor,
  organizationId: string,
  page: { limit: number; beforeNumber?: number | undefined },
) {
  const rows = await executor
    .select()
    .from(invoices)
    .where(
      and(
        eq(invoices.organizationId, organizationId),
        page.beforeNumber === undefined ? undefined : lt(invoices.number, page.beforeNumber),
      ),
    )
    .orderBy(desc(invoices.number))
    .limit(page.limit);
  const lines =
    rows.length === 0
      ? []
      : await executor
          .select()
          .from(invoiceLines)
          .where(
            and(
              eq(invoiceLines.organizationId, organizationId),
              inArray(
                invoiceLines.invoiceId,
                rows.map((row) => row.id),
              ),
            ),
          )
          .orderBy(asc(invoiceLines.position));
  return rows.map((row) =>
    toInvoiceDto(
      row,
      lines.filter((line) => line.invoiceId === row.id),
    ),
  );
}

export async function findInvoice(executor: Executor, organizationId: string, id: string) {
  const [row] = await executor
    .select()
    .from(invoices)
    .where(and(eq(invoices.organizationId, organizationId), eq(invoices.id, id)));
  if (!row) return undefined;
  const lines = await executor
    .select()
    .from(invoiceLines)
    .where(and(eq(invoiceLines.organizationId, organizationId), eq(invoiceLines.invoiceId, id)))
    .orderBy(asc(invoiceLines.position));
  return toInvoiceDto(row, lines);
}

export type InvoiceDto = ReturnType<typeof toInvoiceDto>;

export function toInvoiceDto(
  row: Pick<
    InvoiceRow,
    "id" | "number" | "kind" | "issuedAt" | "currency" | "subtotal" | "creditApplied" | "total"
  >,
  lines: readonly Pick<
    InvoiceLineRow,
    "kind" | "description" | "quantity" | "unitAmount" | "amount" | "periodStart" | "periodEnd"
  >[],
) {
  return {
    id: row.id,
    number: row.number,
    kind: row.kind,
    issuedAt: row.issuedAt.toISOString(),
    currency: row.currency,
    lines: lines.map((line) => ({
      kind: line.kind,
      description: line.description,
      quantity: line.quantity,
      unitAmount: line.unitAmount,
      amount: line.amount,
      periodStart: line.periodStart.toISOString(),
      periodEnd: line.periodEnd.toISOString(),
    })),
    subtotal: row.subtotal,
    creditApplied: row.creditApplied,
    total: row.total,
  };
}
