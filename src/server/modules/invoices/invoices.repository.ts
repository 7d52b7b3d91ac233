import { and, asc, desc, eq, inArray, lt, sql } from "drizzle-orm";
import type { InvoiceLine, Settlement } from "../../../core/invoice.js";
import type { Executor } from "../../db/client.js";
import { invoiceLines, invoiceNumberSequence, invoices } from "../../db/schema.js";

export type InvoiceRow = typeof invoices.$inferSelect;
export type InvoiceLineRow = typeof invoiceLines.$inferSelect;

export interface NewInvoice {
  organizationId: string;
  kind: "initial" | "change" | "renewal";
  issuedAt: Date;
  currency: string;
  lines: readonly InvoiceLine[];
  settlement: Pick<Settlement, "subtotal" | "creditApplied" | "total">;
  renewalPeriodStart?: Date;
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
  const number = await reserveInvoiceNumbers(executor, 1);
  const [row] = await executor
    .insert(invoices)
    .values({
      organizationId: invoice.organizationId,
      number,
      kind: invoice.kind,
      issuedAt: invoice.issuedAt,
      currency: invoice.currency,
      subtotal: invoice.settlement.subtotal,
      creditApplied: invoice.settlement.creditApplied,
      total: invoice.settlement.total,
      renewalPeriodStart: invoice.renewalPeriodStart ?? null,
    })
    .returning();
  if (!row) throw new Error("invoice insert returned nothing");
  const lines =
    invoice.lines.length === 0
      ? []
      : await executor
          .insert(invoiceLines)
          .values(
            invoice.lines.map((line, position) => ({
              invoiceId: row.id,
              organizationId: invoice.organizationId,
              position,
              kind: line.kind,
              description: line.description,
              quantity: line.quantity,
              unitAmount: line.unitAmount,
              amount: line.amount,
              periodStart: line.periodStart,
              periodEnd: line.periodEnd,
            })),
          )
          .returning();
  return toInvoiceDto(row, lines);
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

export function toInvoiceDto(row: InvoiceRow, lines: InvoiceLineRow[]) {
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
