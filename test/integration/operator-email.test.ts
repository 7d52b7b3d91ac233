// The operator's e-mail detail (GET /operator/emails/:id, issue 16): the bodies, the sender and
// the .eml path of a message written without SMTP_URL; the operator token only; 404 for ids that
// name nothing.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../support/fixtures.js";
import { dialects, operatorToken, provision, startTestApp, type TestApp } from "../support/harness.js";

describe.each(dialects)("the operator's e-mail detail on %s", (dialect) => {
  let app: TestApp;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "wp-operator-mail-"));
    app = await startTestApp(dialect, {
      now: "2026-06-01T00:00:00.000Z",
      env: { DATA_DIR: dataDir, MAIL_FROM: "Billing Desk <desk@billing.test>" },
      deliverEvents: {},
    });
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers a message's bodies, sender and file to the operator only", async () => {
    const created = await provision(app, {
      name: "Detail Org",
      requireApproval: true,
      admin: { email: "admin@detail.test", name: "Ada" },
    });
    const billingKey = (await createApiKey(app, created.adminKey, "billing")).secret;
    const submitted = await app.request("POST", "/api/v1/change-requests", {
      token: billingKey,
      body: { seats: 12, additionalCreditBlocks: 0, interval: "month" },
    });
    expect(submitted.status).toBe(201);
    await app.events?.settle();
    const listed = await app.request("GET", "/api/v1/operator/emails", { token: operatorToken });
    const summary = listed.body.data.find(
      (m: { template: string }) => m.template === "change_request_waiting",
    );
    expect(summary).toBeDefined();

    const detail = await app.request("GET", `/api/v1/operator/emails/${summary.id}`, {
      token: operatorToken,
    });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      ...summary,
      from: "Billing Desk <desk@billing.test>",
      attachments: [],
    });
    expect(detail.body.text).toContain("Seats: 12");
    expect(detail.body.html).toContain("12");
    expect(detail.body.file.startsWith(join(dataDir, "mail"))).toBe(true);

    for (const token of [created.adminKey, billingKey, "not-a-token"]) {
      const refused = await app.request("GET", `/api/v1/operator/emails/${summary.id}`, { token });
      expect(refused.status).toBe(401);
      expect(JSON.stringify(refused.body)).not.toContain("Seats: 12");
    }
    for (const id of ["999999999", "abc", "1e3", "-1"]) {
      const missing = await app.request("GET", `/api/v1/operator/emails/${id}`, { token: operatorToken });
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe("not_found");
    }
  });
});
