import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, gte, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { InvoiceLine, Settlement } from "../../../core/invoice.js";
import type { BillTo, DocumentSeller, InvoiceDocument } from "../../../core/invoice-document.js";
import { formatDocumentNumber } from "../../../core/seller-schema.js";
import { formatPercent, type TaxLine, type TaxTreatment } from "../../../core/vat.js";
import { toDate } from "../../db/adapter.js";
import type { Executor } from "../../db/client.js";
import { ownRow } from "../../db/rows.js";
import { invoiceLines, invoiceNumberSequence, invoices, outboxEvents } from "../../db/schema.js";
import { expectCount, noWrites, runWrites, type Writes } from "../../db/writes.js";
import type { InvoiceEventObject } from "../webhooks/event-types.js";

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
  /**
   * Seller, bill-to, tax, total with tax and due date, as of the issue (core/invoice-document).
   * Every issuing path gives one; without it the invoice is a bare one (tests of older rows).
   */
  document?: InvoiceDocument;
  renewalPeriodStart?: Date;
}

/** The document columns of a new invoice, as `jsonb_to_recordset` fields (every issuing path). */
export function invoiceDocumentRecord(
  given: InvoiceDocument | undefined,
  settlement: Pick<Settlement, "subtotal" | "creditApplied" | "total">,
  issuedAt: Date,
) {
  const document = given ?? bareDocument(settlement, issuedAt);
  return {
    total: document.total,
    tax_total: document.tax.total,
    tax_lines: document.tax.lines,
    tax_treatment: document.tax.treatment,
    tax_mention: document.tax.mention,
    seller: document.seller,
    bill_to: document.billTo,
    due_at: document.dueAt.toISOString(),
    // Nothing to pay (a zero total, or a credit): settled at issue.
    status: document.total <= 0 ? "paid" : "open",
  };
}

function bareDocument(settlement: Pick<Settlement, "total">, issuedAt: Date): InvoiceDocument {
  return {
    seller: null as unknown as InvoiceDocument["seller"],
    billTo: null,
    tax: {
      treatment: null as unknown as InvoiceDocument["tax"]["treatment"],
      mention: null,
      lines: [],
      total: 0,
    },
    total: settlement.total,
    dueAt: issuedAt,
  };
}

/** The SQL column list and record type of `invoiceDocumentRecord`, in the same order. */
export const invoiceDocumentColumns = sql.raw(
  "tax_total, tax_lines, tax_treatment, tax_mention, seller, bill_to, due_at, status, paid_at",
);
export const invoiceDocumentSelect = (alias: string) => {
  const columns = [
    "tax_total",
    "tax_lines",
    "tax_treatment",
    "tax_mention",
    "seller",
    "bill_to",
    "due_at",
    "status",
  ];
  return sql.raw(
    `${columns.map((column) => `${alias}.${column}`).join(", ")}, CASE WHEN ${alias}.status = 'paid' THEN ${alias}.issued_at END`,
  );
};
export const invoiceDocumentTypes = sql.raw(
  "tax_total bigint, tax_lines jsonb, tax_treatment text, tax_mention text, seller jsonb, bill_to jsonb, due_at timestamptz, status text",
);

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

