import { type SQL, sql } from "drizzle-orm";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppDeps, Caller } from "../../src/server/context.js";
import type { Database, Transaction } from "../../src/server/db/client.js";
import type { AppError } from "../../src/server/errors.js";
import { insertApiKey } from "../../src/server/modules/api-keys/api-keys.repository.js";
import type { SpendEventBody } from "../../src/server/modules/credits/credits.schemas.js";
import { spendCredits, spendCreditsBatch } from "../../src/server/modules/credits/credits.service.js";
import { type DecidedSpends, SpendCoalescer } from "../../src/server/modules/credits/spend-coalescer.js";
import { dialects, provision, startTestApp, type TestApp } from "../support/harness.js";

const occurredAt = "2026-06-02T12:00:00Z";

async function rows<T = Record<string, unknown>>(app: TestApp, query: SQL): Promise<T[]> {
  return ((await app.handle.db.execute(query)) as unknown as { rows: T[] }).rows;
}

async function organization(app: TestApp, seats: number) {
  const suffix = Math.random().toString(36).slice(2, 10);
  const created = await provision(app, {
    name: `Spender ${suffix}`,
    seats,
    admin: { email: `admin-${suffix}@example.test`, name: "Ada" },
  });
  return created.organization.id as string;
}

const callerFor = (organizationId: string): Caller => ({
  principal: { kind: "member", organizationId, role: "spend", actorType: "api_key", actorId: "test" },
  requestId: "test",
  source: "test",
});

const event = (eventId: string, credits: number, extra: Partial<SpendEventBody> = {}): SpendEventBody => ({
  eventId,
  feature: "call_analysis",
  credits,
  occurredAt,
  ...extra,
});

/**
 * The app's dependencies with a database that counts transactions and lets a test act inside
 * each one after a given statement (to simulate another process). It hides the driver underneath
 * (`$client`, `session`), so the spend door runs each transaction through `db.transaction` and
 * each statement through `execute` one after another, as on PGlite, instead of pipelining them
 * on one pooled connection (db/adapter.ts), where no statement could be counted or acted after.
 */
