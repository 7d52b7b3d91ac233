import { and, asc, eq, sql } from "drizzle-orm";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import type { Caller } from "../../src/server/context.js";
import { auditEvents, creditBalances, invoices, subscriptions, users } from "../../src/server/db/schema.js";
import type { AppError } from "../../src/server/errors.js";
import { writeDirectSaves } from "../../src/server/modules/subscriptions/change-coalescer.js";
import { executeChanges } from "../../src/server/modules/subscriptions/subscriptions.service.js";
import { dialects, provision, startTestApp, type TestApp } from "../support/harness.js";

// Group commit of plan changes (decision 0012): direct saves to different organizations share one
// transaction and one reservation of invoice numbers; each still gets its own answer.

const changesPath = "/api/v1/subscription/changes";

function adminCaller(organizationId: string, requestId = "test"): Caller {
  return {
    principal: { kind: "member", organizationId, role: "admin", actorType: "api_key", actorId: "key-1" },
    requestId,
    source: "api 127.0.0.1 test",
  };
}

async function organizations(app: TestApp, howMany: number, seats = 10) {
  const created = [];
  for (let index = 0; index < howMany; index++) {
    const org = await provision(app, {
      name: `Batch ${index}`,
      seats,
      admin: { email: `admin${index}@batch.test`, name: `Admin ${index}` },
    });
    created.push({ id: org.organization.id as string, key: org.adminKey as string });
  }
  return created;
}

async function subscriptionOf(app: TestApp, organizationId: string) {
  const [row] = await app.handle.db
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.organizationId, organizationId));
  if (!row) throw new Error("no subscription");
  return row;
}

async function allInvoiceNumbers(app: TestApp) {
  const rows = await app.handle.db
    .select({ number: invoices.number })
    .from(invoices)
    .orderBy(asc(invoices.number));
  return rows.map((row) => Number(row.number));
}

async function changeEvents(app: TestApp, organizationId: string) {
  return app.handle.db
    .select()
    .from(auditEvents)
    .where(
      and(eq(auditEvents.organizationId, organizationId), eq(auditEvents.action, "subscription.changed")),
    )
    .orderBy(asc(auditEvents.id));
}

/** How many transactions wrote the change invoices (rows written by one carry its xmin). */
async function changeTransactions(app: TestApp) {
  const [row] = (
    (await app.handle.db.execute(
      sql`SELECT count(DISTINCT xmin::text) AS transactions FROM invoices WHERE kind = 'change'`,
    )) as unknown as { rows: { transactions: unknown }[] }
  ).rows;
  return Number(row?.transactions);
}

function consecutive(count: number, from = 1) {
  return Array.from({ length: count }, (_, index) => from + index);
}

