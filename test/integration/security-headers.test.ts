import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, provision, startTestApp, type TestApp } from "../support/harness.js";

describe.each(dialects)("security headers on %s", (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect);
  });
  afterAll(async () => {
    await app?.close();
  });

  it("sends the API set on JSON answers, errors included, and never lets them be cached", async () => {
    const { adminKey } = await provision(app);
    for (const response of [
      await app.request("GET", "/api/v1/subscription", { token: adminKey }),
      await app.request("GET", "/api/v1/subscription"),
    ]) {
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("content-security-policy")).toBe("frame-ancestors 'none'");
    }
  });

  it("sends the full page policy on the API docs page", async () => {
    const response = await app.request("GET", "/api/docs/");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(response.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(response.headers.get("x-frame-options")).toBe("SAMEORIGIN");
  });
});
