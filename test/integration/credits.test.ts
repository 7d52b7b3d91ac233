import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertApiKey } from "../../src/server/modules/api-keys/api-keys.repository.js";
import { dialects, operatorToken, provision, startTestApp, type TestApp } from "../support/harness.js";

const occurredAt = "2026-06-02T12:00:00Z";

async function keyFor(app: TestApp, organizationId: string, role: "spend" | "member" | "billing") {
  const { secret } = await insertApiKey(app.handle.db, {
    organizationId,
    name: `${role} key`,
    role,
    createdBy: "test",
    now: app.clock.now(),
  });
  return secret;
}

async function organizationWith(app: TestApp, input: { seats: number; additionalCreditBlocks?: number }) {
  const created = await provision(app, {
    name: `Org ${Math.random().toString(36).slice(2, 8)}`,
    seats: input.seats,
    additionalCreditBlocks: input.additionalCreditBlocks ?? 0,
    admin: { email: `admin-${Math.random().toString(36).slice(2, 8)}@example.test`, name: "Ada" },
  });
  const organizationId = created.organization.id as string;
  return { organizationId, adminKey: created.adminKey, spendKey: await keyFor(app, organizationId, "spend") };
}

async function ledgerState(app: TestApp, organizationId: string) {
  const result = await app.handle.db.execute(sql`
    SELECT (SELECT balance FROM credit_balances WHERE organization_id = ${organizationId}) AS balance,
      (SELECT coalesce(sum(credits), 0) FROM credit_ledger WHERE organization_id = ${organizationId}) AS ledger_sum,
      (SELECT count(*) FROM credit_ledger WHERE organization_id = ${organizationId} AND kind = 'spend') AS spends,
      (SELECT coalesce(min(balance_after), 0) FROM credit_ledger WHERE organization_id = ${organizationId}) AS lowest`);
  const row = (result as unknown as { rows: Record<string, unknown>[] }).rows[0] ?? {};
  return {
    balance: Number(row.balance),
    ledgerSum: Number(row.ledger_sum),
    spends: Number(row.spends),
    lowest: Number(row.lowest),
  };
}

function shuffle<T>(items: T[], seed: number): T[] {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  for (let index = items.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [items[index], items[other]] = [items[other] as T, items[index] as T];
  }
  return items;
}