describe.each(dialects)("group-committed plan changes on %s", (dialect) => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it("gives each of many concurrent changes across organizations its own invoice and audit event, numbers gapless", async () => {
    app = await startTestApp(dialect, { now: "2026-06-01T00:00:00Z" });
    const orgs = await organizations(app, 12);
    app.clock.set(new Date("2026-06-16T00:00:00Z")); // half of a 30-day month left
    // Even organizations add seats (+1 or +2), each with an invoice; odd ones lower one seat at a
    // time, which schedules the decrease for the renewal: no invoice, no account credit.
    const plan = orgs.flatMap((org, index) =>
      Array.from({ length: 5 }, (_, round) => ({
        org,
        delta: index % 2 === 0 ? 1 + (round % 2) : -1,
      })),
    );
    const responses = await Promise.all(
      plan.map(({ org, delta }) =>
        app!.request("POST", changesPath, { token: org.key, body: { seatsDelta: delta } }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(plan.map(() => 200));
    responses.forEach((response, index) => {
      const { delta } = plan[index]!;
      const invoice = response.body.invoice;
      if (delta < 0) {
        expect(invoice).toBeNull();
        expect(response.body.subscription.accountCredit).toBe(0);
        return;
      }
      expect(invoice.total).toBe(delta * 2000);
      expect(invoice.lines).toHaveLength(1);
      expect(invoice.lines[0]).toMatchObject({
        kind: "seats_added",
        quantity: delta,
        unitAmount: 4000,
        amount: delta * 2000,
        periodStart: "2026-06-16T00:00:00.000Z",
        periodEnd: "2026-07-01T00:00:00.000Z",
      });
    });

    // Gapless and unique across the deployment: 12 provisioning invoices, then one per increase.
    const invoiced = responses.filter((response) => response.body.invoice !== null);
    expect(invoiced).toHaveLength(30);
    expect(await allInvoiceNumbers(app)).toEqual(consecutive(12 + invoiced.length));
    const numbers = invoiced.map((response) => response.body.invoice.number as number);
    expect(new Set(numbers).size).toBe(invoiced.length);

    for (const org of orgs) {
      const deltas = plan.filter((item) => item.org === org).map((item) => item.delta);
      const total = 10 + deltas.reduce((sum, delta) => sum + delta, 0);
      const row = await subscriptionOf(app, org.id);
      // Increases apply now; decreases add up in the scheduled change (deltas count from it).
      expect(row.seats).toBe(Math.max(10, total));
      expect(row.scheduledSeats).toBe(total < 10 ? total : null);
      expect(row.version).toBe(1 + deltas.length);
      // One audit event per change, each naming its own invoice (or none), chained before → after.
      const events = await changeEvents(app, org.id);
      expect(events).toHaveLength(deltas.length);
      const invoiceIds = responses
        .filter((response, index) => plan[index]!.org === org && response.body.invoice !== null)
        .map((response) => response.body.invoice.id)
        .sort();
      expect(
        events
          .map((event) => (event.after as { invoiceId: string | null }).invoiceId)
          .filter((id) => id !== null)
          .sort(),
      ).toEqual(invoiceIds);
      const chain = events.map((event) => [
        (event.before as { scheduled: { seats: number } | null; seats: number }).scheduled?.seats ??
          (event.before as { seats: number }).seats,
        (event.after as { scheduled: { seats: number } | null; seats: number }).scheduled?.seats ??
          (event.after as { seats: number }).seats,
      ]);
      for (let index = 1; index < chain.length; index++) expect(chain[index]![0]).toBe(chain[index - 1]![1]);
    }

    // On PostgreSQL the concurrent changes shared transactions (rows written by one transaction
    // carry its xmin). PGlite runs one statement at a time on one connection, and here the client
    // shares the server's event loop, so requests reach the coalescer one by one.
    if (dialect === "postgres") {
      expect(await changeTransactions(app)).toBeLessThan(plan.length);
    }
  });

  it("refuses the one change that breaks a rule and applies the others of its batch", async () => {
    app = await startTestApp(dialect, { now: "2026-06-01T00:00:00Z" });
    const [first, floor, last] = await organizations(app, 3, 3);
    await app.handle.db.insert(users).values(
      [1, 2].map((index) => ({
        organizationId: floor!.id,
        email: `member${index}@floor.test`,
        name: `Member ${index}`,
        role: "member" as const,
        createdAt: app!.clock.now(),
      })),
    );
    app.clock.set(new Date("2026-06-16T00:00:00Z"));
    const before = await subscriptionOf(app, floor!.id);
    const outcomes = await app.handle.db.transaction((tx) =>
      executeChanges(
        tx,
        app!.deps,
        [first!, floor!, last!].map((org, index) => ({
          caller: adminCaller(org.id),
          organizationId: org.id,
          change: index === 1 ? { seats: 2 } : { seatsDelta: 2 },
          action: "subscription.changed",
        })),
      ),
    );
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, false, true]);
    const refused = outcomes[1] as { ok: false; error: AppError };
    expect(refused.error).toMatchObject({
      code: "seats_below_active_users",
      statusCode: 422,
      field: "seats",
      message: "You cannot reduce seats below your active user count (3). Deactivate users first.",
    });
    // The refused organization: nothing written. The others: in item order, consecutive numbers.
    expect(await subscriptionOf(app, floor!.id)).toEqual(before);
    expect(await changeEvents(app, floor!.id)).toHaveLength(0);
    const applied = outcomes.flatMap((outcome) => (outcome.ok ? [outcome.value] : []));
    expect(applied.map((change) => change.invoice?.number)).toEqual([4, 5]);
    expect(applied.map((change) => change.subscription.seats)).toEqual([5, 5]);
    expect(applied.map((change) => change.invoice?.total)).toEqual([4000, 4000]);
    expect(await allInvoiceNumbers(app)).toEqual(consecutive(5));
    expect(await changeTransactions(app)).toBe(1);
  });

  it("answers concurrent replays of one Idempotency-Key once, byte for byte, amid other organizations' changes", async () => {
    app = await startTestApp(dialect, { now: "2026-06-01T00:00:00Z" });
    const orgs = await organizations(app, 5);
    app.clock.set(new Date("2026-06-16T00:00:00Z"));
    const [keyed, ...others] = orgs;
    const replay = () =>
      app!.request("POST", changesPath, {
        token: keyed!.key,
        body: { seatsDelta: 2 },
        headers: { "idempotency-key": "two-more-seats" },
      });
    const responses = await Promise.all([
      ...Array.from({ length: 10 }, replay),
      ...others.map((org) => app!.request("POST", changesPath, { token: org.key, body: { seatsDelta: 1 } })),
      ...Array.from({ length: 10 }, replay),
    ]);
    expect(responses.map((response) => response.status)).toEqual(responses.map(() => 200));
    const replays = [...responses.slice(0, 10), ...responses.slice(10 + others.length)];
    expect(new Set(replays.map((response) => JSON.stringify(response.body))).size).toBe(1);
    expect(replays[0]!.body.subscription.seats).toBe(12);
    expect((await subscriptionOf(app, keyed!.id)).seats).toBe(12);
    expect(await changeEvents(app, keyed!.id)).toHaveLength(1);
    expect(await allInvoiceNumbers(app)).toEqual(consecutive(5 + 1 + others.length));

    const reused = await app.request("POST", changesPath, {
      token: keyed!.key,
      body: { seatsDelta: 3 },
      headers: { "idempotency-key": "two-more-seats" },
    });
    expect(reused.status).toBe(422);
    expect(reused.body).toEqual({
      error: {
        code: "idempotency_key_reused",
        message: "This Idempotency-Key was already used with a different request.",
        field: "Idempotency-Key",
      },
    });
  });

  it("settles a batch's keyed saves one by one: a replay, a reused key, and a refusal that frees its key", async () => {
    app = await startTestApp(dialect, { now: "2026-06-01T00:00:00Z" });
    const [a, b] = await organizations(app, 2);
    app.clock.set(new Date("2026-06-16T00:00:00Z"));
    const save = (org: { id: string }, body: object, key: string, hash = JSON.stringify(body)) => ({
      item: {
        caller: adminCaller(org.id),
        organizationId: org.id,
        change: body,
        action: "subscription.changed",
        directSave: { role: "admin" as const },
      },
      idempotency: { scope: `org:${org.id}`, key, requestHash: hash },
    });
    const results = await writeDirectSaves(app.deps, [
      save(a!, { seatsDelta: 1 }, "k1"),
      save(b!, { seats: 0 }, "k2"),
      save(a!, { seatsDelta: 1 }, "k1"),
      save(a!, { seatsDelta: 5 }, "k1"),
    ]);
    expect(results.map((result) => result.ok)).toEqual([true, false, true, false]);
    const [first, refused, replayed, reused] = results;
    expect(first).toEqual(replayed);
    expect((refused as { error: AppError }).error.code).toBe("seats_out_of_range");
    expect((reused as { error: AppError }).error.code).toBe("idempotency_key_reused");
    // The refused save left no key behind: corrected, the same key may run.
    const [retried] = await writeDirectSaves(app.deps, [save(b!, { seats: 11 }, "k2")]);
    expect(retried?.ok).toBe(true);
    expect((await subscriptionOf(app, b!.id)).seats).toBe(11);
    expect((await subscriptionOf(app, a!.id)).seats).toBe(11);
  });

  it("still refuses a direct save while a change request is pending, for a billing user and an admin", async () => {
    app = await startTestApp(dialect, { now: "2026-06-01T00:00:00Z" });
    const org = await provision(app, {
      name: "Pending Inc",
      seats: 10,
      requireApproval: true,
      admin: { email: "admin@pending.test", name: "Ada" },
    });
    const [bystander] = await organizations(app, 1);
    const billing = await app.request("POST", "/api/v1/api-keys", {
      token: org.adminKey,
      body: { name: "Finance", role: "billing" },
    });
    const billingKey = billing.body.secret as string;
    const refusedByApproval = await app.request("POST", changesPath, {
      token: billingKey,
      body: { seats: 12 },
    });
    expect(refusedByApproval.status).toBe(403);
    expect(refusedByApproval.body.error.code).toBe("approval_required");
    const submitted = await app.request("POST", "/api/v1/change-requests", {
      token: billingKey,
      body: { seats: 12, additionalCreditBlocks: 0, interval: "month" },
    });
    expect(submitted.status).toBe(201);
    const off = await app.request("PATCH", "/api/v1/organization/settings", {
      token: org.adminKey,
      body: { requireApproval: false },
    });
    expect(off.status).toBe(200);

    const [byBilling, byAdmin, other] = await Promise.all([
      app.request("POST", changesPath, { token: billingKey, body: { seatsDelta: 1 } }),
      app.request("POST", changesPath, { token: org.adminKey, body: { seatsDelta: 1 } }),
      app.request("POST", changesPath, { token: bystander!.key, body: { seatsDelta: 1 } }),
    ]);
    for (const refused of [byBilling, byAdmin]) {
      expect(refused!.status).toBe(409);
      expect(refused!.body.error.code).toBe("change_request_pending");
    }
    expect(other!.status).toBe(200);
    expect((await subscriptionOf(app, org.organization.id)).seats).toBe(10);
  });

  it("falls back to one transaction per change when the batch fails as a whole, so only the bad change fails", async () => {
    app = await startTestApp(dialect, { now: "2026-06-01T00:00:00Z" });
    const [good, broken, alsoGood] = await organizations(app, 3);
    // A subscription without a credit cycle cannot be granted credits: an internal error, not a rule.
    await app.handle.db.delete(creditBalances).where(eq(creditBalances.organizationId, broken!.id));
    app.clock.set(new Date("2026-06-16T00:00:00Z"));
    const results = await writeDirectSaves(
      app.deps,
      [good!, broken!, alsoGood!].map((org) => ({
        item: {
          caller: adminCaller(org.id),
          organizationId: org.id,
          change: { seatsDelta: 1 },
          action: "subscription.changed",
          directSave: { role: "admin" as const },
        },
      })),
    );
    expect(results.map((result) => result.ok)).toEqual([true, false, true]);
    expect(String((results[1] as { error: Error }).error.message)).toContain("no credit cycle");
    expect((await subscriptionOf(app, good!.id)).seats).toBe(11);
    expect((await subscriptionOf(app, broken!.id)).seats).toBe(10);
    expect((await subscriptionOf(app, alsoGood!.id)).seats).toBe(11);
    expect(await allInvoiceNumbers(app)).toEqual(consecutive(5));
  });
});

