import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, expectError } from "../support/fixtures.js";
import { dialects, operatorToken, provision, startTestApp, type TestApp } from "../support/harness.js";

describe.each(dialects)("catalog API on %s", (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect, { now: "2026-06-01T00:00:00Z" });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("returns the catalog the server bills with, with each currency's minor unit", async () => {
    const org = await provision(app);
    const response = await app.request("GET", "/api/v1/catalog", { token: org.adminKey });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      currencies: {
        USD: { minorUnit: 2, seat: { month: 4000, year: 38400 }, creditBlock: { month: 1000, year: 9600 } },
        EUR: { minorUnit: 2, seat: { month: 3700, year: 35520 }, creditBlock: { month: 900, year: 8640 } },
        GBP: { minorUnit: 2, seat: { month: 3200, year: 30720 }, creditBlock: { month: 800, year: 7680 } },
        JPY: { minorUnit: 0, seat: { month: 6000, year: 57600 }, creditBlock: { month: 1500, year: 14400 } },
      },
      creditsPerSeat: 1000,
      creditsPerBlock: 1000,
      limits: { seats: { min: 1, max: 500 }, creditBlocks: { min: 0, max: 100 } },
    });
    expect(response.body.currencies.USD.seat).toEqual(app.catalog.currencies.USD?.seat);
  });

  it("answers any authenticated caller, the spend key and the operator included", async () => {
    const org = await provision(app, { admin: { email: "c@catalog.test", name: "C" } });
    const spend = await createApiKey(app, org.adminKey, "spend");
    for (const token of [spend.secret, operatorToken]) {
      expect((await app.request("GET", "/api/v1/catalog", { token })).status).toBe(200);
    }
    expectError(await app.request("GET", "/api/v1/catalog"), 401, "unauthorized");
  });

  it("documents the new endpoints in the OpenAPI description", async () => {
    const response = await app.request("GET", "/api/openapi.json");
    expect(response.status).toBe(200);
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/users",
        "/api/v1/users/{id}/deactivate",
        "/api/v1/users/{id}/reactivate",
        "/api/v1/users/{id}/role",
        "/api/v1/billing-info",
        "/api/v1/invoices",
        "/api/v1/invoices/{id}",
        "/api/v1/audit-events",
        "/api/v1/api-keys",
        "/api/v1/api-keys/{id}/revoke",
        "/api/v1/catalog",
      ]),
    );
    expect(response.body.paths["/api/v1/billing-info"].put.requestBody).toBeDefined();
  });
});
