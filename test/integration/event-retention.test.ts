import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../../src/server/db/adapter.js";
import { purgeDeliveredEvents } from "../../src/server/jobs/purge-events.js";
import { startScheduler } from "../../src/server/jobs/scheduler.js";
import { dialects, provision, startTestApp, type TestApp } from "../support/harness.js";
import { WebhookReceiver } from "../support/webhook-receiver.js";

const day = 86_400_000;
/** The billing clock starts at the wall time: deliveries and e-mail are stamped with the wall time. */
const t0 = Math.floor(Date.now() / 1000) * 1000;
const at = (days: number) => new Date(t0 + days * day);

describe.each(dialects)("the retention of delivered events on %s", (dialect) => {
  let app: TestApp;
  let dataDir: string;
  const good = new WebhookReceiver();
  const failing = new WebhookReceiver();
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "wp-retention-"));
    await good.start();
    await failing.start();
    failing.status = 500;
    app = await startTestApp(dialect, {
      now: new Date(t0).toISOString(),
      env: { DATA_DIR: dataDir },
      deliverEvents: {},
    });
  });
  afterAll(async () => {
    await app?.close();
    await good.stop();
    await failing.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const ids = async (query: ReturnType<typeof sql>) =>
    rowsOf(await app.handle.db.execute(query)).map((row) => Number(row.id));
  const present = async (table: "webhook_deliveries" | "email_messages" | "outbox_events", list: number[]) =>
    ids(
      sql`SELECT id FROM ${sql.raw(table)} WHERE id = ANY (${`{${list.join(",")}}`}::bigint[]) ORDER BY id`,
    );

  async function runScheduler(until: () => Promise<boolean>) {
    const scheduler = startScheduler({
      ...app.deps,
      clock: app.clock,
      config: { SCHEDULER_INTERVAL_MS: 20, IDEMPOTENCY_KEY_RETENTION_HOURS: 24, EVENT_RETENTION_DAYS: 90 },
    });
    try {
      for (let attempt = 0; attempt < 400 && !(await until()); attempt++)
        await new Promise((resolve) => setTimeout(resolve, 25));
    } finally {
      await scheduler.stop();
    }
  }

  it("purges what was delivered after EVENT_RETENTION_DAYS, keeps what waits and dead letters for the retention after they died", async () => {
    const org = await provision(app, { admin: { email: "admin@retention.test", name: "Ada" } });
    const register = async (url: string, eventTypes?: string[]) => {
      const created = await app.request("POST", "/api/v1/webhook-endpoints", {
        token: org.adminKey,
        body: { url, ...(eventTypes ? { eventTypes } : {}) },
      });
      expect(created.status).toBe(201);
      return created.body as { id: string; secret: string };
    };
    const ok = await register(good.url);
    good.secrets = [ok.secret];
    const broken = await register(failing.url, ["subscription.updated"]);
    failing.secrets = [broken.secret];
    for (const seats of [12, 14]) {
      const changed = await app.request("POST", "/api/v1/subscription/changes", {
        token: org.adminKey,
        body: { seats },
      });
      expect(changed.status).toBe(200);
    }
    await app.events?.settle();
    const disabled = await app.request("PATCH", `/api/v1/webhook-endpoints/${broken.id}`, {
      token: org.adminKey,
      body: { enabled: false },
    });
    expect(disabled.status).toBe(200);

    const delivered = await ids(
      sql`SELECT id FROM webhook_deliveries WHERE endpoint_id = ${ok.id} AND status = 'delivered' ORDER BY id`,
    );
    expect(delivered.length).toBeGreaterThanOrEqual(4);
    const [deadId, pendingId] = await ids(
      sql`SELECT id FROM webhook_deliveries WHERE endpoint_id = ${broken.id} ORDER BY id`,
    );
    if (deadId === undefined || pendingId === undefined) throw new Error("no failed deliveries");
    // One of them gives up 60 days later (dead letter); the other still waits.
    await app.handle.db.execute(sql`
      UPDATE webhook_deliveries SET status = 'dead', last_attempt_at = ${at(60).toISOString()}::timestamptz
      WHERE id = ${deadId}`);
    const [deadEvent, pendingEvent] = await ids(
      sql`SELECT outbox_id AS id FROM webhook_deliveries WHERE id IN (${deadId}, ${pendingId}) ORDER BY id`,
    );
    const events = await ids(
      sql`SELECT id FROM outbox_events WHERE organization_id = ${org.organization.id} ORDER BY id`,
    );
    const emails = await ids(sql`SELECT id FROM email_messages WHERE status = 'sent' ORDER BY id`);
    expect(emails.length).toBeGreaterThan(0);

    // 89 days on: nothing is old enough.
    app.clock.set(at(89));
    expect(await purgeDeliveredEvents(app.handle.db, new Date(app.clock.now().getTime() - 90 * day))).toEqual(
      {
        deliveries: 0,
        emails: 0,
        events: 0,
      },
    );

    // 91 days on, the scheduler's pass: the delivered deliveries, the sent mail and the events no
    // one waits for go; the dead letter (died on day 60), the pending delivery and their events stay.
    app.clock.set(at(91));
    await runScheduler(async () => (await present("webhook_deliveries", delivered)).length === 0);
    expect(await present("webhook_deliveries", delivered)).toEqual([]);
    expect(await present("email_messages", emails)).toEqual([]);
    expect(await present("webhook_deliveries", [deadId, pendingId])).toEqual([deadId, pendingId]);
    expect(await present("outbox_events", events)).toEqual([deadEvent, pendingEvent]);
    const log = await app.request("GET", `/api/v1/webhook-endpoints/${broken.id}/deliveries`, {
      token: org.adminKey,
    });
    expect(log.body.data.map((row: { status: string }) => row.status)).toEqual(["pending", "dead"]);

    // 90 days after the dead letter died it goes too, with its event, in batches of one; the
    // pending delivery and its event stay whatever their age.
    app.clock.set(at(151));
    const purged = await purgeDeliveredEvents(app.handle.db, new Date(app.clock.now().getTime() - 90 * day), {
      batchSize: 1,
    });
    expect(purged.deliveries).toBeGreaterThanOrEqual(1);
    expect(await present("webhook_deliveries", [deadId, pendingId])).toEqual([pendingId]);
    expect(await present("outbox_events", events)).toEqual([pendingEvent]);
  });
});
