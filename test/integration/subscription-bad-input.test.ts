import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, invoices, organizations, subscriptions } from "../../src/server/db/schema.js";
import { dialects, operatorToken, provision, startTestApp, type TestApp } from "../support/harness.js";

async function snapshot(app: TestApp) {
  const tables = { invoices, auditEvents, organizations };
  const counts: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) {
    const [row] = await app.handle.db.select({ value: count() }).from(table);
    counts[name] = row?.value ?? 0;
  }
  const rows = await app.handle.db.select().from(subscriptions);
  return { counts, subscriptions: JSON.stringify(rows) };
}

describe.each(dialects)("bad input to subscription and provisioning on %s", (dialect) => {
  let app: TestApp;
  let adminKey: string;
  beforeAll(async () => {
    app = await startTestApp(dialect);
    ({ adminKey } = await provision(app, { seats: 10 }));
  });
  afterAll(async () => {
    await app?.close();
  });

  const changeCases: [string, unknown, number, string, string][] = [
    ["negative seats", { seats: -1 }, 400, "invalid_request", "seats"],
    ["fractional seats", { seats: 10.5 }, 400, "invalid_request", "seats"],
    ["huge seats", { seats: 1e300 }, 400, "invalid_request", "seats"],
    ["seats as a string", { seats: "12" }, 400, "invalid_request", "seats"],
    ["seats as null", { seats: null }, 400, "invalid_request", "seats"],
    ["nothing to change", {}, 400, "invalid_request", "seats"],
    ["unknown interval", { interval: "week" }, 400, "invalid_request", "interval"],
    ["unknown field", { seats: 11, discount: 100 }, 400, "invalid_request", "discount"],
    ["both seats and seatsDelta", { seats: 11, seatsDelta: 1 }, 400, "invalid_request", "seatsDelta"],
    ["seats above the catalog limit", { seats: 501 }, 422, "seats_out_of_range", "seats"],
    [
      "blocks above the catalog limit",
      { additionalCreditBlocks: 101 },
      422,
      "credit_blocks_out_of_range",
      "additionalCreditBlocks",
    ],
    ["a body that is an array", [1, 2], 400, "invalid_request", "body"],
  ];

  it.each(changeCases)("refuses %s and changes nothing", async (_name, body, status, code, field) => {
    const before = await snapshot(app);
    const response = await app.request("POST", "/api/v1/subscription/changes", { token: adminKey, body });
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
    expect(response.body.error.field).toBe(field);
    expect(response.body.error.message).toEqual(expect.any(String));
    expect(await snapshot(app)).toEqual(before);
  });

  it("refuses malformed JSON, a wrong content type and an oversized body", async () => {
    const before = await snapshot(app);
    const malformed = await app.request("POST", "/api/v1/subscription/changes", {
      token: adminKey,
      rawBody: '{"seats": 11',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe("malformed_json");
    const wrongType = await app.request("POST", "/api/v1/subscription/changes", {
      token: adminKey,
      rawBody: "seats=11",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(wrongType.status).toBe(415);
    expect(wrongType.body.error.code).toBe("unsupported_media_type");
    const oversized = await app.request("POST", "/api/v1/subscription/changes", {
      token: adminKey,
      rawBody: JSON.stringify({ seats: 11, padding: "x".repeat(2 * 1024 * 1024) }),
    });
    expect(oversized.status).toBe(413);
    expect(oversized.body.error.code).toBe("payload_too_large");
    expect(await snapshot(app)).toEqual(before);
  });

  it("refuses an Idempotency-Key that is not visible ASCII", async () => {
    const response = await app.request("POST", "/api/v1/subscription/changes", {
      token: adminKey,
      body: { seats: 11 },
      headers: { "idempotency-key": "x".repeat(300) },
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: "idempotency_key_invalid", field: "Idempotency-Key" });
  });

  const provisionCases: [string, Record<string, unknown>, number, string, string][] = [
    ["an unknown currency", { currency: "XXX" }, 400, "invalid_request", "currency"],
    ["a currency the catalog does not price", { currency: "CHF" }, 422, "currency_not_offered", "currency"],
    ["a name with a NUL character", { name: "Acme\u0000Corp" }, 400, "invalid_request", "name"],
    [
      "a bad admin e-mail",
      { admin: { email: "not-an-email", name: "A" } },
      400,
      "invalid_request",
      "admin.email",
    ],
    ["no admin", { admin: undefined }, 400, "invalid_request", "admin"],
    ["zero seats", { seats: 0 }, 400, "invalid_request", "seats"],
  ];

  it.each(provisionCases)(
    "provisioning refuses %s and creates nothing",
    async (_name, override, status, code, field) => {
      const before = await snapshot(app);
      const response = await app.request("POST", "/api/v1/organizations", {
        token: operatorToken,
        body: {
          name: "Bad Input Ltd",
          currency: "USD",
          seats: 5,
          additionalCreditBlocks: 0,
          interval: "month",
          admin: { email: "a@bad.test", name: "A" },
          ...override,
        },
      });
      expect(response.status).toBe(status);
      expect(response.body.error.code).toBe(code);
      expect(response.body.error.field).toBe(field);
      expect(await snapshot(app)).toEqual(before);
    },
  );

  it("keeps provisioning for the operator: an organization's admin key gets 401", async () => {
    const response = await app.request("POST", "/api/v1/organizations", {
      token: adminKey,
      body: {
        name: "X",
        currency: "USD",
        seats: 1,
        additionalCreditBlocks: 0,
        interval: "month",
        admin: { email: "x@x.test", name: "X" },
      },
    });
    expect(response.status).toBe(401);
  });
});
