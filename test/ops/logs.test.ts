// What the server writes to stdout, where logs are collected: JSON lines only, no secret (the
// generated operator token, the demo's password and API keys, tokens in URLs), probes below info,
// and one line per request with its id and organization (issue 17).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, root, startNode } from "../../bench/processes.js";
import type { DemoCredentials } from "../../src/server/modules/seed/seed.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the server's stdout (PGlite, demo seeded, no OPERATOR_TOKEN, stdout and stderr not a terminal)", () => {
  let dataDir: string;
  let stdout = "";
  let stderr = "";
  let demo: DemoCredentials;
  let url: string;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    const built = spawnSync(process.execPath, ["scripts/build-server.mjs"], { cwd: root, encoding: "utf8" });
    if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
    dataDir = mkdtempSync(join(tmpdir(), "wp-logs-"));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const child = startNode("dist/server/main.mjs", {
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      DATABASE_URL: "",
      OPERATOR_TOKEN: "",
      SEED_DEMO: "true",
      LOG_LEVEL: "info",
      SHUTDOWN_DRAIN_MS: "0",
    });
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    stop = async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    };
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited: ${stdout}${stderr}`);
      if (Date.now() > deadline) throw new Error(`server not ready: ${stdout}${stderr}`);
      try {
        if ((await fetch(`${url}/readyz`)).ok) break;
      } catch {
        // starting
      }
      await sleep(100);
    }
    demo = JSON.parse(readFileSync(join(dataDir, "demo-credentials.json"), "utf8")) as DemoCredentials;
  }, 180_000);
  afterAll(async () => {
    await stop?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("writes JSON lines only, without the demo's secrets or a start banner", async () => {
    const admin = demo.apiKeys.find((key) => key.role === "admin");
    if (!admin) throw new Error("no admin key in the demo");
    const subscription = await fetch(`${url}/api/v1/subscription`, {
      headers: { authorization: `Bearer ${admin.secret}` },
    });
    expect(subscription.status).toBe(200);
    await fetch(`${url}/api/v1/invitations/secret-invitation-token-123`);
    await fetch(`${url}/api/auth/reset-password?token=reset-token-456&callbackURL=/`);
    for (let probe = 0; probe < 5; probe++) {
      await fetch(`${url}/healthz`);
      await fetch(`${url}/readyz`);
      await fetch(`${url}/metrics`);
    }
    await sleep(300);

    const lines = stdout.trim().split("\n");
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    for (const secret of [demo.password, ...demo.apiKeys.map((key) => key.secret)]) {
      expect(stdout).not.toContain(secret);
    }
    expect(stdout).not.toContain("Operator token");
    expect(stdout).not.toContain("secret-invitation-token-123");
    expect(stdout).not.toContain("reset-token-456");
    expect(stdout).toContain("reset-password?token=[redacted]");
    expect(stderr).not.toContain(demo.password);

    const entries = lines.map((line) => JSON.parse(line) as Record<string, any>);
    // Probes and scrapes stay below info.
    expect(entries.filter((entry) => /^\/(healthz|readyz|metrics)/.test(entry.req?.url ?? ""))).toEqual([]);
    // One line per request, with its id and the caller's organization.
    const subscriptionLines = entries.filter((entry) => entry.req?.url === "/api/v1/subscription");
    expect(subscriptionLines).toHaveLength(1);
    expect(subscriptionLines[0]).toMatchObject({
      msg: "request completed",
      reqId: expect.any(String),
      organizationId: demo.organizationId,
      actor: expect.stringMatching(/^api_key:/),
      res: { statusCode: 200 },
    });
    expect(entries.filter((entry) => entry.msg === "incoming request")).toEqual([]);
    // Where to find the demo's credentials, and that the operator token is not shown.
    expect(entries.some((entry) => String(entry.msg).includes("demo-credentials.json"))).toBe(true);
    expect(entries.some((entry) => String(entry.msg).startsWith("OPERATOR_TOKEN is not set"))).toBe(true);
  });
});