describe.each(dialects)("AI credits on %s", (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect, { now: "2026-06-01T00:00:00Z" });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("shows the cycle's allocation, use, remaining credits and reset time", async () => {
    const { adminKey } = await organizationWith(app, { seats: 3, additionalCreditBlocks: 2 });
    const credits = await app.request("GET", "/api/v1/credits", { token: adminKey });
    expect(credits.status).toBe(200);
    expect(credits.body).toMatchObject({
      cycleStart: "2026-06-01T00:00:00.000Z",
      resetAt: "2026-07-01T00:00:00.000Z",
      allocation: 5000,
      used: 0,
      remaining: 5000,
      nextAllocation: 5000,
      byFeature: [],
      notices: [],
    });
  });

  it("spends an event once: a repeat returns the first result and spends nothing", async () => {
    const { organizationId, spendKey } = await organizationWith(app, { seats: 1 });
    const event = { eventId: "evt-1", feature: "call_analysis", credits: 120, occurredAt };
    const first = await app.request("POST", "/api/v1/credits/spend", { token: spendKey, body: event });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      eventId: "evt-1",
      status: "spent",
      duplicate: false,
      credits: 120,
      balance: 880,
    });
    const repeat = await app.request("POST", "/api/v1/credits/spend", {
      token: spendKey,
      body: { ...event, credits: 999 },
    });
    expect(repeat.status).toBe(200);
    expect(repeat.body).toMatchObject({
      eventId: "evt-1",
      status: "spent",
      duplicate: true,
      credits: 120,
      feature: "call_analysis",
      balance: 880,
      occurredAt: "2026-06-02T12:00:00.000Z",
    });
    expect(await ledgerState(app, organizationId)).toMatchObject({ balance: 880, ledgerSum: 880, spends: 1 });
  });

  it("refuses a spend larger than the balance with 402 and spends nothing", async () => {
    const { organizationId, spendKey, adminKey } = await organizationWith(app, { seats: 1 });
    const refused = await app.request("POST", "/api/v1/credits/spend", {
      token: spendKey,
      body: { eventId: "big", feature: "customer_insights", credits: 1001, occurredAt },
    });
    expect(refused.status).toBe(402);
    expect(refused.body.error).toMatchObject({ code: "insufficient_credits", field: "credits" });
    expect(refused.body.error.message).toContain("1,001");
    expect(await ledgerState(app, organizationId)).toMatchObject({
      balance: 1000,
      ledgerSum: 1000,
      spends: 0,
    });
    const exact = await app.request("POST", "/api/v1/credits/spend", {
      token: spendKey,
      body: { eventId: "exact", feature: "customer_insights", credits: 1000, occurredAt },
    });
    expect(exact.body).toMatchObject({ status: "spent", balance: 0 });
    const credits = await app.request("GET", "/api/v1/credits", { token: adminKey });
    expect(credits.body).toMatchObject({ used: 1000, remaining: 0 });
  });

  it("rejects bad events with 400 naming the field", async () => {
    const { spendKey } = await organizationWith(app, { seats: 1 });
    const cases: [Record<string, unknown>, string][] = [
      [{ eventId: "a", feature: "x", credits: 0, occurredAt }, "credits"],
      [{ eventId: "a", feature: "x", credits: 1.5, occurredAt }, "credits"],
      [{ eventId: "a", feature: "x", credits: 1 }, "occurredAt"],
      [{ eventId: "a", feature: "x", credits: 1, occurredAt: "yesterday" }, "occurredAt"],
      [{ eventId: "", feature: "x", credits: 1, occurredAt }, "eventId"],
      [{ eventId: "a", feature: "", credits: 1, occurredAt }, "feature"],
    ];
    for (const [body, field] of cases) {
      const response = await app.request("POST", "/api/v1/credits/spend", { token: spendKey, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe("invalid_request");
      expect(response.body.error.field).toBe(field);
    }
    const unknown = await app.request("POST", "/api/v1/credits/spend", {
      token: spendKey,
      body: { eventId: "a", feature: "x", credits: 1, occurredAt, extra: true },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain("extra");
    const tooMany = await app.request("POST", "/api/v1/credits/spend/batch", {
      token: spendKey,
      body: {
        events: Array.from({ length: 1001 }, (_, index) => ({
          eventId: `e${index}`,
          feature: "x",
          credits: 1,
          occurredAt,
        })),
      },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.field).toBe("events");
  });

  it("lets a spend-only key spend and read credits, and nothing else", async () => {
    const { organizationId, spendKey } = await organizationWith(app, { seats: 1 });
    expect((await app.request("GET", "/api/v1/credits", { token: spendKey })).status).toBe(200);
    expect((await app.request("GET", "/api/v1/subscription", { token: spendKey })).status).toBe(403);
    const memberKey = await keyFor(app, organizationId, "member");
    const denied = await app.request("POST", "/api/v1/credits/spend", {
      token: memberKey,
      body: { eventId: "m", feature: "x", credits: 1, occurredAt },
    });
    expect(denied.status).toBe(403);
    const anonymous = await app.request("POST", "/api/v1/credits/spend", {
      body: { eventId: "m", feature: "x", credits: 1, occurredAt },
    });
    expect(anonymous.status).toBe(401);
  });

  it("200 concurrent spends of X against 100·X: exactly 100 succeed and the balance ends at 0", async () => {
    const { organizationId, spendKey } = await organizationWith(app, { seats: 5 });
    const credits = 50; // 5 seats × 1,000 = 5,000 = 100 × 50
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        app.request("POST", "/api/v1/credits/spend", {
          token: spendKey,
          body: { eventId: `c-${index}`, feature: "call_analysis", credits, occurredAt },
        }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(100);
    expect(statuses.filter((status) => status === 402)).toHaveLength(100);
    const state = await ledgerState(app, organizationId);
    expect(state).toMatchObject({ balance: 0, ledgerSum: 0, spends: 100 });
    expect(state.lowest).toBeGreaterThanOrEqual(0);
  });

  it("counts one event id once when 50 copies arrive at the same time", async () => {
    const { organizationId, spendKey } = await organizationWith(app, { seats: 1 });
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        app.request("POST", "/api/v1/credits/spend", {
          token: spendKey,
          body: { eventId: "same", feature: "call_analysis", credits: 7, occurredAt },
        }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(50).fill(200));
    expect(responses.filter((response) => !response.body.duplicate)).toHaveLength(1);
    expect(responses.every((response) => response.body.balance === 993)).toBe(true);
    expect(await ledgerState(app, organizationId)).toMatchObject({ balance: 993, ledgerSum: 993, spends: 1 });
  });

  it("10,000 events with 20% repeated ids in concurrent batches spend exactly the unique events", async () => {
    const { organizationId, spendKey, adminKey } = await organizationWith(app, {
      seats: 500,
      additionalCreditBlocks: 100,
    });
    const unique = Array.from({ length: 8000 }, (_, index) => ({
      eventId: `u-${index}`,
      feature: index % 3 === 0 ? "customer_insights" : "call_analysis",
      credits: 1 + ((index * 7919) % 20),
      occurredAt,
    }));
    const repeats = Array.from({ length: 2000 }, (_, index) => unique[(index * 37) % unique.length]!);
    const events = shuffle([...unique, ...repeats], 42);
    const batches = Array.from({ length: 10 }, (_, index) => events.slice(index * 1000, index * 1000 + 1000));
    const responses = await Promise.all(
      batches.map((batch) =>
        app.request("POST", "/api/v1/credits/spend/batch", { token: spendKey, body: { events: batch } }),
      ),
    );
    for (const response of responses) expect(response.status).toBe(200);
    const results = responses.flatMap((response) => response.body.results);
    expect(results).toHaveLength(10_000);
    expect(results.every((result: { status: string }) => result.status === "spent")).toBe(true);
    expect(results.filter((result: { duplicate: boolean }) => !result.duplicate)).toHaveLength(8000);
    const expected = unique.reduce((total, event) => total + event.credits, 0);
    const spent = responses.reduce((total, response) => total + response.body.spent, 0);
    expect(spent).toBe(expected);
    const state = await ledgerState(app, organizationId);
    expect(state).toMatchObject({ balance: 600_000 - expected, ledgerSum: 600_000 - expected, spends: 8000 });
    const credits = await app.request("GET", "/api/v1/credits", { token: adminKey });
    expect(credits.body.used).toBe(expected);
    const byFeature = Object.fromEntries(
      credits.body.byFeature.map((entry: { feature: string; credits: number }) => [
        entry.feature,
        entry.credits,
      ]),
    );
    expect(byFeature.call_analysis + byFeature.customer_insights).toBe(expected);
  });

  it("decides a batch in order, exactly as one-by-one spends would", async () => {
    const { spendKey } = await organizationWith(app, { seats: 1 });
    const event = (eventId: string, credits: number) => ({
      eventId,
      feature: "call_analysis",
      credits,
      occurredAt,
    });
    const response = await app.request("POST", "/api/v1/credits/spend/batch", {
      token: spendKey,
      body: { events: [event("a", 600), event("b", 500), event("a", 600), event("c", 400), event("d", 1)] },
    });
    expect(response.status).toBe(200);
    expect(
      response.body.results.map(
        (result: { eventId: string; status: string; duplicate: boolean; balance: number }) => [
          result.eventId,
          result.status,
          result.duplicate,
          result.balance,
        ],
      ),
    ).toEqual([
      ["a", "spent", false, 400],
      ["b", "insufficient_credits", false, 400],
      ["a", "spent", true, 400],
      ["c", "spent", false, 0],
      ["d", "insufficient_credits", false, 0],
    ]);
    expect(response.body).toMatchObject({ spent: 1000, balance: 0 });
  });

  it("records notices at 80% and 100% of the allocation, once each, with outbox events", async () => {
    const { organizationId, spendKey, adminKey } = await organizationWith(app, { seats: 1 });
    const spend = (eventId: string, credits: number) =>
      app.request("POST", "/api/v1/credits/spend", {
        token: spendKey,
        body: { eventId, feature: "call_analysis", credits, occurredAt },
      });
    await spend("n1", 799);
    expect((await app.request("GET", "/api/v1/credits", { token: adminKey })).body.notices).toEqual([]);
    await spend("n2", 1);
    await spend("n3", 100);
    let notices = (await app.request("GET", "/api/v1/credits", { token: adminKey })).body.notices;
    expect(notices.map((notice: { threshold: number }) => notice.threshold)).toEqual([80]);
    await spend("n4", 100);
    notices = (await app.request("GET", "/api/v1/credits", { token: adminKey })).body.notices;
    expect(notices).toMatchObject([
      { threshold: 80, used: 800, allocation: 1000 },
      { threshold: 100, used: 1000, allocation: 1000 },
    ]);
    const outbox = await app.handle.db.execute(
      sql`SELECT topic, payload FROM outbox_events WHERE organization_id = ${organizationId} AND topic = 'credits.low' ORDER BY id`,
    );
    const rows = (
      outbox as unknown as { rows: { topic: string; payload: { object: { threshold: number } } }[] }
    ).rows;
    expect(rows.map((row) => [row.topic, row.payload.object.threshold])).toEqual([
      ["credits.low", 80],
      ["credits.low", 100],
    ]);
  });

  it("lets the operator adjust credits with a reason, audited, never below zero", async () => {
    const { organizationId, adminKey, spendKey } = await organizationWith(app, { seats: 1 });
    await app.request("POST", "/api/v1/credits/spend", {
      token: spendKey,
      body: { eventId: "adj-1", feature: "call_analysis", credits: 300, occurredAt },
    });
    const path = `/api/v1/organizations/${organizationId}/credits/adjustments`;
    const added = await app.request("POST", path, {
      token: operatorToken,
      body: { credits: 500, reason: "Goodwill after an outage" },
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ allocation: 1500, remaining: 1200, credits: 500 });
    const credits = (await app.request("GET", "/api/v1/credits", { token: adminKey })).body;
    expect(credits).toMatchObject({ allocation: 1500, used: 300, remaining: 1200 });
    const tooMuch = await app.request("POST", path, {
      token: operatorToken,
      body: { credits: -1201, reason: "x" },
    });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.error).toMatchObject({ code: "insufficient_credits", field: "credits" });
    expect(
      (await app.request("POST", path, { token: adminKey, body: { credits: 5, reason: "x" } })).status,
    ).toBe(401);
    expect(
      (await app.request("POST", path, { token: operatorToken, body: { credits: 0, reason: "x" } })).body
        .error.field,
    ).toBe("credits");
    expect(
      (
        await app.request("POST", "/api/v1/organizations/not-an-id/credits/adjustments", {
          token: operatorToken,
          body: { credits: 5, reason: "x" },
        })
      ).status,
    ).toBe(404);
    expect(await ledgerState(app, organizationId)).toMatchObject({ balance: 1200, ledgerSum: 1200 });
    const audit = await app.handle.db.execute(
      sql`SELECT action, actor_type, after FROM audit_events WHERE organization_id = ${organizationId} AND action = 'credits.adjusted'`,
    );
    const events = (audit as unknown as { rows: { actor_type: string; after: { reason: string } }[] }).rows;
    expect(events.map((event) => [event.actor_type, event.after.reason])).toEqual([
      ["operator", "Goodwill after an outage"],
    ]);
  });

  it("pages through the ledger and charts daily use", async () => {
    const { spendKey, adminKey } = await organizationWith(app, { seats: 1 });
    for (let index = 0; index < 5; index++) {
      await app.request("POST", "/api/v1/credits/spend", {
        token: spendKey,
        body: {
          eventId: `l-${index}`,
          feature: "call_analysis",
          credits: 10,
          occurredAt: `2026-06-0${1 + (index % 2)}T08:00:00Z`,
        },
      });
    }
    const first = await app.request("GET", "/api/v1/credits/ledger?limit=4", { token: adminKey });
    expect(first.status).toBe(200);
    expect(first.body.entries.map((entry: { eventId: string | null }) => entry.eventId)).toEqual([
      "l-4",
      "l-3",
      "l-2",
      "l-1",
    ]);
    const second = await app.request(
      "GET",
      `/api/v1/credits/ledger?limit=4&before=${first.body.nextBefore}`,
      {
        token: adminKey,
      },
    );
    expect(
      second.body.entries.map((entry: { kind: string; credits: number }) => [entry.kind, entry.credits]),
    ).toEqual([
      ["spend", -10],
      ["grant", 1000],
    ]);
    expect(second.body.nextBefore).toBeNull();
    const daily = await app.request("GET", "/api/v1/credits/usage/daily", { token: adminKey });
    expect(daily.status).toBe(200);
    expect(daily.body.days).toEqual([
      { date: "2026-06-01", credits: 30, byFeature: { call_analysis: 30 } },
      { date: "2026-06-02", credits: 20, byFeature: { call_analysis: 20 } },
    ]);
    const bad = await app.request("GET", "/api/v1/credits/ledger?limit=0", { token: adminKey });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe("limit");
  });
});
