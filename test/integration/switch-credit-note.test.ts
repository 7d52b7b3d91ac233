import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import defaultCatalog from "../../catalog/default.json" with { type: "json" };
import { jsonOf, rowsOf } from "../../src/server/db/adapter.js";
import { planMail } from "../../src/server/events/mail-planner.js";
import { outboxAuditJoin, outboxPayload } from "../../src/server/events/outbox-payload.js";
import { creditNoteEventSchema } from "../../src/server/modules/webhooks/event-types.js";
import { verifyDatabase } from "../../src/server/verify/verify.js";
import { dialects, provision, startTestApp, type TestApp } from "../support/harness.js";

const folder = mkdtempSync(join(tmpdir(), "wp-switch-note-"));

/** A catalog whose year (1000) is cheaper than half a month (3000): a switch credits more than it charges. */
function catalogFile(): string {
  const file = join(folder, "catalog.json");
  writeFileSync(
    file,
    JSON.stringify({
      ...defaultCatalog,
      currencies: {
        USD: { seat: { month: 3000, year: 1000 }, creditBlock: defaultCatalog.currencies.USD.creditBlock },
      },
    }),
  );
  return file;
}

const toYearly = { seats: 10, additionalCreditBlocks: 0, interval: "year" };

describe.each(dialects)("a monthly → yearly switch beyond its charge on %s", (dialect) => {
  let app: TestApp;
  // Both provisioned on 2024-03-01 (invoice numbers follow issue dates), switched on 2024-03-16.
  let german = "";
  let unbilled = "";
  beforeAll(async () => {
    app = await startTestApp(dialect, { now: "2024-03-01T00:00:00Z", catalogFile: catalogFile() });
    german = await organization("DE");
    unbilled = await organization(null);
  });
  afterAll(async () => {
    await app?.close();
  });

  let counter = 0;
  async function organization(country: string | null) {
    counter += 1;
    const created = await provision(app, {
      seats: 10,
      admin: { email: `admin${counter}@switch.test`, name: "Ada Admin" },
    });
    const key = created.adminKey as string;
    if (country) {
      const saved = await app.request("PUT", "/api/v1/billing-info", {
        token: key,
        body: {
          companyName: `Müller ${counter} GmbH`,
          taxId: null,
          address: {
            line1: "Friedrichstraße 1",
            line2: null,
            city: "Berlin",
            postalCode: "10117",
            region: null,
            country,
          },
          billingEmail: `billing${counter}@switch.test`,
        },
      });
      expect(saved.status).toBe(200);
    }
    return key;
  }

  it("issues an invoice for the year and a credit note for the unused time (domestic VAT)", async () => {
    const key = german;
    app.clock.set(new Date("2024-03-16T00:00:00Z"));
    const quote = await app.request("POST", "/api/v1/subscription/preview", { token: key, body: toYearly });
    expect(quote.status).toBe(200);
    // 10 seats × 3000 × 16/31 = 15484 unused; the year 10 × 1000; 19% VAT.
    expect(quote.body.dueNow.subtotal).toBe(-5484);
    expect(quote.body.dueNow.total).toBe(-6526);
    expect(quote.body.documents).toMatchObject({
      invoice: { subtotal: 10000, total: 11900, tax: { total: 1900 } },
      creditNote: {
        subtotal: 15484,
        total: 18426,
        accountCredit: 6526,
        tax: { treatment: "domestic", total: 2942 },
      },
    });
    expect(quote.body.next.accountCredit).toBe(6526);

    const saved = await app.request("POST", "/api/v1/subscription/changes", { token: key, body: toYearly });
    expect(saved.status).toBe(200);
    const invoice = saved.body.invoice;
    expect(invoice.lines.map((line: { kind: string }) => line.kind)).toEqual(["seats_period"]);
    expect(invoice).toMatchObject({
      subtotal: 10000,
      total: 11900,
      status: "paid",
      amountCredited: 11900,
      amountDue: 0,
    });
    expect(invoice.total).toBeGreaterThanOrEqual(0);
    expect(saved.body.subscription.accountCredit).toBe(6526);

    const notes = await app.request("GET", "/api/v1/credit-notes", { token: key });
    expect(notes.status).toBe(200);
    expect(notes.body.data).toHaveLength(1);
    const note = notes.body.data[0];
    expect(note).toMatchObject({
      reason: "interval_switch",
      invoiceId: invoice.id,
      invoiceNumber: invoice.displayNumber,
      subtotal: 15484,
      total: 18426,
      accountCredit: 6526,
      tax: { treatment: "domestic", total: 2942, lines: [{ taxableAmount: 15484, amount: 2942 }] },
    });
    expect(note.lines).toEqual([{ description: "Unused time on 10 seats (monthly)", amount: 15484 }]);
    // What was reviewed is what was issued.
    expect(invoice.total - note.total).toBe(quote.body.dueNow.total);
    expect(note.total).toBe(quote.body.documents.creditNote.total);

    const subscription = await app.request("GET", "/api/v1/subscription", { token: key });
    expect(subscription.body.accountCredit).toBe(6526);

    // The events in order (the invoice, then the credit note settling it), and the credit-note
    // receipt planned for the billing e-mail with the credit note's PDF to attach.
    const events = rowsOf(
      await app.handle.db.execute(sql`
        SELECT topic, payload FROM (
          SELECT o.topic, o.sequence, ${outboxPayload} AS payload FROM outbox_events o ${outboxAuditJoin}
          WHERE o.organization_id = ${saved.body.subscription.organizationId}
            AND o.topic IN ('invoice.issued', 'credit_note.issued')
        ) e
        WHERE payload->'object'->>'id' IN (${invoice.id}, ${note.id})
        ORDER BY sequence`),
    );
    expect(events.map((row) => row.topic)).toEqual(["invoice.issued", "credit_note.issued"]);
    const noteEvent = creditNoteEventSchema.parse((jsonOf(events[1]?.payload) as { object: unknown }).object);
    expect(noteEvent).toMatchObject({
      reason: "interval_switch",
      displayNumber: note.displayNumber,
      invoice: { id: invoice.id, displayNumber: invoice.displayNumber, status: "paid", amountDue: 0 },
    });
    await planMail(app.handle.db, { now: new Date(), publicUrl: "https://billing.example" });
    const receipts = rowsOf(
      await app.handle.db.execute(sql`
        SELECT recipient, subject, document_kind, document_id FROM email_messages WHERE template = 'credit_note_receipt'
          AND document_id = ${note.id}`),
    );
    expect(receipts).toEqual([
      {
        recipient: "billing1@switch.test",
        subject: `Credit note ${note.displayNumber} from WiseParts for Acme Corp`,
        document_kind: "credit_note",
        document_id: note.id,
      },
    ]);

    const pdf = await fetch(`${app.baseUrl}/api/v1/credit-notes/${note.id}/pdf`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(pdf.status).toBe(200);
    const file = join(folder, `${dialect}-${note.id}.pdf`);
    writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
    expect(text).toContain(note.displayNumber);
    expect(text).toContain(invoice.displayNumber);

    const audit = (await app.request("GET", "/api/v1/audit-events?limit=10", { token: key })).body.data;
    const issued = audit.find((event: { action: string }) => event.action === "credit_note.issued");
    expect(issued).toMatchObject({ entityId: note.id });

    const report = await verifyDatabase(app.handle.db, { now: app.clock.now(), overdueToleranceMs: 0 });
    expect(report.checks.filter((check) => !check.ok).map((check) => check.examples)).toEqual([]);
  });

  it("without a billing address: no tax, and the account credit is the unused time beyond the year", async () => {
    const key = unbilled;
    app.clock.set(new Date("2024-03-16T00:00:00Z"));
    const quote = await app.request("POST", "/api/v1/subscription/preview", { token: key, body: toYearly });
    expect(quote.body.documents).toMatchObject({
      invoice: { total: 10000 },
      creditNote: { total: 15484, accountCredit: 5484 },
    });
    const saved = await app.request("POST", "/api/v1/subscription/changes", { token: key, body: toYearly });
    expect(saved.status).toBe(200);
    expect(saved.body.invoice).toMatchObject({ total: 10000, status: "paid", amountDue: 0 });
    expect(saved.body.subscription.accountCredit).toBe(5484);
    const notes = (await app.request("GET", "/api/v1/credit-notes", { token: key })).body.data;
    expect(notes).toMatchObject([{ invoiceId: saved.body.invoice.id, total: 15484, accountCredit: 5484 }]);
    const report = await verifyDatabase(app.handle.db, { now: app.clock.now(), overdueToleranceMs: 0 });
    expect(report.checks.filter((check) => !check.ok).map((check) => check.examples)).toEqual([]);
  });
});
