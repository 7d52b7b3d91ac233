// Webhook delivery across real server processes on one PostgreSQL: two processes share the work
// without delivering one event twice at once, and a process killed with SIGKILL while a delivery
// is in flight leaves it to be delivered again, with the same webhook-id, once its lease runs out.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  benchOperatorToken,
  createDatabase,
  provisionOrganizations,
  type ServerProcess,
  startBillingServer,
} from "../../bench/processes.js";
import { rowsOf } from "../../src/server/db/adapter.js";
import { type DatabaseHandle, openDatabase } from "../../src/server/db/client.js";
import { WebhookReceiver } from "../support/webhook-receiver.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => Promise<boolean> | boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

async function registerEndpoint(url: string, receiverUrl: string) {
  const response = await fetch(`${url}/api/v1/webhook-endpoints`, {
    method: "POST",
    headers: { authorization: `Bearer ${benchOperatorToken}`, "content-type": "application/json" },
    body: JSON.stringify({ url: receiverUrl, eventTypes: ["subscription.updated"] }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { secret: string }).secret;
}

const changeSeats = (url: string, key: string, seats: number) =>
  fetch(`${url}/api/v1/subscription/changes`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ seats }),
  });

describe("webhooks across processes (PostgreSQL)", () => {
  let database: { url: string; drop(): Promise<void> };
  let handle: DatabaseHandle;
  const servers: ServerProcess[] = [];
  const receiver = new WebhookReceiver();
  const start = (env: Record<string, string> = {}) =>
    startBillingServer({
      databaseUrl: database.url,
      env: {
        BILLING_CLOCK: "manual",
        LOG_LEVEL: "error",
        EVENT_POLL_MS: "200",
        // The receiver listens on 127.0.0.1.
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: "true",
        ...env,
      },
    }).then((server) => {
      servers.push(server);
      return server;
    });

  beforeAll(async () => {
    database = await createDatabase("wp_hooks");
    await receiver.start();
    handle = await openDatabase({ databaseUrl: database.url, poolSize: 2 });
  });
  afterAll(async () => {
    for (const server of servers) await server.kill("SIGKILL");
    await receiver.stop();
    await handle?.close();
    await database?.drop();
  });

  const published = async () =>
    rowsOf(
      await handle.db.execute(
        sql`SELECT event_id, organization_id, sequence FROM outbox_events WHERE topic = 'subscription.updated' ORDER BY id`,
      ),
    );

  it("two processes deliver every event once, never the same one at once, in each organization's order", async () => {
    const [a, b] = await Promise.all([start(), start()]);
    if (!a || !b) throw new Error("servers did not start");
    receiver.secrets = [await registerEndpoint(a.url, receiver.url)];
    const organizations = await provisionOrganizations(a.url, 6, { seats: 20, prefix: "hooks" });
    await Promise.all(
      organizations.map(async (organization, index) => {
        for (let step = 1; step <= 10; step++) {
          const server = (index + step) % 2 === 0 ? a : b;
          const response = await changeSeats(server.url, organization.key, 20 + step);
          expect(response.status).toBe(200);
        }
      }),
    );
    const events = await published();
    expect(events).toHaveLength(60);
    await until(() => receiver.received.length >= events.length, 30_000, "every delivery");
    await sleep(500);
    expect(receiver.concurrentDuplicates).toBe(0);
    expect(receiver.received.map((event) => event.id).sort()).toEqual(
      events.map((row) => String(row.event_id)).sort(),
    );
    for (const organization of organizations) {
      const seats = receiver.received
        .filter((event) => event.organizationId === organization.organizationId)
        .map((event) => event.data.object.seats);
      expect(seats).toEqual([21, 22, 23, 24, 25, 26, 27, 28, 29, 30]);
    }
    for (const server of servers.splice(0)) await server.kill("SIGTERM");
  }, 120_000);

  it("redelivers with the same webhook-id what a SIGKILLed process was delivering", async () => {
    const server = await start({ WEBHOOK_LEASE_MS: "4000" });
    const [organization] = await provisionOrganizations(server.url, 1, { seats: 20, prefix: "killed" });
    if (!organization) throw new Error("no organization");
    receiver.delayMs = 1_500;
    const arrivedBefore = receiver.arrivals.length;
    const receivedBefore = receiver.received.length;
    expect((await changeSeats(server.url, organization.key, 33)).status).toBe(200);
    await until(() => receiver.arrivals.length > arrivedBefore, 10_000, "the delivery to start");
    const inFlight = receiver.arrivals.at(-1);
    await server.kill("SIGKILL");
    servers.splice(servers.indexOf(server), 1);
    receiver.delayMs = 0;
    await start({ WEBHOOK_LEASE_MS: "4000" });
    await until(
      () =>
        receiver.received
          .slice(receivedBefore)
          .some((event) => event.webhookId === inFlight && Date.now() - event.at < 60_000) &&
        receiver.arrivals.filter((id) => id === inFlight).length >= 2,
      20_000,
      "the redelivery",
    );
    const [event] = (await published()).filter((row) => String(row.event_id) === inFlight);
    expect(event).toBeDefined();
    expect(receiver.arrivals.filter((id) => id === inFlight).length).toBeGreaterThanOrEqual(2);
  }, 60_000);
});