// PostgreSQL only: there the batch's BEGIN, lock and counts are pipelined (decision 0017).
describe.runIf(dialects.includes("postgres"))("pipelined plan-change batches on PostgreSQL", () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it("reads the active users after the lock, so it counts the user that the lock's previous holder added", async () => {
    app = await startTestApp("postgres", { now: "2026-06-01T00:00:00Z" });
    const [org] = await organizations(app, 1);
    const pool = app.handle.pool as NonNullable<TestApp["handle"]["pool"]>;
    const holder = await pool.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT 1 FROM subscriptions WHERE organization_id = $1 FOR UPDATE", [org!.id]);
      await holder.query(
        "INSERT INTO users (organization_id, email, name, role, created_at) VALUES ($1, 'late@batch.test', 'Late', 'member', now())",
        [org!.id],
      );
      // The batch's BEGIN, lock and count statements go out together; the lock waits for us.
      const saving = writeDirectSaves(app.deps, [
        {
          item: {
            caller: adminCaller(org!.id),
            organizationId: org!.id,
            change: { seatsDelta: 1 },
            action: "subscription.changed",
            directSave: { role: "admin" as const },
          },
        },
      ]);
      let waited = false;
      for (let attempt = 0; attempt < 100 && !waited; attempt++) {
        // Not on the holder: a transaction sees pg_stat_activity as it was when it first looked.
        const { rows } = await pool.query(
          "SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
        );
        waited = rows[0]?.waiting > 0;
        if (!waited) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(waited).toBe(true);
      await holder.query("COMMIT");
      const [result] = await saving;
      expect(result?.ok).toBe(true);
      const body = (result as { value: { body: { subscription: { activeUsers: number } } } }).value.body;
      expect(body.subscription.activeUsers).toBe(2);
    } finally {
      holder.release();
    }
  });

  it("answers outcome_unknown, never a second write, when a batch's answer is lost after its COMMIT", async () => {
    app = await startTestApp("postgres", { now: "2026-06-01T00:00:00Z" });
    const [org] = await organizations(app, 1);
    const query = pg.Client.prototype.query;
    let lost = 0;
    // The COMMIT queued behind the writes runs, then its answer is lost, as when the connection
    // breaks right after PostgreSQL committed.
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const result = (query as (...a: unknown[]) => unknown).apply(this, args);
      if (args[0] === "COMMIT" && (this as pg.Client & { pipeline?: boolean }).pipeline && lost === 0) {
        lost += 1;
        return (result as Promise<unknown>).then(() => {
          throw new Error("Connection terminated unexpectedly");
        });
      }
      return result;
    } as typeof query;
    let saved: Awaited<ReturnType<TestApp["request"]>>;
    try {
      saved = await app.request("POST", changesPath, { token: org!.key, body: { seatsDelta: 1 } });
    } finally {
      pg.Client.prototype.query = query;
    }
    expect(lost).toBe(1);
    expect(saved.status).toBe(503);
    expect((saved.body as { error: { code: string } }).error.code).toBe("outcome_unknown");
    // Saved once, not re-run: one more seat, one change invoice, and what a reload shows.
    expect((await subscriptionOf(app, org!.id)).seats).toBe(11);
    expect(await changeTransactions(app)).toBe(1);
    const reloaded = await app.request("GET", "/api/v1/subscription", { token: org!.key });
    expect((reloaded.body as { seats: number }).seats).toBe(11);
  });
});
