import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError } from "../support/fixtures.js";
import { dialects, operatorToken, provision, startTestApp, type TestApp } from "../support/harness.js";
import { WebhookReceiver } from "../support/webhook-receiver.js";

/** The egress filter as deployed (WEBHOOK_ALLOW_PRIVATE_NETWORKS unset): public addresses only. */
describe.each(dialects)("the webhook egress filter on %s", (dialect) => {
  let app: TestApp;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    app = await startTestApp(dialect, {
      env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: "false" },
      deliverEvents: {},
    });
  });
  afterAll(async () => {
    await app?.close();
    await receiver?.stop();
  });

  it("refuses private, loopback, link-local and odd URLs at registration with 422 url_not_allowed", async () => {
    const org = await provision(app, { admin: { email: "admin@egress.test", name: "Ada" } });
    const refused = [
      "ftp://example.com/hook",
      "https://user:secret@example.com/hook",
      receiver.url,
      "http://localhost/hooks",
      "http://[::1]:8080/",
      "http://10.0.0.8/",
      "http://172.20.1.1/",
      "http://192.168.0.10/",
      "http://169.254.169.254/latest/meta-data/",
      "http://[fe80::1]/",
      "http://[fd00::5]/",
      "http://0.0.0.0/",
      "http://[::]/",
      "http://224.0.0.1/",
      "http://[::ffff:127.0.0.1]/",
      "http://[::ffff:a9fe:a9fe]/",
      "http://2130706433/",
      "http://0x7f.1/",
    ];
    for (const url of refused) {
      for (const token of [org.adminKey, operatorToken]) {
        const response = await app.request("POST", "/api/v1/webhook-endpoints", { token, body: { url } });
        expectError(response, 422, "url_not_allowed");
        expect(response.body.error.field, url).toBe("url");
      }
    }
    expect(
      (await app.request("GET", "/api/v1/webhook-endpoints", { token: org.adminKey })).body.data,
    ).toEqual([]);
    // A public address is accepted; changing it to a private one is refused and changes nothing.
    const created = await app.request("POST", "/api/v1/webhook-endpoints", {
      token: org.adminKey,
      body: { url: "https://93.184.216.34/hooks" },
    });
    expect(created.status).toBe(201);
    const moved = await app.request("PATCH", `/api/v1/webhook-endpoints/${created.body.id}`, {
      token: org.adminKey,
      body: { url: "http://169.254.169.254/" },
    });
    expectError(moved, 422, "url_not_allowed");
    const [listed] = (await app.request("GET", "/api/v1/webhook-endpoints", { token: org.adminKey })).body
      .data;
    expect(listed.url).toBe("https://93.184.216.34/hooks");
  });

  it("fails a delivery whose address became private, with the reason in the log, and sends nothing there", async () => {
    const org = await provision(app, {
      name: "Rebound",
      admin: { email: "admin@rebound.test", name: "Ada" },
    });
    const endpoints: { id: string; url: string }[] = [];
    for (const url of [receiver.url, receiver.url.replace("127.0.0.1", "localhost")]) {
      const created = await app.request("POST", "/api/v1/webhook-endpoints", {
        token: org.adminKey,
        body: { url: "https://93.184.216.34/hooks", eventTypes: ["subscription.updated"] },
      });
      expect(created.status).toBe(201);
      receiver.secrets.push(created.body.secret);
      // As if its name now resolved to the server's own network (or it was registered before the filter).
      await app.handle.db.execute(
        sql`UPDATE webhook_endpoints SET url = ${url} WHERE id = ${created.body.id}`,
      );
      endpoints.push({ id: created.body.id, url });
    }
    const changed = await app.request("POST", "/api/v1/subscription/changes", {
      token: org.adminKey,
      body: { seats: 12 },
    });
    expect(changed.status).toBe(200);
    await app.events?.settle();
    expect(receiver.arrivals).toHaveLength(0);
    for (const endpoint of endpoints) {
      const log = await app.request("GET", `/api/v1/webhook-endpoints/${endpoint.id}/deliveries`, {
        token: org.adminKey,
      });
      expect(log.status).toBe(200);
      expect(log.body.data[0], endpoint.url).toMatchObject({
        status: "pending",
        attempts: 1,
        responseStatus: null,
      });
      expect(log.body.data[0].error).toMatch(/egress refused: .*(loopback|not a public address)/);
    }
  });
});
