import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { rowsOf } from "../../src/server/db/adapter.js";
import { outboxAuditJoin, outboxPayload } from "../../src/server/events/outbox-payload.js";
import { expectError } from "../support/fixtures.js";
import { dialects, operatorToken, provision, startTestApp, type TestApp } from "../support/harness.js";
import { WebhookReceiver } from "../support/webhook-receiver.js";

const start = "2026-06-01T00:00:00.000Z";
const hour = 3_600_000;

describe.each(dialects)("webhooks on %s", (dialect) => {
  let app: TestApp;
  /** Wall time as the delivery worker sees it: tests move it forward to bring retries due. */
  let offsetMs = 0;
  const receivers: WebhookReceiver[] = [];
  beforeAll(async () => {
    app = await startTestApp(dialect, {
      now: start,
      deliverEvents: {
        now: () => new Date(Date.now() + offsetMs),
        webhookOptions: { disableAfterFailures: 3, timeoutMs: 8_000 },
      },
    });
  });
  afterAll(async () => {
    await app?.close();
    for (const receiver of receivers) await receiver.stop();
  });
  beforeEach(() => {
    offsetMs = 0;
  });

  let counter = 0;
  async function organization() {
    counter += 1;
    const created = await provision(app, {
      name: `Hooks Org ${counter}`,
      seats: 5,
      admin: { email: `admin${counter}@hooks.test`, name: "Ada Admin" },
    });
    return { id: created.organization.id as string, adminKey: created.adminKey as string };
  }

  async function receiver() {
    const started = await new WebhookReceiver().start();
    receivers.push(started);
    return started;
  }

  async function endpoint(token: string, url: string, eventTypes?: string[]) {
    const response = await app.request("POST", "/api/v1/webhook-endpoints", {
      token,
      body: { url, ...(eventTypes ? { eventTypes } : {}) },
    });
    expect(response.status).toBe(201);
    return response.body as { id: string; secret: string };
  }

  const changeSeats = (token: string, seats: number) =>
    app.request("POST", "/api/v1/subscription/changes", { token, body: { seats } });

  const settle = () => app.events?.settle() as Promise<void>;

  it("signs each event per Standard Webhooks and delivers an organization's events in order", async () => {
    const org = await organization();
    const hook = await receiver();
    const { secret, id } = await endpoint(org.adminKey, hook.url);
    expect(secret).toMatch(/^whsec_/);
    hook.secrets = [secret];
    for (const seats of [6, 7, 8]) expect((await changeSeats(org.adminKey, seats)).status).toBe(200);
    await settle();

    const updates = hook.ofType("subscription.updated");
    expect(updates.map((event) => event.data.object.seats)).toEqual([6, 7, 8]);
    expect(hook.ofType("invoice.issued")).toHaveLength(3);
    expect(hook.received.every((event) => event.verified && event.webhookId === event.id)).toBe(true);
    expect(hook.received.every((event) => event.organizationId === org.id)).toBe(true);
    const sequences = hook.received.map((event) => event.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    expect(new Set(sequences).size).toBe(sequences.length);

    const log = await app.request("GET", `/api/v1/webhook-endpoints/${id}/deliveries`, {
      token: org.adminKey,
    });
    expect(log.status).toBe(200);
    expect(log.body.data).toHaveLength(hook.received.length);
    expect(log.body.data[0]).toMatchObject({ status: "delivered", responseStatus: 200, attempts: 1 });
    expect(typeof log.body.data[0].latencyMs).toBe("number");
  });

  it("keeps organizations apart: an admin's endpoint hears only its organization, and sees only its own endpoints", async () => {
    const a = await organization();
    const b = await organization();
    const hookB = await receiver();
    const { secret, id } = await endpoint(b.adminKey, hookB.url);
    hookB.secrets = [secret];
    await changeSeats(a.adminKey, 9);
    await changeSeats(b.adminKey, 4);
    await settle();
    expect(hookB.received.length).toBeGreaterThan(0);
    expect(hookB.received.every((event) => event.organizationId === b.id)).toBe(true);

    expect((await app.request("GET", "/api/v1/webhook-endpoints", { token: a.adminKey })).body.data).toEqual(
      [],
    );
    const foreign = await app.request("GET", `/api/v1/webhook-endpoints/${id}/deliveries`, {
      token: a.adminKey,
    });
    expect(foreign.status).toBe(404);
    const patch = await app.request("PATCH", `/api/v1/webhook-endpoints/${id}`, {
      token: a.adminKey,
      body: { enabled: false },
    });
    expect(patch.status).toBe(404);
  });

  it("gives the operator's endpoint every organization's events of the types it asked for", async () => {
    const hook = await receiver();
    const { secret, id } = await endpoint(operatorToken, hook.url, ["subscription.updated"]);
    hook.secrets = [secret];
    const a = await organization();
    const b = await organization();
    await changeSeats(a.adminKey, 7);
    await changeSeats(b.adminKey, 8);
    await settle();
    expect(hook.received.map((event) => event.type)).toEqual([
      "subscription.updated",
      "subscription.updated",
    ]);
    expect(new Set(hook.received.map((event) => event.organizationId))).toEqual(new Set([a.id, b.id]));
    // Out of the way of the other tests.
    await app.request("PATCH", `/api/v1/webhook-endpoints/${id}`, {
      token: operatorToken,
      body: { enabled: false },
    });
  });

  it("numbers one statement's events per organization and queues each stream in that order", async () => {
    const a = await organization();
    const b = await organization();
    const hook = await receiver();
    const { secret } = await endpoint(a.adminKey, hook.url, ["billing_info.updated"]);
    hook.secrets = [secret];
    const lastSequence = async (organizationId: string) => {
      const rows = rowsOf(
        await app.handle.db.execute(
          sql`SELECT coalesce(max(sequence), 0) AS last FROM outbox_events WHERE organization_id = ${organizationId}::uuid`,
        ),
      );
      return Number(rows[0]?.last);
    };
    const [lastA, lastB] = [await lastSequence(a.id), await lastSequence(b.id)];
    // One INSERT of audit rows of two organizations, interleaved; one action is not published.
    await app.handle.db.execute(sql`
      INSERT INTO audit_events (organization_id, actor_type, action, entity_type, after, occurred_at, source)
      SELECT v.organization_id::uuid, 'system', v.action, 'organization', jsonb_build_object('n', v.n),
        ${app.clock.now().toISOString()}::timestamptz, 'test'
      FROM (VALUES (${a.id}, 'billing_info.updated', 1), (${b.id}, 'billing_info.updated', 2),
        (${a.id}, 'api_key.created', 3), (${a.id}, 'billing_info.updated', 4),
        (${b.id}, 'billing_info.updated', 5), (${a.id}, 'billing_info.updated', 6)) AS v(organization_id, action, n)
      ORDER BY v.n`);
    await settle();
    expect(hook.received.map((event) => [event.data.object.n, event.sequence])).toEqual([
      [1, lastA + 1],
      [4, lastA + 2],
      [6, lastA + 3],
    ]);
    const ofB = rowsOf(
      await app.handle.db.execute(
        sql`SELECT ${outboxPayload}->'object'->>'n' AS n, o.sequence FROM outbox_events o ${outboxAuditJoin}
          WHERE o.organization_id = ${b.id}::uuid AND o.sequence > ${lastB} ORDER BY o.sequence`,
      ),
    );
    expect(ofB.map((row) => [Number(row.n), Number(row.sequence)])).toEqual([
      [2, lastB + 1],
      [5, lastB + 2],
    ]);
  });

  it("loses nothing while the receiver is down and keeps the order once it is back", async () => {
    const org = await organization();
    const hook = await receiver();
    const { secret, id } = await endpoint(org.adminKey, hook.url, ["subscription.updated"]);
    hook.secrets = [secret];
    await hook.stop();
    for (const seats of [6, 7, 8, 9]) await changeSeats(org.adminKey, seats);
    await settle();
    const waiting = await app.request("GET", `/api/v1/webhook-endpoints/${id}/deliveries`, {
      token: org.adminKey,
    });
    // The first failed and waits for its retry; the rest wait behind it.
    expect(waiting.body.data.map((d: { status: string }) => d.status)).toEqual([
      "pending",
      "pending",
      "pending",
      "pending",
    ]);
    expect(waiting.body.data.at(-1)).toMatchObject({ attempts: 1, responseStatus: null });
    expect(waiting.body.data.at(-1).error).toMatch(/ECONNREFUSED|fetch failed/);

    await hook.restart();
    offsetMs += 2 * hour;
    await settle();
    expect(hook.received.map((event) => event.data.object.seats)).toEqual([6, 7, 8, 9]);
    const after = await app.request("GET", `/api/v1/webhook-endpoints/${id}/deliveries`, {
      token: org.adminKey,
    });
    expect(after.body.data.map((d: { status: string }) => d.status)).toEqual([
      "delivered",
      "delivered",
      "delivered",
      "delivered",
    ]);
  });

  it("signs with both secrets during a rotation, then with the new one only", async () => {
    const org = await organization();
    const hook = await receiver();
    const created = await endpoint(org.adminKey, hook.url, ["subscription.updated"]);
    const rotate = (hours: number) =>
      app.request("POST", `/api/v1/webhook-endpoints/${created.id}/rotate-secret`, {
        token: org.adminKey,
        body: { previousSecretValidHours: hours },
      });
    const rotated = await rotate(1);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(created.secret);
    expect(rotated.body.previousSecretExpiresAt).not.toBeNull();
    hook.secrets = [created.secret];
    await changeSeats(org.adminKey, 6);
    await settle();
    expect(hook.received).toHaveLength(1);
    hook.secrets = [rotated.body.secret];
    await changeSeats(org.adminKey, 7);
    await settle();
    expect(hook.received).toHaveLength(2);

    // Rotated again without a grace period: only the newest secret signs.
    const newest = await rotate(0);
    expect(newest.body.previousSecretExpiresAt).toBeNull();
    hook.secrets = [created.secret, rotated.body.secret];
    await changeSeats(org.adminKey, 8);
    await settle();
    expect(hook.received).toHaveLength(2);
    hook.secrets = [newest.body.secret];
    offsetMs += 2 * hour;
    await settle();
    expect(hook.received.map((event) => event.data.object.seats)).toEqual([6, 7, 8]);
  });

  it("replays one event, and a time range, with the same event ids", async () => {
    const org = await organization();
    const hook = await receiver();
    const { secret, id } = await endpoint(org.adminKey, hook.url, ["subscription.updated"]);
    hook.secrets = [secret];
    const from = new Date(app.clock.now().getTime() - 1000).toISOString();
    await changeSeats(org.adminKey, 6);
    await changeSeats(org.adminKey, 7);
    await settle();
    const [first, second] = hook.received;
    if (!first || !second) throw new Error("expected two events");

    const one = await app.request("POST", `/api/v1/webhook-endpoints/${id}/replay`, {
      token: org.adminKey,
      body: { eventId: first.id },
    });
    expect(one.status).toBe(202);
    expect(one.body).toEqual({ queued: 1 });
    await settle();
    expect(hook.received.at(-1)?.webhookId).toBe(first.id);

    const range = await app.request("POST", `/api/v1/webhook-endpoints/${id}/replay`, {
      token: org.adminKey,
      body: { from, to: new Date(app.clock.now().getTime() + 1000).toISOString() },
    });
    expect(range.body).toEqual({ queued: 2 });
    await settle();
    expect(hook.received.slice(-2).map((event) => event.id)).toEqual([first.id, second.id]);

    const unknown = await app.request("POST", `/api/v1/webhook-endpoints/${id}/replay`, {
      token: org.adminKey,
      body: { eventId: "00000000-0000-4000-8000-000000000000" },
    });
    expectError(unknown, 404, "not_found");
  });

  it("disables an endpoint after N consecutive failures over at least a day, tells its admins, and sends what waited once enabled", async () => {
    const org = await organization();
    const hook = await receiver();
    const { secret, id } = await endpoint(org.adminKey, hook.url, ["subscription.updated"]);
    hook.secrets = [secret];
    hook.status = 500;
    await changeSeats(org.adminKey, 6);
    await settle();
    // Three failures within minutes are not enough: the day has not passed.
    for (let retry = 0; retry < 3; retry++) {
      offsetMs += 30 * 60_000;
      await settle();
    }
    let listed = await app.request("GET", "/api/v1/webhook-endpoints", { token: org.adminKey });
    expect(listed.body.data[0]).toMatchObject({ enabled: true });
    expect(listed.body.data[0].consecutiveFailures).toBeGreaterThanOrEqual(3);
    offsetMs += 23 * hour;
    await settle();
    listed = await app.request("GET", "/api/v1/webhook-endpoints", { token: org.adminKey });
    expect(listed.body.data[0]).toMatchObject({ enabled: false });
    expect(listed.body.data[0].disabledReason).toMatch(/consecutive failed deliveries/);
    const mail = await app.request("GET", "/api/v1/operator/emails", { token: operatorToken });
    expect(
      mail.body.data.some(
        (m: { template: string; recipient: string }) =>
          m.template === "webhook_endpoint_disabled" && m.recipient === `admin${counter}@hooks.test`,
      ),
    ).toBe(true);

    hook.status = 200;
    const enabled = await app.request("PATCH", `/api/v1/webhook-endpoints/${id}`, {
      token: org.adminKey,
      body: { enabled: true },
    });
    expect(enabled.body).toMatchObject({ enabled: true, consecutiveFailures: 0, disabledReason: null });
    await settle();
    // Not dead-lettered yet (12 attempts or 26 h): it is delivered now.
    expect(hook.received.map((event) => event.data.object.seats)).toEqual([6]);
  });

  it("is not held up by a slow endpoint: another endpoint's events go on", async () => {
    const slowOrg = await organization();
    const fastOrg = await organization();
    const slow = await receiver();
    const fast = await receiver();
    slow.delayMs = 5_000;
    const slowEndpoint = await endpoint(slowOrg.adminKey, slow.url, ["subscription.updated"]);
    const fastEndpoint = await endpoint(fastOrg.adminKey, fast.url, ["subscription.updated"]);
    slow.secrets = [slowEndpoint.secret];
    fast.secrets = [fastEndpoint.secret];
    await changeSeats(slowOrg.adminKey, 6);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    await changeSeats(fastOrg.adminKey, 6);
    while (fast.received.length === 0 && Date.now() - started < 4_000)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fast.received).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(slow.received).toHaveLength(0);
    await settle();
    expect(slow.received).toHaveLength(1);
  }, 20_000);

  it("keeps one replay at a time per endpoint", async () => {
    const org = await organization();
    const hook = await receiver();
    const { secret, id } = await endpoint(org.adminKey, hook.url, ["subscription.updated"]);
    hook.secrets = [secret];
    await changeSeats(org.adminKey, 6);
    await settle();
    const [first] = hook.received;
    if (!first) throw new Error("expected an event");
    // Disabled, the endpoint keeps what it is sent waiting.
    const paused = await app.request("PATCH", `/api/v1/webhook-endpoints/${id}`, {
      token: org.adminKey,
      body: { enabled: false },
    });
    expect(paused.status).toBe(200);
    const replay = () =>
      app.request("POST", `/api/v1/webhook-endpoints/${id}/replay`, {
        token: org.adminKey,
        body: { eventId: first.id },
      });
    expect((await replay()).status).toBe(202);
    const again = await replay();
    expectError(again, 409, "replay_in_progress");
    await app.request("PATCH", `/api/v1/webhook-endpoints/${id}`, {
      token: org.adminKey,
      body: { enabled: true },
    });
    await settle();
    expect(hook.received.filter((event) => event.id === first.id)).toHaveLength(2);
    expect((await replay()).status).toBe(202);
  });

  it("registers at most 16 endpoints per owner, even when they are registered at once", async () => {
    const org = await organization();
    const attempts = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        app.request("POST", "/api/v1/webhook-endpoints", {
          token: org.adminKey,
          body: { url: `https://hooks.example/${index}` },
        }),
      ),
    );
    expect(attempts.filter((response) => response.status === 201)).toHaveLength(16);
    for (const refused of attempts.filter((response) => response.status !== 201)) {
      expectError(refused, 422, "too_many_endpoints");
      expect(refused.body.error.field).toBe("url");
    }
    const listed = await app.request("GET", "/api/v1/webhook-endpoints", { token: org.adminKey });
    expect(listed.body.data).toHaveLength(16);
    // Another organization's limit is its own.
    const other = await organization();
    expect((await endpoint(other.adminKey, "https://hooks.example/other")).id).toBeTruthy();
  });

  it("deletes an endpoint: nothing more is sent to it, its log goes, another organization cannot, and a place frees up", async () => {
    const org = await organization();
    const other = await organization();
    const hook = await receiver();
    const { secret, id } = await endpoint(org.adminKey, hook.url);
    hook.secrets = [secret];
    expect((await changeSeats(org.adminKey, 6)).status).toBe(200);
    await settle();
    const before = hook.received.length;
    expect(before).toBeGreaterThan(0);

    const foreign = await app.request("DELETE", `/api/v1/webhook-endpoints/${id}`, { token: other.adminKey });
    expectError(foreign, 404, "not_found");
    const deleted = await app.request("DELETE", `/api/v1/webhook-endpoints/${id}`, { token: org.adminKey });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ id, deleted: true });
    expectError(
      await app.request("DELETE", `/api/v1/webhook-endpoints/${id}`, { token: org.adminKey }),
      404,
      "not_found",
    );
    expectError(
      await app.request("GET", `/api/v1/webhook-endpoints/${id}/deliveries`, { token: org.adminKey }),
      404,
      "not_found",
    );
    expect(
      (await app.request("GET", "/api/v1/webhook-endpoints", { token: org.adminKey })).body.data,
    ).toEqual([]);

    expect((await changeSeats(org.adminKey, 7)).status).toBe(200);
    await settle();
    expect(hook.received).toHaveLength(before);

    const audit = await app.request("GET", "/api/v1/audit-events?area=webhook", { token: org.adminKey });
    const entry = audit.body.data.find(
      (event: { action: string }) => event.action === "webhook_endpoint.deleted",
    );
    expect(entry).toMatchObject({ entityId: id, after: null, before: { id, url: hook.url } });

    const full = [];
    for (let index = 0; index < 16; index++)
      full.push(await endpoint(other.adminKey, `https://hooks.example/${index}`));
    const seventeenth = { token: other.adminKey, body: { url: "https://hooks.example/17" } };
    expectError(
      await app.request("POST", "/api/v1/webhook-endpoints", seventeenth),
      422,
      "too_many_endpoints",
    );
    const freed = await app.request("DELETE", `/api/v1/webhook-endpoints/${full[0]?.id}`, {
      token: other.adminKey,
    });
    expect(freed.status).toBe(200);
    expect((await app.request("POST", "/api/v1/webhook-endpoints", seventeenth)).status).toBe(201);
  });

  it("refuses a bad endpoint with the field named, and a member's attempt", async () => {
    const org = await organization();
    const bad = await app.request("POST", "/api/v1/webhook-endpoints", {
      token: org.adminKey,
      body: { url: "ftp://example.test/hook" },
    });
    expectError(bad, 422, "url_not_allowed");
    expect(bad.body.error.field).toBe("url");
    const badType = await app.request("POST", "/api/v1/webhook-endpoints", {
      token: org.adminKey,
      body: { url: "https://example.test/hook", eventTypes: ["subscription.deleted"] },
    });
    expectError(badType, 400, "invalid_request");
    const none = await app.request("POST", "/api/v1/webhook-endpoints", {
      body: { url: "https://example.test/h" },
    });
    expect(none.status).toBe(401);
  });

  it("describes every event type in the OpenAPI document's webhooks", async () => {
    const response = await fetch(`${app.baseUrl}/api/openapi.json`);
    const document = (await response.json()) as { webhooks?: Record<string, unknown> };
    expect(Object.keys(document.webhooks ?? {})).toContain("credits.low");
    expect(Object.keys(document.webhooks ?? {})).toHaveLength(15);
  });
});