function instrumented(
  app: TestApp,
  hook?: (tx: Transaction, transaction: number, statement: number) => Promise<void>,
) {
  const stats = { transactions: 0 };
  const db = app.deps.db;
  const wrap = (tx: Transaction, transaction: number): Transaction => {
    let statements = 0;
    return new Proxy(tx, {
      get(target, property) {
        if (property === "session") return undefined;
        const value = Reflect.get(target, property, target);
        if (property === "execute") {
          return async (query: SQL) => {
            const result = await target.execute(query);
            statements++;
            await hook?.(target, transaction, statements);
            return result;
          };
        }
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  };
  const counted = new Proxy(db, {
    get(target, property) {
      if (property === "$client") return undefined;
      const value = Reflect.get(target, property, target);
      if (property === "transaction") {
        return <T>(work: (tx: Transaction) => Promise<T>) => {
          const transaction = ++stats.transactions;
          return target.transaction((tx) => work(wrap(tx, transaction)));
        };
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  }) as Database;
  const deps: AppDeps = { ...app.deps, db: counted };
  return { deps, stats };
}

/** Settles each promise into its value or its error, so one rejection does not hide the others. */
async function settle<T>(promises: Promise<T>[]) {
  return (await Promise.allSettled(promises)).map((result) =>
    result.status === "fulfilled"
      ? { ok: true as const, value: result.value }
      : { ok: false as const, error: result.reason as AppError },
  );
}

async function ledgerOf(app: TestApp, organizationId: string) {
  const [state] = await rows(
    app,
    sql`SELECT b.balance,
          (SELECT coalesce(sum(credits), 0) FROM credit_ledger l WHERE l.organization_id = b.organization_id) AS total,
          (SELECT count(*) FROM credit_ledger l WHERE l.organization_id = b.organization_id AND kind = 'spend') AS spends,
          (SELECT coalesce(min(balance_after), 0) FROM credit_ledger l WHERE l.organization_id = b.organization_id) AS lowest
        FROM credit_balances b WHERE b.organization_id = ${organizationId}`,
  );
  return {
    balance: Number(state?.balance),
    total: Number(state?.total),
    spends: Number(state?.spends),
    lowest: Number(state?.lowest),
  };
}

describe.each(dialects)("group-committed spends on %s", (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect, { now: "2026-06-01T00:00:00Z" });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("writes concurrent single spends of several organizations in one transaction, each with its own result", async () => {
    const organizations = [
      await organization(app, 1),
      await organization(app, 2),
      await organization(app, 3),
    ];
    const { deps, stats } = instrumented(app);
    const spends = new SpendCoalescer(deps, { small: { concurrency: 1 } });
    // Submitted in one turn of the event loop: one batch.
    const responses = await Promise.all(
      organizations.flatMap((organizationId, index) =>
        [1, 2].map((round) =>
          spendCredits(spends, callerFor(organizationId), event(`e-${round}`, 100 * (index + 1))),
        ),
      ),
    );
    expect(stats.transactions).toBe(1);
    expect(responses).toEqual([
      {
        eventId: "e-1",
        status: "spent",
        duplicate: false,
        feature: "call_analysis",
        credits: 100,
        occurredAt: "2026-06-02T12:00:00.000Z",
        balance: 900,
      },
      {
        eventId: "e-2",
        status: "spent",
        duplicate: false,
        feature: "call_analysis",
        credits: 100,
        occurredAt: "2026-06-02T12:00:00.000Z",
        balance: 800,
      },
      {
        eventId: "e-1",
        status: "spent",
        duplicate: false,
        feature: "call_analysis",
        credits: 200,
        occurredAt: "2026-06-02T12:00:00.000Z",
        balance: 1800,
      },
      {
        eventId: "e-2",
        status: "spent",
        duplicate: false,
        feature: "call_analysis",
        credits: 200,
        occurredAt: "2026-06-02T12:00:00.000Z",
        balance: 1600,
      },
      {
        eventId: "e-1",
        status: "spent",
        duplicate: false,
        feature: "call_analysis",
        credits: 300,
        occurredAt: "2026-06-02T12:00:00.000Z",
        balance: 2700,
      },
      {
        eventId: "e-2",
        status: "spent",
        duplicate: false,
        feature: "call_analysis",
        credits: 300,
        occurredAt: "2026-06-02T12:00:00.000Z",
        balance: 2400,
      },
    ]);
    for (const [index, organizationId] of organizations.entries()) {
      expect(await ledgerOf(app, organizationId)).toEqual({
        balance: 1000 * (index + 1) - 200 * (index + 1),
        total: 1000 * (index + 1) - 200 * (index + 1),
        spends: 2,
        lowest: 1000 * (index + 1) - 200 * (index + 1),
      });
    }
    // One transaction wrote every entry (PostgreSQL's xmin is the inserting transaction's id).
    const writers = await rows(
      app,
      sql`SELECT DISTINCT xmin::text AS xid FROM credit_ledger WHERE kind = 'spend'
          AND organization_id IN (${sql.join(
            organizations.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})`,
    );
    expect(writers).toHaveLength(1);
  });

  it("answers a repeated event id inside one batch with the first result, whatever the repeat's body", async () => {
    const organizationId = await organization(app, 1);
    const { deps, stats } = instrumented(app);
    const spends = new SpendCoalescer(deps, { small: { concurrency: 1 } });
    const caller = callerFor(organizationId);
    const [first, repeat, batch, after] = await Promise.all([
      spendCredits(spends, caller, event("same", 100)),
      spendCredits(
        spends,
        caller,
        event("same", 999, { feature: "customer_insights", occurredAt: "2026-06-03T00:00:00Z" }),
      ),
      spendCreditsBatch(spends, caller, { events: [event("same", 5), event("other", 50)] }),
      spendCredits(spends, caller, event("later", 10)),
    ]);
    expect(stats.transactions).toBe(1);
    expect(first).toMatchObject({ duplicate: false, credits: 100, balance: 900 });
    expect(repeat).toEqual({
      eventId: "same",
      status: "spent",
      duplicate: true,
      feature: "call_analysis",
      credits: 100,
      occurredAt: "2026-06-02T12:00:00.000Z",
      balance: 900,
    });
    expect(batch).toEqual({
      results: [
        {
          eventId: "same",
          status: "spent",
          duplicate: true,
          feature: "call_analysis",
          credits: 100,
          balance: 900,
        },
        {
          eventId: "other",
          status: "spent",
          duplicate: false,
          feature: "call_analysis",
          credits: 50,
          balance: 850,
        },
      ],
      spent: 50,
      balance: 850,
      cycleStart: "2026-06-01T00:00:00.000Z",
      cycleEnd: "2026-07-01T00:00:00.000Z",
    });
    expect(after).toMatchObject({ duplicate: false, credits: 10, balance: 840 });
    expect(await ledgerOf(app, organizationId)).toEqual({ balance: 840, total: 840, spends: 3, lowest: 840 });
    // A later batch finds the recorded id and answers the same first result.
    const again = await spendCredits(spends, caller, event("same", 1));
    expect(again).toEqual(repeat);
  });

  it("refuses one request with 402 without touching the others of the same batch", async () => {
    const poor = await organization(app, 1);
    const rich = await organization(app, 5);
    const { deps, stats } = instrumented(app);
    const spends = new SpendCoalescer(deps, { small: { concurrency: 1 } });
    const results = await settle([
      spendCredits(spends, callerFor(poor), event("a", 600)),
      spendCredits(spends, callerFor(poor), event("b", 500)),
      spendCredits(spends, callerFor(rich), event("b", 500)),
      spendCredits(spends, callerFor(poor), event("c", 400)),
      spendCredits(spends, callerFor(poor), event("d", 1)),
    ]);
    expect(stats.transactions).toBe(1);
    expect(results.map((result) => (result.ok ? result.value.balance : result.error.statusCode))).toEqual([
      400, 402, 4500, 0, 402,
    ]);
    const refused = results[1];
    if (!refused || refused.ok) throw new Error("expected a refusal");
    expect(refused.error).toMatchObject({
      code: "insufficient_credits",
      statusCode: 402,
      field: "credits",
      details: { required: 500, remaining: 400, resetAt: "2026-07-01T00:00:00.000Z" },
    });
    expect(refused.error.message).toBe(
      "This event needs 500 credits and 400 remain in this cycle (it resets at 2026-07-01T00:00:00.000Z).",
    );
    expect(await ledgerOf(app, poor)).toEqual({ balance: 0, total: 0, spends: 2, lowest: 0 });
    expect(await ledgerOf(app, rich)).toEqual({ balance: 4500, total: 4500, spends: 1, lowest: 4500 });
    // A refused event id was not recorded: it may succeed once credits are there.
    const retried = await spendCredits(spends, callerFor(rich), event("d", 1));
    expect(retried).toMatchObject({ duplicate: false, balance: 4499 });
  });

  it("answers 404 for an organization without a credit cycle, alone", async () => {
    const organizationId = await organization(app, 1);
    const { deps, stats } = instrumented(app);
    const spends = new SpendCoalescer(deps, { small: { concurrency: 1 } });
    const results = await settle([
      spendCredits(spends, callerFor(organizationId), event("x", 1)),
      spendCredits(spends, callerFor("00000000-0000-4000-8000-000000000000"), event("x", 1)),
    ]);
    expect(stats.transactions).toBe(1);
    expect(results[0]).toMatchObject({ ok: true, value: { balance: 999 } });
    expect(results[1]).toMatchObject({ ok: false, error: { statusCode: 404, code: "not_found" } });
  });

  it("writes each request on its own when the batch fails, so a bad request fails alone", async () => {
    const organizationId = await organization(app, 1);
    const { deps, stats } = instrumented(app);
    const spends = new SpendCoalescer(deps, { small: { concurrency: 1 } });
    // Not a uuid: the statement that locks the balance rows fails for the whole batch.
    const results = await settle([
      spends.submit({ organizationId, events: [event("ok-1", 10)] }),
      spends.submit({ organizationId: "not-a-uuid", events: [event("bad", 10)] }),
      spends.submit({ organizationId, events: [event("ok-2", 20)] }),
    ]);
    // The failed batch, then one transaction per request.
    expect(stats.transactions).toBe(4);
    expect(results.map((result) => result.ok)).toEqual([true, false, true]);
    expect(results[0]).toMatchObject({ ok: true, value: { spent: 10, cycle: { balance: 990 } } });
    expect(results[2]).toMatchObject({ ok: true, value: { spent: 20, cycle: { balance: 970 } } });
    expect(await ledgerOf(app, organizationId)).toEqual({ balance: 970, total: 970, spends: 2, lowest: 970 });
  });

  it("retries the batch when another writer records one of its event ids first", async () => {
    const organizationId = await organization(app, 1);
    // In the first transaction, after the recorded ids were read (statement 2), a ledger entry for
    // "raced" appears: the batch's insert hits the unique event key.
    const { deps, stats } = instrumented(app, async (tx, transaction, statement) => {
      if (transaction !== 1 || statement !== 2) return;
      await tx.execute(sql`
        INSERT INTO credit_ledger (organization_id, cycle_start, kind, credits, event_id, feature, balance_after, occurred_at, recorded_at)
        VALUES (${organizationId}::uuid, '2026-06-01T00:00:00Z', 'spend', 0, 'raced', 'call_analysis', 1000, now(), now())`);
    });
    const spends = new SpendCoalescer(deps, { small: { concurrency: 1 } });
    const responses = await Promise.all([
      spendCredits(spends, callerFor(organizationId), event("calm", 10)),
      spendCredits(spends, callerFor(organizationId), event("raced", 20)),
    ]);
    expect(stats.transactions).toBe(2);
    expect(responses).toMatchObject([
      { eventId: "calm", duplicate: false, balance: 990 },
      { eventId: "raced", duplicate: false, balance: 970 },
    ]);
    expect(await ledgerOf(app, organizationId)).toEqual({ balance: 970, total: 970, spends: 2, lowest: 970 });
  });

  it("runs the batch again when another request stores one of its keys first, and answers it from that one", async () => {
    const organizationId = await organization(app, 1);
    const scope = `org:${organizationId}:api_key:test`;
    const claim = (key: string) => ({ scope, key, requestHash: `hash-${key}` });
    // In the first transaction, after the keys were read (statement 2), another request of the same
    // caller (say, a change with the same key) stores "raced": the batch's key insert hits it.
    const { deps, stats } = instrumented(app, async (tx, transaction, statement) => {
      if (transaction !== 1 || statement !== 2) return;
      await tx.execute(sql`
        INSERT INTO idempotency_keys (scope, key, request_hash, status_code, response_body, created_at)
        VALUES (${scope}, 'raced', 'another request', 200, '{}'::jsonb, now())`);
    });
    const spends = new SpendCoalescer(deps, { small: { concurrency: 1 } });
    const responses = await Promise.all([
      spendCredits(spends, callerFor(organizationId), event("calm", 10), claim("calm")),
      spendCredits(spends, callerFor(organizationId), event("raced", 20), claim("raced")),
    ]);
    // The first transaction rolled back (with the row the hook wrote in it); the second ran both.
    expect(stats.transactions).toBe(2);
    expect(responses).toMatchObject([
      { eventId: "calm", duplicate: false, balance: 990 },
      { eventId: "raced", duplicate: false, balance: 970 },
    ]);
    const stored = await rows<{ key: string; status_code: number }>(
      app,
      sql`SELECT key, status_code FROM idempotency_keys WHERE scope = ${scope} ORDER BY key`,
    );
    expect(stored.map((row) => [row.key, Number(row.status_code)])).toEqual([
      ["calm", 200],
      ["raced", 200],
    ]);
    // A replay is answered from the stored response, and spends nothing.
    expect(await spendCredits(spends, callerFor(organizationId), event("raced", 20), claim("raced"))).toEqual(
      responses[1],
    );
    expect(await ledgerOf(app, organizationId)).toEqual({ balance: 970, total: 970, spends: 2, lowest: 970 });
  });

  it("runs the reset of ended cycles, then spends those requests in the new cycles", async () => {
    const first = await organization(app, 1);
    const second = await organization(app, 2);
    const { deps } = instrumented(app);
    const spends = new SpendCoalescer(deps, { small: { concurrency: 1 } });
    await spendCredits(spends, callerFor(first), event("june", 700));
    app.clock.set(new Date("2026-07-01T00:00:05Z"));
    try {
      const [july, other] = await Promise.all([
        spendCredits(spends, callerFor(first), event("july", 300)),
        spendCreditsBatch(spends, callerFor(second), { events: [event("july", 300)] }),
      ]);
      expect(july).toMatchObject({ duplicate: false, balance: 700 });
      expect(other).toMatchObject({ spent: 300, balance: 1700, cycleStart: "2026-07-01T00:00:00.000Z" });
      const grants = await rows(
        app,
        sql`SELECT count(*) AS grants FROM credit_ledger
            WHERE organization_id = ${first}::uuid AND kind = 'grant' AND cycle_start = '2026-07-01T00:00:00Z'`,
      );
      expect(Number(grants[0]?.grants)).toBe(1);
      expect(await ledgerOf(app, first)).toMatchObject({ balance: 700, total: 700 });
    } finally {
      app.clock.set(new Date("2026-06-01T00:00:00Z"));
    }
  });

  it("keeps every balance equal to its ledger and never negative when two writers race with repeated ids", async () => {
    const organizations = [
      await organization(app, 1),
      await organization(app, 1),
      await organization(app, 2),
    ];
    // Two coalescers on one database, as two server processes would be.
    const writers = [
      new SpendCoalescer(app.deps, {}),
      new SpendCoalescer(app.deps, { small: { maxRequests: 7 }, large: { maxRequests: 2 }, largeFrom: 10 }),
    ];
    let state = 7;
    const random = (below: number) => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state % below;
    };
    const requests = Array.from({ length: 400 }, (_, index) => {
      const organizationId = organizations[random(organizations.length)] as string;
      const events = Array.from({ length: index % 5 === 0 ? 1 + random(20) : 1 }, () => {
        const id = random(120);
        // The credits depend on the id only, so every copy of an event is the same event.
        return event(`r-${id}`, 1 + ((id * 37) % 60));
      });
      return { writer: writers[index % 2] as SpendCoalescer, organizationId, events };
    });
    const results = await Promise.all(
      requests.map((request) =>
        request.writer.submit({ organizationId: request.organizationId, events: request.events }),
      ),
    );
    for (const organizationId of organizations) {
      const ledger = await ledgerOf(app, organizationId);
      expect(ledger.balance).toBe(ledger.total);
      expect(ledger.lowest).toBeGreaterThanOrEqual(0);
      const duplicated = await rows(
        app,
        sql`SELECT event_id FROM credit_ledger WHERE organization_id = ${organizationId}::uuid AND event_id IS NOT NULL
            GROUP BY event_id HAVING count(*) > 1`,
      );
      expect(duplicated).toEqual([]);
      // Every answer about an accepted event is its one recorded result.
      const recorded = new Map(
        (
          await rows<{ event_id: string; balance_after: number }>(
            app,
            sql`SELECT event_id, balance_after FROM credit_ledger WHERE organization_id = ${organizationId}::uuid AND kind = 'spend'`,
          )
        ).map((row) => [row.event_id, Number(row.balance_after)]),
      );
      const answers = requests.flatMap((request, index) =>
        request.organizationId === organizationId ? (results[index]?.outcomes ?? []) : [],
      );
      for (const answer of answers) {
        if (answer.status === "spent") expect(recorded.get(answer.eventId)).toBe(answer.balanceAfter);
        if (answer.status === "duplicate")
          expect(recorded.get(answer.eventId)).toBe(answer.first.balanceAfter);
      }
      expect(answers.filter((answer) => answer.status === "spent")).toHaveLength(recorded.size);
    }
  });

  // PostgreSQL only (PGlite plans every statement): registered there, not skipped here.
  if (dialect === "postgres") {
    it("reads recorded event ids with a plan made on every run, never one kept from when the ledger was small", async () => {
      const organizationId = await organization(app, 5);
      const spends = new SpendCoalescer(app.deps, { small: { concurrency: 1 } });
      // More runs than PostgreSQL's five before it keeps a prepared statement's generic plan.
      const answers: DecidedSpends[] = [];
      for (let round = 0; round < 8; round++) {
        answers.push(
          await spends.submit({
            organizationId,
            events: [event(`plan-${round}`, 10), event(`plan-${Math.max(0, round - 1)}`, 10)],
          }),
        );
      }
      // The read still answers: every repeat of an earlier round's id gets that round's result.
      for (const [round, decided] of answers.entries()) {
        if (round === 0) continue;
        expect(decided.outcomes[1]).toMatchObject({
          status: "duplicate",
          first: { balanceAfter: 5000 - 10 * round },
        });
      }
      const pool = app.handle.pool as pg.Pool;
      const clients = await Promise.all(Array.from({ length: pool.idleCount }, () => pool.connect()));
      const prepared: string[] = [];
      try {
        for (const client of clients) {
          const result = await client.query<{ statement: string }>(
            "SELECT statement FROM pg_prepared_statements",
          );
          prepared.push(...result.rows.map((row) => row.statement));
        }
      } finally {
        for (const client of clients) client.release();
      }
      // The spend door's other statements are prepared; the read of recorded ids is not.
      expect(prepared.some((text) => text.includes("FOR UPDATE"))).toBe(true);
      expect(prepared.filter((text) => /FROM credit_ledger\s+WHERE organization_id/.test(text))).toEqual([]);
    });
  }

  it("spends over HTTP in fewer transactions than requests, each answer its own", async () => {
    const organizations = [
      await organization(app, 1),
      await organization(app, 1),
      await organization(app, 1),
    ];
    const keys = await Promise.all(
      organizations.map(async (organizationId) => {
        const { secret } = await insertApiKey(app.handle.db, {
          organizationId,
          name: "ai",
          role: "spend",
          createdBy: "test",
          now: app.clock.now(),
        });
        return secret;
      }),
    );
    // The client opens its 90 connections first (as a service's keep-alive pool would have them),
    // so the spends arrive together rather than one per new connection.
    await Promise.all(
      organizations.flatMap((_, organization) =>
        Array.from({ length: 30 }, () =>
          app.request("GET", "/api/v1/credits", { token: keys[organization] }),
        ),
      ),
    );
    const cached = { marker: "quote snapshot" } as never;
    const subscriptions = app.deps.caches.subscriptions;
    for (const organizationId of organizations) {
      subscriptions.set(organizationId, organizationId, cached, subscriptions.ticket());
    }
    // 30 spends of 50 against 1,000 credits per organization: 20 accepted, 10 refused each.
    const responses = await Promise.all(
      organizations.flatMap((_, organization) =>
        Array.from({ length: 30 }, (_, index) =>
          app.request("POST", "/api/v1/credits/spend", {
            token: keys[organization],
            body: event(`h-${index}`, 50),
          }),
        ),
      ),
    );
    for (const [organization, organizationId] of organizations.entries()) {
      const mine = responses.slice(organization * 30, organization * 30 + 30);
      const accepted = mine.filter((response) => response.status === 200);
      expect(accepted).toHaveLength(20);
      expect(accepted.map((response) => response.body.balance).sort((a: number, b: number) => b - a)).toEqual(
        Array.from({ length: 20 }, (_, index) => 950 - 50 * index),
      );
      for (const response of mine.filter((candidate) => candidate.status !== 200)) {
        expect(response.status).toBe(402);
        expect(response.body.error).toMatchObject({
          code: "insufficient_credits",
          details: { remaining: 0 },
        });
      }
      expect(await ledgerOf(app, organizationId)).toEqual({ balance: 0, total: 0, spends: 20, lowest: 0 });
    }
    const [{ transactions, entries } = { transactions: 0, entries: 0 }] = await rows<{
      transactions: number;
      entries: number;
    }>(
      app,
      sql`SELECT count(DISTINCT xmin::text) AS transactions, count(*) AS entries FROM credit_ledger
          WHERE kind = 'spend' AND organization_id IN (${sql.join(
            organizations.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})`,
    );
    expect(Number(entries)).toBe(60);
    expect(Number(transactions)).toBeLessThan(60);
    // A spend changes nothing the read caches hold: what they held is still there.
    for (const organizationId of organizations) {
      expect(app.deps.caches.subscriptions.get(organizationId)).toBe(cached);
    }
  });

  it("keeps the Idempotency-Key path: a replay answers the same bytes, not a repeat's result", async () => {
    const organizationId = await organization(app, 1);
    const { secret } = await insertApiKey(app.handle.db, {
      organizationId,
      name: "ai",
      role: "spend",
      createdBy: "test",
      now: app.clock.now(),
    });
    const post = async (body: unknown, key?: string) => {
      const response = await fetch(`${app.baseUrl}/api/v1/credits/spend`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${secret}`,
          "content-type": "application/json",
          ...(key ? { "idempotency-key": key } : {}),
        },
        body: JSON.stringify(body),
      });
      return { status: response.status, text: await response.text() };
    };
    const body = event("keyed", 120);
    const first = await post(body, "key-1");
    expect(first.status).toBe(200);
    expect(JSON.parse(first.text)).toMatchObject({ duplicate: false, balance: 880 });
    const replays = await Promise.all([post(body, "key-1"), post(body, "key-1")]);
    for (const replay of replays) expect(replay).toEqual(first);
    // Without the key the event id decides: the first result, marked as a repeat.
    const repeat = await post(body);
    expect(JSON.parse(repeat.text)).toMatchObject({ duplicate: true, credits: 120, balance: 880 });
    const reused = await post(event("other", 1), "key-1");
    expect(reused.status).toBe(422);
    expect(JSON.parse(reused.text).error.code).toBe("idempotency_key_reused");
    // A reused key whose new request would be refused is refused as reused, not as a 402.
    const reusedRefused = await post(event("too-much", 5000), "key-1");
    expect(reusedRefused.status).toBe(422);
    expect(JSON.parse(reusedRefused.text).error.code).toBe("idempotency_key_reused");
    // A refused request keeps no key: the corrected retry with the same key spends.
    expect((await post(event("too-much", 5000), "key-2")).status).toBe(402);
    const corrected = await post(event("fits", 80), "key-2");
    expect(corrected.status).toBe(200);
    expect(JSON.parse(corrected.text)).toMatchObject({ eventId: "fits", duplicate: false, balance: 800 });
    expect(await ledgerOf(app, organizationId)).toEqual({ balance: 800, total: 800, spends: 2, lowest: 800 });
  });
});
