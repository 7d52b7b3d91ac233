import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventTypes } from "../../src/core/event-types.js";
import { formatMoney } from "../../src/core/money.js";
import { booleanOf, rowsOf, toDate } from "../../src/server/db/adapter.js";
import { mailTopics } from "../../src/server/events/mail-planner.js";
import { createApiKey } from "../support/fixtures.js";
import { dialects, operatorToken, provision, startTestApp, type TestApp } from "../support/harness.js";
import { browser, givePassword, signIn } from "../support/sessions.js";
import { SmtpPeer } from "../support/smtp-peer.js";

const start = "2026-06-01T00:00:00.000Z";

/** The text of a PDF, as a reader copies it (poppler's pdftotext). */
function pdfText(content: Buffer | undefined): string {
  if (!content) throw new Error("no PDF");
  return execFileSync("pdftotext", ["-layout", "-", "-"], { input: content }).toString("utf8");
}
const occurredAt = "2026-06-02T00:00:00.000Z";

describe.each(dialects)("e-mail through a real SMTP server on %s", (dialect) => {
  let app: TestApp;
  let smtp: SmtpPeer;
  let offsetMs = 0;
  beforeAll(async () => {
    smtp = await new SmtpPeer().start();
    app = await startTestApp(dialect, {
      now: start,
      env: { SMTP_URL: smtp.url, PUBLIC_URL: "https://billing.example" },
      deliverEvents: { now: () => new Date(Date.now() + offsetMs), reminderIntervalMs: 0 },
    });
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.stop();
  });
  const settle = () => app.events?.settle() as Promise<void>;
  /** What an address received besides its invitation (every new user is mailed one). */
  const received = (address: string) =>
    smtp.to(address).filter((message) => !message.subject?.startsWith("You are invited to"));

  let counter = 0;
  async function organization(input: {
    requireApproval?: boolean;
    interval?: "month" | "year";
    seats?: number;
  }) {
    counter += 1;
    const admin = `admin${counter}@mail.test`;
    const created = await provision(app, {
      name: `Mail Org ${counter}`,
      seats: input.seats ?? 5,
      interval: input.interval ?? "month",
      requireApproval: input.requireApproval ?? false,
      admin: { email: admin, name: "Ada Admin" },
    });
    return { id: created.organization.id as string, adminKey: created.adminKey as string, admin };
  }

  it("tells the admins a request waits, the requester the decision, and the billing e-mail the invoice", async () => {
    const org = await organization({ requireApproval: true });
    const billingEmail = `invoices${counter}@mail.test`;
    const profile = await app.request("PUT", "/api/v1/billing-info", {
      token: org.adminKey,
      body: { companyName: "Mail Org GmbH", billingEmail, address: { city: "Berlin", country: "DE" } },
    });
    expect(profile.status).toBe(200);
    const requester = `bill${counter}@mail.test`;
    const added = await app.request("POST", "/api/v1/users", {
      token: org.adminKey,
      body: { email: requester, name: "Bea Billing", role: "billing" },
    });
    expect(added.status).toBe(201);
    await givePassword(app, added.body.id);
    const { cookie } = await signIn(app, requester);

    const submitted = await app.request("POST", "/api/v1/change-requests", {
      headers: browser(app, cookie),
      body: { seats: 8, additionalCreditBlocks: 0, interval: "month", note: "Three new hires" },
    });
    expect(submitted.status).toBe(201);
    await settle();
    // (The admin is the billing e-mail of the first invoice too: only the request matters here.)
    const waiting = smtp.to(org.admin).filter((message) => message.subject?.includes("waits"));
    expect(waiting).toHaveLength(1);
    expect(waiting[0]?.subject).toBe(`A change request for Mail Org ${counter} waits for your approval`);
    expect(waiting[0]?.text).toContain("Seats: 8");
    expect(waiting[0]?.text).toContain("Note: Three new hires");
    expect(waiting[0]?.html).toContain('<th align="left">Seats</th><td>8</td>');
    expect(received(requester)).toHaveLength(0);

    const approved = await app.request("POST", `/api/v1/change-requests/${submitted.body.id}/approve`, {
      token: org.adminKey,
    });
    expect(approved.status).toBe(200);
    await settle();
    const decision = received(requester);
    expect(decision.map((message) => message.subject)).toEqual([
      `Your change request for Mail Org ${counter} was approved`,
    ]);
    const invoice = approved.body.invoice;
    // (The first invoice's receipt may go here too: the billing e-mail is read when it is planned.)
    const receipts = smtp
      .to(billingEmail)
      .filter((message) => message.subject?.includes(`Invoice ${invoice.displayNumber} `));
    expect(receipts).toHaveLength(1);
    // The display number the invoice prints ("WP-…"), not the bare counter.
    expect(invoice.displayNumber).not.toBe(String(invoice.number));
    expect(receipts[0]?.subject).toBe(
      `Invoice ${invoice.displayNumber} from WiseParts for Mail Org ${counter}`,
    );
    // Billed in Germany: English words, en-GB dates ("1 Jun 2026").
    expect(receipts[0]?.text).toMatch(/Issued: \d{1,2} [A-Z][a-z]{2} 2026/);
    expect(receipts[0]?.text).toContain(`https://billing.example/settings/invoices/${invoice.id}`);
    // Nothing is sent twice.
    await settle();
    expect(smtp.to(org.admin).filter((message) => message.subject?.includes("waits"))).toHaveLength(1);
  });

  it("leaves only the events that cause mail to the e-mail step", async () => {
    // The database's list (migration 0018) and the planner's agree on every event type.
    const listed = rowsOf(
      await app.handle.db.execute(
        sql`SELECT t AS topic, event_sends_mail(t) AS mails FROM unnest(${`{${eventTypes.join(",")}}`}::text[]) AS t`,
      ),
    );
    expect(Object.fromEntries(listed.map((row) => [row.topic, booleanOf(row.mails)]))).toEqual(
      Object.fromEntries(eventTypes.map((type) => [type, type in mailTopics])),
    );

    // A seat increase publishes subscription.updated (no mail) and invoice.issued (a receipt).
    const org = await organization({});
    const changed = await app.request("POST", "/api/v1/subscription/changes", {
      token: org.adminKey,
      body: { seats: 7, additionalCreditBlocks: 0, interval: "month" },
    });
    expect(changed.status).toBe(200);
    await settle();
    const events = rowsOf(
      await app.handle.db.execute(sql`
        SELECT topic, created_at, delivered_at FROM outbox_events
        WHERE organization_id = ${org.id}::uuid AND topic IN ('subscription.updated', 'invoice.issued')`),
    );
    const marks = (topic: string) =>
      events
        .filter((row) => row.topic === topic)
        .map((row) => ({
          created: toDate(row.created_at).getTime(),
          marked: row.delivered_at === null ? null : toDate(row.delivered_at).getTime(),
        }));
    // Written past the step, marked with its own time (the bill clock's): the planner never read it.
    const updated = marks("subscription.updated");
    expect(updated).toHaveLength(1);
    expect(updated[0]?.marked).toBe(updated[0]?.created);
    // Planned by the e-mail step, at the step's time (the wall clock, months after the bill clock):
    // the first invoice's and the increase's.
    const issued = marks("invoice.issued");
    expect(issued).toHaveLength(2);
    for (const event of issued) expect(event.marked).toBeGreaterThan(event.created);
  });

  it("mails the invoice and credit-note receipts with their PDF attached", async () => {
    const org = await organization({});
    const billingEmail = `receipts${counter}@mail.test`;
    const profile = await app.request("PUT", "/api/v1/billing-info", {
      token: org.adminKey,
      body: { companyName: "Receipts GmbH", billingEmail, address: { city: "Berlin", country: "DE" } },
    });
    expect(profile.status).toBe(200);
    const changed = await app.request("POST", "/api/v1/subscription/changes", {
      token: org.adminKey,
      body: { seats: 9, additionalCreditBlocks: 0, interval: "month" },
    });
    expect(changed.status).toBe(200);
    const invoice = changed.body.invoice;
    await settle();
    // (The first invoice's receipt may come here too: the billing e-mail is read when it is planned.)
    const [receipt, ...more] = smtp
      .to(billingEmail)
      .filter((message) => message.subject?.includes(invoice.displayNumber));
    expect(more).toHaveLength(0);
    expect(receipt?.subject).toBe(`Invoice ${invoice.displayNumber} from WiseParts for Mail Org ${counter}`);
    expect(receipt?.text).toContain(`Invoice: ${invoice.displayNumber}`);
    expect(receipt?.text).toContain(`Total: ${formatMoney(invoice.total, "USD", "en-GB")}`);
    expect(receipt?.html).toContain(`<td>${invoice.displayNumber}</td>`);
    const [invoicePdf, ...otherFiles] = receipt?.attachments ?? [];
    expect(otherFiles).toHaveLength(0);
    expect(invoicePdf?.contentType).toBe("application/pdf");
    expect(invoicePdf?.filename).toBe(`invoice-${invoice.displayNumber}.pdf`);
    const invoiceText = pdfText(invoicePdf?.content);
    expect(invoiceText).toContain(invoice.displayNumber);
    expect(invoiceText).toContain(formatMoney(invoice.total, "USD", "en-GB"));

    const credit = (body: object) =>
      app.request("POST", `/api/v1/organizations/${org.id}/invoices/${invoice.id}/credit-notes`, {
        token: operatorToken,
        body,
      });
    const corrected = await credit({ reason: "correction", amount: 500, memo: "Goodwill" });
    expect(corrected.status).toBe(201);
    const voided = await credit({ reason: "void", memo: "Ordered by mistake" });
    expect(voided.status).toBe(201);
    await settle();
    const notes = smtp.to(billingEmail).filter((m) => m.subject?.startsWith("Credit note"));
    expect(notes.map((m) => m.subject)).toEqual([
      `Credit note ${corrected.body.creditNote.displayNumber} from WiseParts for Mail Org ${counter}`,
      `Credit note ${voided.body.creditNote.displayNumber} from WiseParts for Mail Org ${counter}`,
    ]);
    for (const [position, issued] of [corrected, voided].entries()) {
      const note = issued.body.creditNote;
      const mail = notes[position];
      expect(mail?.text).toContain(`Credits invoice: ${invoice.displayNumber}`);
      expect(mail?.text).toContain(`Total credited: ${formatMoney(note.total, "USD", "en-GB")}`);
      const [pdf] = mail?.attachments ?? [];
      expect(pdf?.contentType).toBe("application/pdf");
      expect(pdf?.filename).toBe(`credit-note-${note.displayNumber}.pdf`);
      const text = pdfText(pdf?.content);
      expect(text).toContain(note.displayNumber);
      expect(text).toContain(formatMoney(note.total, "USD", "en-GB"));
    }
    expect(notes[0]?.text).toContain(`It corrects invoice ${invoice.displayNumber}.`);
    expect(notes[1]?.text).toContain(`It cancels invoice ${invoice.displayNumber}.`);
  });

  it("warns admins and billing users at 80% and 100% of the credits", async () => {
    const org = await organization({ seats: 2 });
    const spendKey = (await createApiKey(app, org.adminKey, "spend")).secret;
    const billingUser = `credits${counter}@mail.test`;
    await app.request("POST", "/api/v1/users", {
      token: org.adminKey,
      body: { email: billingUser, name: "Carl Credits", role: "billing" },
    });
    const credits = await app.request("GET", "/api/v1/credits", { token: org.adminKey });
    const allocation = credits.body.allocation as number;
    const spend = (eventId: string, amount: number) =>
      app.request("POST", "/api/v1/credits/spend", {
        token: spendKey,
        body: { eventId, feature: "call_analysis", credits: amount, occurredAt },
      });
    expect((await spend("a", Math.ceil(allocation * 0.8))).status).toBe(200);
    await settle();
    expect(received(billingUser).map((m) => m.subject)).toEqual([
      `Mail Org ${counter} has used 80% of this cycle's credits`,
    ]);
    expect(smtp.to(org.admin).map((m) => m.subject)).toContain(
      `Mail Org ${counter} has used 80% of this cycle's credits`,
    );
    await spend("b", allocation - Math.ceil(allocation * 0.8));
    await settle();
    expect(received(billingUser).map((m) => m.subject)).toEqual([
      `Mail Org ${counter} has used 80% of this cycle's credits`,
      `Mail Org ${counter} has used all of this cycle's credits`,
    ]);
  });

  it("reminds before a yearly renewal, once", async () => {
    const org = await organization({ interval: "year" });
    const subscription = await app.request("GET", "/api/v1/subscription", { token: org.adminKey });
    const periodEnd = new Date(subscription.body.currentPeriodEnd ?? subscription.body.periodEnd);
    const saved = app.clock.now();
    app.clock.set(new Date(periodEnd.getTime() - 20 * 86_400_000));
    await settle();
    expect(smtp.to(org.admin).filter((m) => m.subject?.includes("renews"))).toHaveLength(0);
    app.clock.set(new Date(periodEnd.getTime() - 10 * 86_400_000));
    await settle();
    await settle();
    const reminders = smtp.to(org.admin).filter((m) => m.subject?.includes("renews"));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]?.subject).toBe(
      `Mail Org ${counter}'s yearly subscription renews on ${new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" }).format(periodEnd)}`,
    );
    app.clock.set(saved);
  });

  it("mails a reset link for a forgotten password; the link sets a new one, once", async () => {
    const org = await organization({});
    const email = `forgot${counter}@mail.test`;
    const added = await app.request("POST", "/api/v1/users", {
      token: org.adminKey,
      body: { email, name: "Fay Forgot", role: "billing" },
    });
    await givePassword(app, added.body.id);
    const asked = await fetch(`${app.baseUrl}/api/auth/request-password-reset`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: app.baseUrl },
      body: JSON.stringify({ email, redirectTo: "/reset-password" }),
    });
    expect(asked.status).toBe(200);
    // An unknown address gets the same answer and no mail.
    const unknown = await fetch(`${app.baseUrl}/api/auth/request-password-reset`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: app.baseUrl },
      body: JSON.stringify({ email: "nobody@mail.test", redirectTo: "/reset-password" }),
    });
    expect(unknown.status).toBe(200);
    // better-auth may write the mail after it answers: wait for it.
    for (let waited = 0; received(email).length === 0 && waited < 5_000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await settle();
    }
    const [mail] = received(email);
    expect(mail?.subject).toBe("Reset your WiseParts Billing password");
    expect(smtp.to("nobody@mail.test")).toHaveLength(0);
    const link = /(https?:\/\/\S+reset-password\/\S+)/.exec(mail?.text ?? "")?.[1];
    if (!link) throw new Error("no reset link in the mail");
    const followed = await fetch(link.replace(/^https?:\/\/[^/]+/, app.baseUrl), { redirect: "manual" });
    const location = followed.headers.get("location") ?? "";
    const token = new URL(location, app.baseUrl).searchParams.get("token");
    expect(new URL(location, app.baseUrl).pathname).toBe("/reset-password");
    const reset = (newPassword: string) =>
      fetch(`${app.baseUrl}/api/auth/reset-password`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: app.baseUrl },
        body: JSON.stringify({ newPassword, token }),
      });
    expect((await reset("a-brand-new-secret")).status).toBe(200);
    expect((await signIn(app, email, "a-brand-new-secret")).status).toBe(200);
    expect((await reset("another-new-secret")).status).toBe(400);
  });

  it("keeps a message the SMTP server refuses and sends it once it accepts", async () => {
    const org = await organization({ requireApproval: true });
    const requesterKey = (await createApiKey(app, org.adminKey, "billing")).secret;
    smtp.refusing = true;
    const submitted = await app.request("POST", "/api/v1/change-requests", {
      token: requesterKey,
      body: { seats: 6, additionalCreditBlocks: 0, interval: "month" },
    });
    expect(submitted.status).toBe(201);
    await settle();
    expect(smtp.refused).toBeGreaterThan(0);
    const waiting = () => smtp.to(org.admin).filter((m) => m.subject?.includes("waits"));
    expect(waiting()).toHaveLength(0);
    const pending = await app.request("GET", "/api/v1/operator/emails", { token: operatorToken });
    const message = pending.body.data.find((m: { recipient: string }) => m.recipient === org.admin);
    expect(message).toMatchObject({ status: "pending", attempts: 1, template: "change_request_waiting" });
    expect(message.error).toMatch(/451|busy/i);

    smtp.refusing = false;
    offsetMs += 60 * 60_000;
    await settle();
    expect(waiting()).toHaveLength(1);
    const sent = await app.request("GET", "/api/v1/operator/emails", { token: operatorToken });
    expect(sent.body.data.find((m: { id: number }) => m.id === message.id)).toMatchObject({
      status: "sent",
      attempts: 2,
      error: null,
    });
  });
});