/** The issue date of the highest-numbered invoice (numbers follow dates), or null before the first. */
export async function lastInvoiceIssuedAt(executor: Executor): Promise<Date | null> {
  const [row] = await executor
    .select({ issuedAt: invoices.issuedAt })
    .from(invoices)
    .orderBy(desc(invoices.number))
    .limit(1);
  return row?.issuedAt ?? null;
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
      renewal_period_start: invoice.renewalPeriodStart?.toISOString() ?? null,
      ...invoiceDocumentRecord(invoice.document, invoice.settlement, invoice.issuedAt),
    })),
  );
  const linesJson = JSON.stringify(invoiceLineRecords(rows.map(({ id, invoice }) => ({ ...invoice, id }))));
  // invoice.issued: the payload built here (number 0 until the statement reserves the numbers, then
  // set with the display number, formatted as `formatDocumentNumber` does).
  const eventsJson = JSON.stringify(
    rows.map(({ id, ordinal, invoice }) => {
      const format = (invoice.document?.seller as DocumentSeller | null | undefined)?.invoiceNumber;
      return {
        ordinal,
        organization_id: invoice.organizationId,
        created_at: invoice.issuedAt.toISOString(),
        prefix: format?.prefix ?? "",
        padding: format?.padding ?? 0,
        payload: {
          action: "invoice.issued",
          object: invoiceEventObject(newInvoiceDto(id, 0, invoice)),
          previous: null,
        },
      };
    }),
  );
  const count = invoices.length;
  const lineCount = invoices.reduce((total, invoice) => total + invoice.lines.length, 0);
  return {
    parts: [
      {
        name: "reserved_numbers",
        statement: sql`
          UPDATE invoice_number_sequence SET last_number = last_number + ${count}::bigint WHERE id = 1
          RETURNING last_number - ${count}::bigint AS base, last_issued_at AS not_before`,
      },
      {
        name: "issued_invoices",
        statement: sql`
          INSERT INTO invoices
            (id, organization_id, number, kind, issued_at, currency, subtotal, credit_applied, total, renewal_period_start,
            ${invoiceDocumentColumns})
          SELECT x.id, x.organization_id, reserved_numbers.base + x.ordinal, x.kind, x.issued_at, x.currency, x.subtotal,
            x.credit_applied, x.total, x.renewal_period_start, ${invoiceDocumentSelect("x")}
          FROM reserved_numbers, LATERAL (
            -- Another process may have dated a lower number later than this batch's clock read (it
            -- took the counter first): no earlier than that one, due date moved alike (decision 0079).
            SELECT r.id, r.ordinal, r.organization_id, r.kind, r.currency, r.subtotal, r.credit_applied, r.total,
              r.renewal_period_start, r.tax_total, r.tax_lines, r.tax_treatment, r.tax_mention, r.seller, r.bill_to,
              r.status,
              GREATEST(r.issued_at, reserved_numbers.not_before) AS issued_at,
              r.due_at + (GREATEST(r.issued_at, reserved_numbers.not_before) - r.issued_at) AS due_at
            FROM jsonb_to_recordset(${invoicesJson}::jsonb) AS r(id uuid, ordinal integer, organization_id uuid,
              kind text, issued_at timestamptz, currency text, subtotal bigint, credit_applied bigint, total bigint,
              renewal_period_start timestamptz, ${invoiceDocumentTypes})
          ) x
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
      {
        name: "issued_events",
        statement: sql`
          INSERT INTO outbox_events (organization_id, topic, version, payload, created_at)
          SELECT e.organization_id, 'invoice.issued', 1,
            jsonb_set(jsonb_set(paid.payload, '{object,number}', to_jsonb(reserved_numbers.base + e.ordinal)),
              '{object,displayNumber}', to_jsonb(e.prefix || lpad(n.text, greatest(e.padding, length(n.text)), '0'))),
            e.created_at + d.shift
          FROM reserved_numbers, jsonb_to_recordset(${eventsJson}::jsonb) AS e(ordinal integer, organization_id uuid,
            created_at timestamptz, prefix text, padding integer, payload jsonb),
            LATERAL (SELECT (reserved_numbers.base + e.ordinal)::text AS text) n,
            -- The dates as issued_invoices stored them (moved no earlier than the number before).
            LATERAL (SELECT GREATEST(e.created_at, reserved_numbers.not_before) - e.created_at AS shift) d,
            LATERAL (SELECT ${shiftedDate(sql.raw("e.payload"), "issuedAt")} AS payload) issued,
            LATERAL (SELECT ${shiftedDate(sql.raw("issued.payload"), "dueAt")} AS payload) due,
            LATERAL (SELECT ${shiftedDate(sql.raw("due.payload"), "paidAt")} AS payload) paid
          RETURNING 1`,
      },
    ],
    outputs: {
      invoice_number_base: sql`(SELECT base FROM reserved_numbers)`,
      invoice_not_before: sql`(SELECT not_before FROM reserved_numbers)`,
      issued_events: expectCount(
        sql`(SELECT count(*) FROM issued_events)`,
        count,
        "invoice.issued events were not all written",
      ),
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
      const notBefore = row.invoice_not_before ? toDate(row.invoice_not_before).getTime() : 0;
      return rows.map(({ id, ordinal, invoice }) => {
        // As the statement dated it: no earlier than the invoice numbered before it.
        const shift = Math.max(0, notBefore - invoice.issuedAt.getTime());
        if (shift === 0) return newInvoiceDto(id, base + ordinal, invoice);
        const document = invoice.document ?? bareDocument(invoice.settlement, invoice.issuedAt);
        return newInvoiceDto(id, base + ordinal, {
          ...invoice,
          issuedAt: new Date(invoice.issuedAt.getTime() + shift),
          document: { ...document, dueAt: new Date(document.dueAt.getTime() + shift) },
        });
      });
    },
  };
}

/** A new invoice as it is once written (numbered `number`), without reading it back. */
export function newInvoiceDto(
  id: string,
  number: number,
  invoice: Pick<NewInvoice, "kind" | "issuedAt" | "currency" | "lines" | "settlement" | "document">,
) {
  return toInvoiceDto(
    {
      id,
      number,
      kind: invoice.kind,
      issuedAt: invoice.issuedAt,
      currency: invoice.currency,
      subtotal: invoice.settlement.subtotal,
      creditApplied: invoice.settlement.creditApplied,
      ...documentRowOf(
        invoice.document ?? bareDocument(invoice.settlement, invoice.issuedAt),
        invoice.issuedAt,
      ),
    },
    invoice.lines,
    invoice.issuedAt,
  );
}

/** `payload` with `object.<field>` (an ISO instant, or null) moved by `d.shift`, formatted as JSON dates are. */
function shiftedDate(payload: SQL, field: "issuedAt" | "dueAt" | "paidAt"): SQL {
  const path = sql.raw(`'{object,${field}}'`);
  return sql`CASE WHEN ${payload} #>> ${path} IS NULL OR d.shift = interval '0' THEN ${payload}
    ELSE jsonb_set(${payload}, ${path}, to_jsonb(to_char(((${payload} #>> ${path})::timestamptz + d.shift)
      AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))) END`;
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
  now: Date,
) {
  return selectInvoices(executor, {
    where: and(
      eq(invoices.organizationId, organizationId),
      page.beforeNumber === undefined ? undefined : lt(invoices.number, page.beforeNumber),
    ),
    organizationId,
    newestFirst: true,
    limit: page.limit,
    now,
  });
}

/** Invoices issued in [from, until), oldest first (the accountant's export). */
export async function listInvoicesIssuedBetween(
  executor: Executor,
  organizationId: string,
  range: { from: Date; until: Date; limit: number },
  now: Date,
) {
  return selectInvoices(executor, {
    where: and(
      eq(invoices.organizationId, organizationId),
      gte(invoices.issuedAt, range.from),
      lt(invoices.issuedAt, range.until),
    ),
    organizationId,
    newestFirst: false,
    limit: range.limit,
    now,
  });
}

async function selectInvoices(
  executor: Executor,
  query: { where: SQL | undefined; organizationId: string; newestFirst: boolean; limit: number; now: Date },
) {
  const rows = await executor
    .select()
    .from(invoices)
    .where(query.where)
    .orderBy(query.newestFirst ? desc(invoices.number) : asc(invoices.number))
    .limit(query.limit);
  const lines =
    rows.length === 0
      ? []
      : await executor
          .select()
          .from(invoiceLines)
          .where(
            and(
              eq(invoiceLines.organizationId, query.organizationId),
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
      query.now,
    ),
  );
}

export async function findInvoice(
  executor: Executor,
  organizationId: string,
  id: string,
  now: Date,
  options: { lock?: boolean } = {},
) {
  const query = executor
    .select()
    .from(invoices)
    .where(ownRow(invoices, organizationId, id));
  const [row] = options.lock ? await query.for("update") : await query;
  if (!row) return undefined;
  const lines = await executor
    .select()
    .from(invoiceLines)
    .where(and(eq(invoiceLines.organizationId, organizationId), eq(invoiceLines.invoiceId, id)))
    .orderBy(asc(invoiceLines.position));
  return toInvoiceDto(row, lines, now);
}

export type InvoiceDto = ReturnType<typeof toInvoiceDto>;

type DocumentRow = Pick<
  InvoiceRow,
  | "total"
  | "taxTotal"
  | "taxLines"
  | "taxTreatment"
  | "taxMention"
  | "seller"
  | "billTo"
  | "dueAt"
  | "status"
  | "amountPaid"
  | "amountCredited"
  | "paidAt"
>;

/** A new invoice's document columns as the row will hold them. */
function documentRowOf(document: InvoiceDocument, issuedAt: Date): DocumentRow {
  const settled = document.total <= 0;
  return {
    total: document.total,
    taxTotal: document.tax.total,
    taxLines: document.tax.lines,
    taxTreatment: document.tax.treatment,
    taxMention: document.tax.mention,
    seller: document.seller,
    billTo: document.billTo,
    dueAt: document.dueAt,
    status: settled ? "paid" : "open",
    amountPaid: 0,
    amountCredited: 0,
    paidAt: settled ? issuedAt : null,
  };
}

/** "WP-000042" with the seller's format frozen on the invoice; the bare number before documents. */
export function displayNumber(seller: unknown, number: number, kind: "invoiceNumber" | "creditNoteNumber") {
  const format = (seller as DocumentSeller | null)?.[kind];
  return format ? formatDocumentNumber(format, number) : String(number);
}

export function toTaxLineDto(line: TaxLine) {
  return {
    rate: formatPercent(line.rate),
    rateBasisPoints: line.rate,
    country: line.country,
    taxableAmount: line.taxableAmount,
    amount: line.amount,
  };
}

export function toInvoiceDto(
  row: Pick<InvoiceRow, "id" | "number" | "kind" | "issuedAt" | "currency" | "subtotal" | "creditApplied"> &
    DocumentRow,
  lines: readonly Pick<
    InvoiceLineRow,
    "kind" | "description" | "quantity" | "unitAmount" | "amount" | "periodStart" | "periodEnd"
  >[],
  now: Date,
) {
  const amountDue = row.status === "open" ? Math.max(0, row.total - row.amountPaid - row.amountCredited) : 0;
  return {
    id: row.id,
    number: row.number,
    displayNumber: displayNumber(row.seller, row.number, "invoiceNumber"),
    kind: row.kind,
    issuedAt: row.issuedAt.toISOString(),
    dueAt: row.dueAt?.toISOString() ?? null,
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
    tax: {
      treatment: row.taxTreatment as TaxTreatment | null,
      mention: row.taxMention,
      lines: (row.taxLines as TaxLine[]).map(toTaxLineDto),
      total: row.taxTotal,
    },
    total: row.total,
    status: row.status,
    /** Open and past its due date with something left to pay. */
    overdue: amountDue > 0 && row.dueAt !== null && now.getTime() > row.dueAt.getTime(),
    amountPaid: row.amountPaid,
    amountCredited: row.amountCredited,
    amountDue,
    paidAt: row.paidAt?.toISOString() ?? null,
    seller: row.seller as DocumentSeller | null,
    billTo: row.billTo as BillTo | null,
  };
}

/**
 * The invoice of `invoice.issued` and `invoice.paid`: typed by the zod schema the OpenAPI
 * `webhooks` section is generated from (`invoiceEventSchema`), so payload and document agree.
 */
export function invoiceEventObject(invoice: InvoiceDto): InvoiceEventObject {
  return {
    id: invoice.id,
    number: invoice.number,
    displayNumber: invoice.displayNumber,
    kind: invoice.kind,
    status: invoice.status,
    issuedAt: invoice.issuedAt,
    dueAt: invoice.dueAt,
    currency: invoice.currency,
    subtotal: invoice.subtotal,
    creditApplied: invoice.creditApplied,
    tax: {
      treatment: invoice.tax.treatment,
      mention: invoice.tax.mention,
      lines: invoice.tax.lines.map((line) => ({
        rate: line.rate,
        rateBasisPoints: line.rateBasisPoints,
        country: line.country,
        taxableAmount: line.taxableAmount,
        amount: line.amount,
      })),
      total: invoice.tax.total,
    },
    total: invoice.total,
    amountPaid: invoice.amountPaid,
    amountCredited: invoice.amountCredited,
    amountDue: invoice.amountDue,
    paidAt: invoice.paidAt,
  };
}

/**
 * `invoice.issued` for each new invoice, in the issuing transaction (every issuer calls it: the
 * provisioning, the subscription changes and the renewals). The outbox triggers number it and fan
 * it out to the endpoints.
 */
export async function publishInvoicesIssued(
  executor: Executor,
  issued: readonly { organizationId: string; invoice: InvoiceDto }[],
) {
  if (issued.length === 0) return;
  await executor.insert(outboxEvents).values(
    issued.map(({ organizationId, invoice }) => ({
      organizationId,
      topic: "invoice.issued",
      version: 1,
      payload: { action: "invoice.issued", object: invoiceEventObject(invoice), previous: null },
      createdAt: new Date(invoice.issuedAt),
    })),
  );
}
