import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, provision, startTestApp, type TestApp } from "../support/harness.js";

describe.each(dialects)("subscription API on %s", (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect, { now: "2026-06-01T00:00:00Z" });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("provisions an organization whose period starts now", async () => {
    const created = await provision(app, { name: "Provisioned Inc", seats: 3 });
    expect(created.subscription).toMatchObject({
      seats: 3,
      interval: "month",
      periodStart: "2026-06-01T00:00:00.000Z",
      periodEnd: "2026-07-01T00:00:00.000Z",
      currency: "USD",
      accountCredit: 0,
      activeUsers: 1,
      pendingChangeRequest: null,
    });
    expect(created.invoice.total).toBe(3 * 4000);
    const fetched = await app.request("GET", "/api/v1/subscription", { token: created.adminKey });
    expect(fetched.status).toBe(200);
    expect(fetched.body.seats).toBe(3);
  });
});