describe.each(dialects)("e-mail without SMTP_URL on %s", (dialect) => {
  let app: TestApp;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "wp-mail-"));
    app = await startTestApp(dialect, { now: start, env: { DATA_DIR: dataDir }, deliverEvents: {} });
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("writes each message as an .eml file under the data folder and lists it for the operator", async () => {
    const created = await provision(app, {
      name: "Eml Org",
      requireApproval: true,
      admin: { email: "admin@eml.test", name: "Ada" },
    });
    const billingKey = (await createApiKey(app, created.adminKey, "billing")).secret;
    await app.request("POST", "/api/v1/change-requests", {
      token: billingKey,
      body: { seats: 12, additionalCreditBlocks: 0, interval: "month" },
    });
    await app.events?.settle();
    const listed = await app.request("GET", "/api/v1/operator/emails", { token: operatorToken });
    expect(listed.status).toBe(200);
    const message = listed.body.data.find(
      (m: { template: string }) => m.template === "change_request_waiting",
    );
    expect(message).toMatchObject({
      recipient: "admin@eml.test",
      status: "sent",
      template: "change_request_waiting",
    });
    expect(message.file.startsWith(join(dataDir, "mail"))).toBe(true);
    expect(existsSync(message.file)).toBe(true);
    const parsed = await simpleParser(readFileSync(message.file));
    expect(parsed.subject).toBe("A change request for Eml Org waits for your approval");
    expect(parsed.text).toContain("Seats: 12");

    // The receipt of the first invoice carries its PDF in the .eml file too.
    const invoices = await app.request("GET", "/api/v1/invoices", { token: created.adminKey });
    const [first] = invoices.body.data;
    const receipt = listed.body.data.find((m: { template: string }) => m.template === "invoice_receipt");
    expect(receipt).toMatchObject({ recipient: "admin@eml.test", status: "sent" });
    const eml = await simpleParser(readFileSync(receipt.file));
    expect(eml.subject).toBe(`Invoice ${first.displayNumber} from WiseParts for Eml Org`);
    const [pdf] = eml.attachments;
    expect(pdf?.contentType).toBe("application/pdf");
    expect(pdf?.filename).toBe(`invoice-${first.displayNumber}.pdf`);
    expect(pdfText(pdf?.content)).toContain(first.displayNumber);

    const member = await app.request("GET", "/api/v1/operator/emails", { token: created.adminKey });
    expect(member.status).toBe(401);
  });
});
