import { request as httpRequest } from "node:http";
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/server/config.js";
import { auditEvents, authSessions } from "../../src/server/db/schema.js";
import { buildApp } from "../../src/server/http/app.js";
import { expectError } from "../support/fixtures.js";
import { dialects, operatorToken, provision, startTestApp, type TestApp } from "../support/harness.js";
import { givePassword, testPassword } from "../support/sessions.js";

/** Findings 4, 5, 8 and the edge's low findings (issue 11). */

/**
 * One HTTP request with its path sent byte for byte (fetch would resolve "./", "../" and "%2e"
 * before sending, as a browser does; an attacker's client does not).
 */
function rawRequest(
  baseUrl: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: url.hostname, port: url.port, method, path, headers: options.headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let body: any = text;
          try {
            body = JSON.parse(text);
          } catch {
            // keep the text
          }
          const headers = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value])
              headers.append(name, item);
          }
          resolve({ status: response.statusCode ?? 0, body, headers });
        });
      },
    );
    request.on("error", reject);
    request.end(options.body);
  });
}

async function signInAttempt(
  baseUrl: string,
  email: string,
  options: { path?: string; headers?: Record<string, string>; password?: string } = {},
) {
  return rawRequest(baseUrl, "POST", options.path ?? "/api/auth/sign-in/email", {
    headers: { "content-type": "application/json", origin: baseUrl, ...options.headers },
    body: JSON.stringify({ email, password: options.password ?? "wrong-password-123" }),
  });
}

const pathSpellings = [
  "/api/auth/./sign-in/email",
  "/api/auth/x/../sign-in/email",
  "/api/auth/%2e/sign-in/email",
  "/api/auth/%2E%2E/auth/sign-in/email",
  "/api/auth//sign-in/email",
  "/api/auth/sign-in%2femail",
  "/api/auth/sign-in/./email",
  "/api/./auth/sign-in/email",
];

