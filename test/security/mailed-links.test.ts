import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webPaths } from "../../src/core/web-paths.js";
import { dialects, provision, startTestApp, type TestApp } from "../support/harness.js";
import { givePassword } from "../support/sessions.js";
import { SmtpPeer } from "../support/smtp-peer.js";

/**
 * A link the server mails (reset password, receipts) points at PUBLIC_URL, whatever Host header
 * the request that caused it carried, and a reset never sends its token to another site.
 */
const settings = dialects.flatMap((dialect) => [
  { dialect, publicUrl: "https://billing.example", origin: "https://billing.example" },
  // Without PUBLIC_URL links name this server's own port, never the request's Host header.
  { dialect, publicUrl: undefined, origin: undefined },
]);

describe.each(settings)("mailed links on $dialect, PUBLIC_URL $publicUrl", (setting) => {
  const { dialect, publicUrl } = setting;
  let app: TestApp;
  let origin = "";
  let smtp: SmtpPeer;
  beforeAll(async () => {
    smtp = await new SmtpPeer().start();
    app = await startTestApp(dialect, {
      env: { SMTP_URL: smtp.url, ...(publicUrl ? { PUBLIC_URL: publicUrl } : {}) },
      deliverEvents: { reminderIntervalMs: 0 },
    });
    origin = setting.origin ?? `http://localhost:${new URL(app.baseUrl).port}`;
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.stop();
  });

  let counter = 0;
  async function member() {
    counter += 1;
    const admin = `links-admin${counter}@mail.test`;
    const created = await provision(app, {
      name: `Links Org ${counter}`,
      seats: 5,
      interval: "month",
      admin: { email: admin, name: "Ada Admin" },
    });
    const email = `links${counter}@mail.test`;
    const added = await app.request("POST", "/api/v1/users", {
      token: created.adminKey as string,
      body: { email, name: "Lee Links", role: "billing" },
    });
    expect(added.status).toBe(201);
    await givePassword(app, added.body.id);
    return email;
  }

  /** A raw request: fetch would not let a test choose the Host header. */
  function askReset(body: object, host: string) {
    const url = new URL("/api/auth/request-password-reset", app.baseUrl);
    const payload = JSON.stringify(body);
    return new Promise<{ status: number; body: { error?: { code: string; message: string } } }>(
      (resolve, reject) => {
        const sent = httpRequest(
          url,
          {
            method: "POST",
            headers: {
              host,
              origin: `http://${host}`,
              "content-type": "application/json",
              "content-length": Buffer.byteLength(payload),
            },
          },
          (response) => {
            let text = "";
            response.on("data", (chunk) => {
              text += chunk;
            });
            response.on("end", () =>
              resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : {} }),
            );
          },
        );
        sent.on("error", reject);
        sent.end(payload);
      },
    );
  }

  const resets = (email: string) => smtp.to(email).filter((mail) => /Reset your/.test(mail.subject ?? ""));

  async function mailTo(email: string, kind: (email: string) => unknown[] = resets) {
    for (let waited = 0; kind(email).length === 0 && waited < 5_000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await app.events?.settle();
    }
    return kind(email) as ReturnType<SmtpPeer["to"]>;
  }

  it("mails a reset link on this server's public origin even when the request named another host", async () => {
    const email = await member();
    const asked = await askReset({ email, redirectTo: webPaths.resetPassword }, "evil.example");
    expect(asked.status).toBe(200);
    const [mail] = await mailTo(email);
    const link = /(https?:\/\/\S+reset-password\/\S+)/.exec(mail?.text ?? "")?.[1] ?? "";
    expect(new URL(link).origin).toBe(origin);
    expect(mail?.text ?? "").not.toContain("evil.example");
  });

  it.each([
    "http://evil.example/steal",
    "//evil.example/steal",
    "/\\evil.example/steal",
    "https://billing.example.evil.example/reset-password",
    "javascript:alert(1)",
  ])("refuses to send a reset token to %s, and mails nothing", async (redirectTo) => {
    const email = await member();
    const asked = await askReset({ email, redirectTo }, "evil.example");
    expect(asked.status).toBe(400);
    expect(asked.body.error?.code).toBe("invalid_redirect");
    expect(asked.body.error?.message).toContain("redirectTo");
    await new Promise((resolve) => setTimeout(resolve, 300));
    await app.events?.settle();
    expect(resets(email)).toHaveLength(0);
  });

  it("accepts a path or an address on the public origin as the place to come back to", async () => {
    const email = await member();
    const asked = await askReset({ email, redirectTo: `${origin}/reset-password` }, "x.test");
    expect(asked.status).toBe(200);
    const [mail] = await mailTo(email);
    expect(mail?.text ?? "").toContain(`${origin}/api/auth/reset-password/`);
  });

  it("mails the invitation of a new member on the public origin, and the link opens it once", async () => {
    const email = await member();
    const invitations = (to: string) => smtp.to(to).filter((mail) => /invited to/.test(mail.subject ?? ""));
    const [mail, ...more] = await mailTo(email, invitations);
    expect(more).toHaveLength(0);
    expect(mail?.subject).toMatch(/^You are invited to Links Org \d+ on WiseParts Billing$/);
    expect(mail?.text).toContain("as a billing member");
    const link = /(https?:\/\/\S+\/invite\/\S+)/.exec(mail?.text ?? "")?.[1] ?? "";
    expect(new URL(link).origin).toBe(origin);
    const token = new URL(link).pathname.split("/").pop() ?? "";
    const opened = await app.request("GET", `/api/v1/invitations/${token}`);
    expect(opened.status).toBe(200);
    expect(opened.body.email).toBe(email);
  });
});
