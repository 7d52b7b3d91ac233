import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, expectError } from "../support/fixtures.js";
import { dialects, provision, startTestApp, type TestApp } from "../support/harness.js";
import { browser, givePassword, signIn } from "../support/sessions.js";

const billingInfo = {
  companyName: "Formula Ltd",
  taxId: null,
  address: {
    line1: "1 Main St",
    line2: null,
    city: "Dublin",
    postalCode: "D01",
    region: null,
    country: "IE",
  },
  billingEmail: "billing@formula.test",
};

describe.each(dialects)("audit trail filters and CSV on %s", (dialect) => {
  let app: TestApp;
  let adminKey = "";
  let adminKeyId = "";
  let userId = "";
  let memberKey = "";
  let otherKey = "";
  beforeAll(async () => {
    app = await startTestApp(dialect, { now: "2026-06-01T00:00:00Z" });
    const created = await provision(app, { admin: { email: "ada@filters.test", name: "Ada Admin" } });
    adminKey = created.adminKey;
    adminKeyId = created.apiKey.id;
    app.clock.set(new Date("2026-06-02T09:00:00Z"));
    // A name a spreadsheet would run as a formula.
    const user = await app.request("POST", "/api/v1/users", {
      token: adminKey,
      body: { email: "eve@filters.test", name: "=HYPERLINK(1)", role: "admin" },
    });
    expect(user.status).toBe(201);
    userId = user.body.id;
    app.clock.set(new Date("2026-06-03T09:00:00Z"));
    await givePassword(app, userId);
    const session = await signIn(app, "eve@filters.test");
    const saved = await app.request("PUT", "/api/v1/billing-info", {
      body: billingInfo,
      headers: browser(app, session.cookie),
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    app.clock.set(new Date("2026-06-04T09:00:00Z"));
    memberKey = (await createApiKey(app, adminKey, "member")).secret;
    const other = await provision(app, { name: "Other", admin: { email: "o@other.test", name: "Otto" } });
    otherKey = other.adminKey;
  });
  afterAll(async () => {
    await app?.close();
  });

  const events = async (query: string, token = adminKey) =>
    app.request("GET", `/api/v1/audit-events${query}`, { token });
  const actions = async (query: string, token = adminKey) => {
    const page = await events(query, token);
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    return page.body.data.map((event: { action: string }) => event.action);
  };

  it("narrows the trail by actor, kind of change and UTC days", async () => {
    expect(await actions("")).toEqual([
      "api_key.created",
      "billing_info.updated",
      "user.created",
      "organization.provisioned",
    ]);
    expect(await actions(`?actorType=user&actorId=${userId}`)).toEqual(["billing_info.updated"]);
    expect(await actions(`?actorType=api_key&actorId=${adminKeyId}`)).toEqual([
      "api_key.created",
      "user.created",
    ]);
    expect(await actions("?actorType=operator")).toEqual(["organization.provisioned"]);
    expect(await actions("?area=user")).toEqual(["user.created"]);
    expect(await actions("?area=billing_info")).toEqual(["billing_info.updated"]);
    expect(await actions("?action=api_key.created")).toEqual(["api_key.created"]);
    expect(await actions("?from=2026-06-02&to=2026-06-03")).toEqual(["billing_info.updated", "user.created"]);
    expect(await actions("?from=2026-06-04")).toEqual(["api_key.created"]);
    expect(await actions("?to=2026-06-01")).toEqual(["organization.provisioned"]);
    expect(await actions("?area=user&from=2026-06-03")).toEqual([]);

    // Pages of one keep the filter.
    const first = await events("?limit=1&from=2026-06-02&to=2026-06-03");
    expect(first.body.data.map((event: { action: string }) => event.action)).toEqual([
      "billing_info.updated",
    ]);
    expect(await actions(`?limit=1&from=2026-06-02&to=2026-06-03&before=${first.body.nextCursor}`)).toEqual([
      "user.created",
    ]);
  });

  it("exports the filtered trail as CSV in plain words, formulas defused", async () => {
    const response = await fetch(
      `${app.baseUrl}/api/v1/audit-events/export.csv?from=2026-06-02&to=2026-06-03`,
      {
        headers: { authorization: `Bearer ${adminKey}` },
      },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="activity-2026-06-02-to-2026-06-03.csv"',
    );
    const [header, ...rows] = (await response.text()).trimEnd().split("\r\n");
    expect(header).toBe("time (UTC),who,action,what,from,request");
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(
      /^2026-06-03T09:00:00\.000Z,"'=HYPERLINK\(1\)",billing_info\.updated,"'=HYPERLINK\(1\) updated the billing information: Billing email ada@filters\.test → billing@formula\.test, Company name Acme Corp → Formula Ltd\.","the web app, 127\.0\.0\.1",/,
    );
    expect(rows[1]).toMatch(/^2026-06-02T09:00:00\.000Z,An API key,user\.created,/);
    const everything = await app.request("GET", "/api/v1/audit-events/export.csv", { token: adminKey });
    expect(everything.body.trimEnd().split("\r\n")).toHaveLength(5);
  });

  it("refuses a bad filter with 400 naming the field, and changes nothing", async () => {
    expectError(await events("?area=payroll"), 400, "invalid_request", "area");
    expectError(await events("?actorType=robot"), 400, "invalid_request", "actorType");
    expectError(await events("?from=2026-13-01"), 400, "invalid_request", "from");
    expectError(await events("?from=2026-02-30"), 400, "invalid_request", "from");
    expectError(await events("?to=yesterday"), 400, "invalid_request", "to");
    expectError(await events("?from=2026-06-03&to=2026-06-02"), 400, "invalid_request", "to");
    expectError(await events("?action=DROP TABLE"), 400, "invalid_request", "action");
    expectError(await events(`?actorId=${"x".repeat(101)}`), 400, "invalid_request", "actorId");
    expectError(await events("?actor=me"), 400, "invalid_request", "actor");
    const csv = await app.request("GET", "/api/v1/audit-events/export.csv?area=payroll", { token: adminKey });
    expectError(csv, 400, "invalid_request", "area");
    expectError(
      await app.request("GET", "/api/v1/audit-events/export.csv?limit=5", { token: adminKey }),
      400,
      "invalid_request",
      "limit",
    );
  });

  it("answers admins only, and only with their own organization's events", async () => {
    expectError(await events("", memberKey), 403, "forbidden");
    expectError(
      await app.request("GET", "/api/v1/audit-events/export.csv", { token: memberKey }),
      403,
      "forbidden",
    );
    expect(await actions(`?actorType=user&actorId=${userId}`, otherKey)).toEqual([]);
    expect(await actions("?area=billing_info", otherKey)).toEqual([]);
    const theirs = await app.request("GET", "/api/v1/audit-events/export.csv", { token: otherKey });
    expect(theirs.body.trimEnd().split("\r\n")).toEqual([
      "time (UTC),who,action,what,from,request",
      expect.stringMatching(/^2026-06-04T09:00:00\.000Z,WiseParts support,organization\.provisioned,/),
    ]);
  });
});