describe.each(dialects)("the edge of the server, on %s", (dialect) => {
  describe("without TRUST_PROXY (the default)", () => {
    let app: TestApp;
    const logLines: string[] = [];
    beforeAll(async () => {
      app = await startTestApp(dialect, {
        env: { SIGN_IN_ATTEMPTS_PER_MINUTE: "3", SIGN_IN_ATTEMPTS_PER_IP_PER_MINUTE: "1000" },
        logStream: { write: (line) => void logLines.push(line) },
      });
    });
    afterAll(async () => {
      await app?.close();
    });

    it("keys the sign-in limit on the connection's address, not a client-chosen X-Forwarded-For", async () => {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 6; attempt++) {
        const response = await signInAttempt(app.baseUrl, "victim@edge.test", {
          headers: { "x-forwarded-for": `203.0.113.${attempt + 1}` },
        });
        statuses.push(response.status);
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
    });

    it.each(pathSpellings)(
      "refuses the path spelling %s with 400 before it reaches better-auth",
      async (path) => {
        const response = await signInAttempt(app.baseUrl, `spelling-${path.length}@edge.test`, { path });
        expectError(response, 400, "invalid_path");
      },
    );

    it("refuses odd spellings everywhere, not only under /api/auth", async () => {
      for (const path of ["/api/v1/./catalog", "/api/v1/users/..%2f..%2fcatalog", "//api/v1/catalog"]) {
        const response = await rawRequest(app.baseUrl, "GET", path);
        expectError(response, 400, "invalid_path");
      }
      expect((await app.request("GET", "/api/v1/catalog")).status).toBe(401);
    });

    it("answers better-auth's errors in the API's error shape", async () => {
      const response = await signInAttempt(app.baseUrl, "nobody-shape@edge.test");
      expect(response.status).toBe(401);
      expect(response.body).toEqual({
        error: { code: "invalid_email_or_password", message: expect.any(String) },
      });
      const missing = await app.request("GET", "/api/auth/no-such-endpoint");
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe("not_found");
    });

    it("refuses a deeply nested body with 4xx under /api/auth and /api/v1 alike", async () => {
      const nested = (depth: number) => `{"email":${"[".repeat(depth)}${"]".repeat(depth)}}`;
      for (const [path, depth] of [
        ["/api/auth/sign-in/email", 5_000],
        ["/api/v1/organizations", 100_000],
        ["/api/v1/organizations", 33],
      ] as const) {
        const response = await app.request("POST", path, {
          rawBody: nested(depth),
          headers: { origin: app.baseUrl },
          ...(path.startsWith("/api/v1") ? { token: operatorToken } : {}),
        });
        expectError(response, 400, "body_too_deep", "body");
      }
      // 100,000 deep is also past the sign-in body's size limit.
      const deepest = await app.request("POST", "/api/auth/sign-in/email", { rawBody: nested(100_000) });
      expectError(deepest, 413, "payload_too_large");
      const large = await app.request("POST", "/api/auth/sign-in/email", {
        rawBody: JSON.stringify({ email: "a@b.test", password: "x".repeat(100_000) }),
      });
      expectError(large, 413, "payload_too_large");
    });

    it("does not write a client-chosen X-Forwarded-For into the audit source", async () => {
      const created = await provision(app, { admin: { email: "xff-admin@edge.test", name: "Xavier" } });
      const response = await app.request("PATCH", "/api/v1/organization/settings", {
        token: created.adminKey,
        body: { requireApproval: true },
        headers: { "x-forwarded-for": "198.51.100.66" },
      });
      expect(response.status).toBe(200);
      const [event] = await app.handle.db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.organizationId, created.organization.id))
        .orderBy(desc(auditEvents.id))
        .limit(1);
      expect(event?.source).toMatch(/^api 127\.0\.0\.1/);
      expect(event?.source).not.toContain("198.51.100.66");
    });

    it("keeps the session cookie plain http when the client, not a trusted proxy, says https", async () => {
      const created = await provision(app, { admin: { email: "plain@edge.test", name: "Pat Plain" } });
      await givePassword(app, created.admin.id);
      const response = await signInAttempt(app.baseUrl, "plain@edge.test", {
        password: testPassword,
        headers: { "x-forwarded-proto": "https", "x-forwarded-for": "198.51.100.99" },
      });
      expect(response.status).toBe(200);
      expect(response.headers.getSetCookie().join("\n")).not.toMatch(/;\s*Secure/i);
      // The session records the connection's address, not the one the client wrote.
      const sessions = await app.handle.db.select().from(authSessions);
      expect(sessions.map((session) => session.ipAddress)).not.toContain("198.51.100.99");
      expect(sessions.length).toBeGreaterThan(0);
    });

    it("refuses a lone surrogate in a text field with 400 naming the field", async () => {
      const created = await provision(app, { admin: { email: "surrogate@edge.test", name: "Sue" } });
      const response = await app.request("PUT", "/api/v1/billing-info", {
        token: created.adminKey,
        rawBody: `{"companyName":"Acme \\ud800 GmbH","taxId":null,"address":{"line1":"Hauptstraße 1","city":"Berlin","postalCode":"10115","country":"DE"},"billingEmail":"billing@acme.test"}`,
      });
      expectError(response, 400, "invalid_request", "companyName");
      const nested = await app.request("PUT", "/api/v1/billing-info", {
        token: created.adminKey,
        rawBody: `{"companyName":"Acme","address":{"line1":"\\udfff","city":"Berlin","postalCode":"10115","country":"DE"},"billingEmail":"billing@acme.test"}`,
      });
      expectError(nested, 400, "invalid_request", "address.line1");
      // A pair written as two escapes is valid text.
      const paired = await app.request("PUT", "/api/v1/billing-info", {
        token: created.adminKey,
        rawBody: `{"companyName":"Acme \\ud83d\\ude00","address":{"line1":"Hauptstraße 1","city":"Berlin","postalCode":"10115","country":"DE"},"billingEmail":"billing@acme.test"}`,
      });
      expect(paired.status).toBe(200);
      expect(paired.body.companyName).toBe("Acme 😀");
    });

    it("never writes an invitation token to the log", async () => {
      const created = await provision(app, { admin: { email: "inviter@edge.test", name: "Ivo" } });
      const invited = await app.request("POST", "/api/v1/users", {
        token: created.adminKey,
        body: { email: "invited@edge.test", name: "Ina Invited", role: "member" },
      });
      const token = String(invited.body.invitation.url).split("/").pop() as string;
      expect(token.length).toBeGreaterThan(10);
      logLines.length = 0;
      expect((await app.request("GET", `/api/v1/invitations/${token}`)).status).toBe(200);
      await app.request("POST", `/api/v1/invitations/${token}/accept`, { body: { password: "short" } });
      await fetch(`${app.baseUrl}/invite/${token}`);
      const log = logLines.join("");
      expect(log).toContain("/api/v1/invitations/[token]");
      expect(log).not.toContain(token);
    });
  });

  describe("the sign-in limits, kept in the database", () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp(dialect, {
        env: { SIGN_IN_ATTEMPTS_PER_MINUTE: "3", SIGN_IN_ATTEMPTS_PER_IP_PER_MINUTE: "5" },
      });
    });
    afterAll(async () => {
      await app?.close();
    });

    it("puts a per-IP ceiling beside the per-IP-and-e-mail limit (password spraying)", async () => {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 8; attempt++) {
        statuses.push((await signInAttempt(app.baseUrl, `spray${attempt}@edge.test`)).status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
      const refused = await signInAttempt(app.baseUrl, "spray-last@edge.test");
      expectError(refused, 429, "too_many_requests");
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    });

    it("shares the counts between two servers on one database", async () => {
      // A second server (as a second process would) on the same database.
      const config = loadConfig({
        ...Object.fromEntries(Object.entries(app.deps.config).map(([key, value]) => [key, String(value)])),
        TRUST_PROXY: "1",
        SIGN_IN_ATTEMPTS_PER_MINUTE: "3",
        SIGN_IN_ATTEMPTS_PER_IP_PER_MINUTE: "1000",
        OPERATOR_TOKEN: app.deps.config.OPERATOR_TOKEN ?? "",
      });
      const first = await buildApp(
        { db: app.handle.db, databaseKind: app.handle.kind, clock: app.clock, catalog: app.catalog, config },
        { logger: false },
      );
      const second = await buildApp(
        { db: app.handle.db, databaseKind: app.handle.kind, clock: app.clock, catalog: app.catalog, config },
        { logger: false },
      );
      try {
        const urls = [];
        for (const server of [first.app, second.app]) {
          await server.listen({ port: 0, host: "127.0.0.1" });
          const address = server.server.address();
          if (!address || typeof address === "string") throw new Error("no port");
          urls.push(`http://127.0.0.1:${address.port}`);
        }
        const statuses: number[] = [];
        for (let attempt = 0; attempt < 6; attempt++) {
          // One client behind the one trusted proxy hop, alternating between the two servers.
          const response = await signInAttempt(urls[attempt % 2] as string, "shared@edge.test", {
            headers: { "x-forwarded-for": "192.0.2.44" },
          });
          statuses.push(response.status);
        }
        expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
      } finally {
        await first.app.close();
        await second.app.close();
      }
    });
  });

  describe("with TRUST_PROXY=1 (one proxy in front)", () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp(dialect, {
        env: {
          TRUST_PROXY: "1",
          SIGN_IN_ATTEMPTS_PER_MINUTE: "3",
          SIGN_IN_ATTEMPTS_PER_IP_PER_MINUTE: "1000",
        },
      });
    });
    afterAll(async () => {
      await app?.close();
    });

    it("takes the client's address from the proxy's X-Forwarded-For: clients are limited apart", async () => {
      const statuses: number[] = [];
      for (const client of ["192.0.2.1", "192.0.2.2", "192.0.2.1", "192.0.2.2", "192.0.2.1", "192.0.2.1"]) {
        const response = await signInAttempt(app.baseUrl, "proxied@edge.test", {
          headers: { "x-forwarded-for": client },
        });
        statuses.push(response.status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      // A client that prepends its own X-Forwarded-For is still the address the proxy saw.
      const spoofed = await signInAttempt(app.baseUrl, "proxied@edge.test", {
        headers: { "x-forwarded-for": "10.9.9.9, 192.0.2.1" },
      });
      expect(spoofed.status).toBe(429);
    });

    it("counts an IPv6 client by its /64: rotating addresses inside it does not reset the limit", async () => {
      const statuses: number[] = [];
      for (let attempt = 1; attempt <= 5; attempt++) {
        const response = await signInAttempt(app.baseUrl, "v6@edge.test", {
          headers: { "x-forwarded-for": `2001:db8:77:1::${attempt.toString(16)}` },
        });
        statuses.push(response.status);
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const otherNetwork = await signInAttempt(app.baseUrl, "v6@edge.test", {
        headers: { "x-forwarded-for": "2001:db8:77:2::1" },
      });
      expect(otherNetwork.status).toBe(401);
    });

    it("marks the session cookie Secure behind a trusted https proxy, without PUBLIC_URL", async () => {
      const created = await provision(app, { admin: { email: "secure@edge.test", name: "Sec Ure" } });
      await givePassword(app, created.admin.id);
      const response = await signInAttempt(app.baseUrl, "secure@edge.test", {
        password: testPassword,
        headers: {
          "x-forwarded-proto": "https",
          "x-forwarded-for": "192.0.2.9",
          origin: `https://${new URL(app.baseUrl).host}`,
        },
      });
      expect(response.status).toBe(200);
      const cookies = response.headers.getSetCookie();
      expect(cookies.length).toBeGreaterThan(0);
      for (const cookie of cookies) expect(cookie).toMatch(/;\s*Secure/i);
    });

    it("records the proxy's client address in the audit source", async () => {
      const created = await provision(app, { admin: { email: "audit-proxy@edge.test", name: "Aud" } });
      await app.request("PATCH", "/api/v1/organization/settings", {
        token: created.adminKey,
        body: { requireApproval: true },
        headers: { "x-forwarded-for": "198.51.100.7" },
      });
      const [event] = await app.handle.db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.organizationId, created.organization.id))
        .orderBy(desc(auditEvents.id))
        .limit(1);
      expect(event?.source).toMatch(/^api 198\.51\.100\.7/);
    });
  });
});

