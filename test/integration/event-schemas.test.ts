import { Ajv2020 } from "ajv/dist/2020.js";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventTypes } from "../../src/core/event-types.js";
import { rowsOf } from "../../src/server/db/adapter.js";
import { createApiKey } from "../support/fixtures.js";
import { dialects, operatorToken, provision, startTestApp, type TestApp } from "../support/harness.js";
import { type ReceivedEvent, WebhookReceiver } from "../support/webhook-receiver.js";

/**
 * Every event every action emits, as a host product's receiver gets it, matches its type's schema
 * in the OpenAPI document's `webhooks` section (the document the server serves).
 */
describe.each(dialects)("webhook payloads match their OpenAPI schemas on %s", (dialect) => {
  let app: TestApp;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    app = await startTestApp(dialect, { now: "2026-06-01T00:00:00Z", deliverEvents: {} });
  });
  afterAll(async () => {
    await app?.close();
    await receiver?.stop();
  });

  const ok = async (promise: Promise<{ status: number; body: any }>, status = 200) => {
    const response = await promise;
    if (response.status !== status) throw new Error(`${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };

  it("sends every event type, each valid against its schema, with the invoices' figures", async () => {
    const endpoint = await ok(
      app.request("POST", "/api/v1/webhook-endpoints", { token: operatorToken, body: { url: receiver.url } }),
      201,
    );
    receiver.secrets = [endpoint.secret];

    // An organization billed in Germany (19% VAT): changes, users, credits, a renewal, payments, credit notes.
    const created = await provision(app, {
      seats: 4,
      additionalCreditBlocks: 2,
      admin: { email: "ada@events.test", name: "Ada" },
    });
    const admin = created.adminKey as string;
    const orgId = created.organization.id as string;
    await ok(
      app.request("PUT", "/api/v1/billing-info", {
        token: admin,
        body: {
          companyName: "Events GmbH",
          billingEmail: "billing@events.test",
          address: { city: "Berlin", country: "DE" },
        },
      }),
    );
    const user = await ok(
      app.request("POST", "/api/v1/users", {
        token: admin,
        body: { email: "bea@events.test", name: "Bea", role: "billing" },
      }),
      201,
    );
    await ok(app.request("POST", `/api/v1/users/${user.id}/deactivate`, { token: admin }));
    await ok(app.request("POST", `/api/v1/users/${user.id}/reactivate`, { token: admin }));
    const raised = await ok(
      app.request("POST", "/api/v1/subscription/changes", {
        token: admin,
        body: { seats: 6, additionalCreditBlocks: 2, interval: "month" },
      }),
    );
    const invoice = raised.invoice;
    expect(invoice.tax.lines).toHaveLength(1);
    // A decrease waits for the renewal: subscription.change_scheduled.
    await ok(
      app.request("POST", "/api/v1/subscription/changes", {
        token: admin,
        body: { seats: 5, additionalCreditBlocks: 2, interval: "month" },
      }),
    );
    // Change requests: submitted, then approved, rejected or withdrawn.
    await ok(
      app.request("PATCH", "/api/v1/organization/settings", {
        token: admin,
        body: { requireApproval: true },
      }),
    );
    const billing = (await createApiKey(app, admin, "billing")).secret;
    let seats = 6;
    const submit = () =>
      ok(
        app.request("POST", "/api/v1/change-requests", {
          token: billing,
          body: { seats: ++seats, additionalCreditBlocks: 2, interval: "month" },
        }),
        201,
      );
    await ok(app.request("POST", `/api/v1/change-requests/${(await submit()).id}/approve`, { token: admin }));
    await ok(
      app.request("POST", `/api/v1/change-requests/${(await submit()).id}/reject`, {
        token: admin,
        body: { reason: "Not now" },
      }),
    );
    await ok(
      app.request("POST", `/api/v1/change-requests/${(await submit()).id}/withdraw`, { token: billing }),
    );
    // Credits: 80% and 100% used.
    const spendKey = (await createApiKey(app, admin, "spend")).secret;
    const { allocation } = await ok(app.request("GET", "/api/v1/credits", { token: admin }));
    for (const [eventId, credits] of [
      ["e1", Math.ceil(allocation * 0.8)],
      ["e2", allocation - Math.ceil(allocation * 0.8)],
    ] as const) {
      await ok(
        app.request("POST", "/api/v1/credits/spend", {
          token: spendKey,
          body: { eventId, feature: "call_analysis", credits, occurredAt: "2026-06-02T00:00:00Z" },
        }),
      );
    }
    // Payment, a correction and a void.
    await ok(
      app.request("POST", `/api/v1/organizations/${orgId}/invoices/${invoice.id}/payments`, {
        token: operatorToken,
        body: {
          amount: invoice.amountDue,
          currency: invoice.currency,
          method: "bank_transfer",
          paidAt: "2026-06-01T00:00:00Z",
        },
      }),
      201,
    );
    const note = await ok(
      app.request("POST", `/api/v1/organizations/${orgId}/invoices/${invoice.id}/credit-notes`, {
        token: operatorToken,
        body: { reason: "correction", amount: 100, memo: "Goodwill" },
      }),
      201,
    );
    // The renewal: subscription.updated (renewed, scheduled change applied), credits.reset, invoice.issued.
    await ok(
      app.request("POST", "/api/v1/test-clock", {
        token: operatorToken,
        body: { now: "2026-07-01T00:00:01Z" },
      }),
    );
    await app.events?.settle();

    const document = await ok(app.request("GET", "/api/openapi.json"));
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    const seen = new Map<string, ReceivedEvent[]>();
    for (const event of receiver.received) {
      const { webhookId, verified, at, ...body } = event;
      expect(webhookId).toBe(body.id);
      const schema = document.webhooks[body.type]?.post.requestBody.content["application/json"].schema;
      expect(schema, `no schema for ${body.type}`).toBeDefined();
      const validate = ajv.compile(schema);
      expect(
        validate(body),
        `${body.type}: ${JSON.stringify(validate.errors)}\n${JSON.stringify(body)}`,
      ).toBe(true);
      seen.set(body.type, [...(seen.get(body.type) ?? []), event]);
    }
    expect([...seen.keys()].sort()).toEqual([...eventTypes].sort());
    // Each event once (no retries needed), as many as the outbox holds.
    const outbox = await app.handle.db.execute(sql`SELECT count(*)::int AS n FROM outbox_events`);
    expect(receiver.received).toHaveLength(Number(rowsOf(outbox)[0]?.n));

    // The figures a host product needs, as the API shows them.
    const issued = seen.get("invoice.issued")?.find((event) => event.data.object.id === invoice.id);
    const shown = await ok(app.request("GET", `/api/v1/invoices/${invoice.id}`, { token: admin }));
    expect(issued?.data.object).toMatchObject({
      displayNumber: shown.displayNumber,
      issuedAt: shown.issuedAt,
      dueAt: shown.dueAt,
      subtotal: shown.subtotal,
      tax: { total: shown.tax.total, lines: shown.tax.lines },
      total: shown.total,
      currency: shown.currency,
      status: "open",
    });
    expect(shown.displayNumber).not.toBe(String(shown.number));
    const paid = seen.get("invoice.paid")?.[0]?.data.object;
    expect(paid).toMatchObject({
      id: invoice.id,
      displayNumber: shown.displayNumber,
      status: "paid",
      amountDue: 0,
    });
    const credited = seen.get("credit_note.issued")?.[0]?.data.object;
    expect(credited).toMatchObject({
      id: note.creditNote.id,
      displayNumber: note.creditNote.displayNumber,
      total: note.creditNote.total,
      tax: { total: note.creditNote.tax.total },
      invoice: { id: invoice.id, displayNumber: shown.displayNumber },
    });
    const renewal = seen.get("invoice.issued")?.find((event) => event.data.object.kind === "renewal");
    expect(renewal?.data.object.displayNumber).toMatch(/\d/);
    expect(renewal?.data.object.tax.lines[0]).toMatchObject({
      rate: "19",
      rateBasisPoints: 1900,
      country: "DE",
    });
  });
});
