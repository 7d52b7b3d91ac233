// Unknown API and operations paths answer 404 in the API's error shape, not the web page; the web
// app's client-side routes still get index.html (issue 17).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, startTestApp, type TestApp } from "../support/harness.js";

const page = "<!doctype html><title>WiseParts Billing</title><div id=root></div>";

describe.each(dialects)("paths no route serves, on %s", (dialect) => {
  let app: TestApp;
  let webRoot: string;

  beforeAll(async () => {
    webRoot = mkdtempSync(join(tmpdir(), "wp-web-"));
    writeFileSync(join(webRoot, "index.html"), page);
    app = await startTestApp(dialect, { webRoot });
  });
  afterAll(async () => {
    await app?.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  it.each([
    "/metrics/",
    "/healthz/deep",
    "/readyz/anything",
    "/api",
    "/api/",
    "/api/v1/no-such-thing",
    "/api/v2/organizations",
    "/API/v1/nothing",
    "/api/v1/no-such-thing?x=1",
  ])("GET %s is a 404 in the API's error shape", async (path) => {
    const response = await fetch(`${app.baseUrl}${path}`);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("not_found");
    expect(body.error.message).toMatch(/No route for GET/);
  });

  it.each(["/", "/settings/billing", "/invite/abc123token", "/organizations/42/invoices"])(
    "GET %s is the web app's page",
    async (path) => {
      const response = await fetch(`${app.baseUrl}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      expect(await response.text()).toBe(page);
    },
  );

  it("the probes themselves still answer", async () => {
    expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${app.baseUrl}/readyz`)).status).toBe(200);
  });
});