describe("configuration of the edge", () => {
  it("refuses an OPERATOR_TOKEN of spaces or under 16 visible characters", () => {
    for (const token of [
      " ".repeat(16),
      " ".repeat(40),
      "short-token",
      `${"a".repeat(15)} `,
      "\t".repeat(20),
    ]) {
      expect(() => loadConfig({ OPERATOR_TOKEN: token })).toThrow(
        /OPERATOR_TOKEN must be at least 16 visible/,
      );
    }
    expect(loadConfig({ OPERATOR_TOKEN: "a".repeat(16) }).OPERATOR_TOKEN).toBe("a".repeat(16));
  });

  it("trusts no proxy by default and validates TRUST_PROXY at start", () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "2" }).TRUST_PROXY).toBe(2);
    expect(loadConfig({ TRUST_PROXY: "false" }).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "10.0.0.0/8, 127.0.0.1,::1,loopback" }).TRUST_PROXY).toEqual([
      "10.0.0.0/8",
      "127.0.0.1",
      "::1",
      "loopback",
    ]);
    expect(() => loadConfig({ TRUST_PROXY: "true" })).toThrow(/TRUST_PROXY=true would trust any client/);
    for (const bad of ["proxy.example", "10.0.0.0/33", "10.0.0.1,", "99"]) {
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY/);
    }
  });
});
