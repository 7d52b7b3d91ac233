// SIGTERM to `npm start` itself, as a process manager sends it, under a mixed load: the signal
// reaches the server, readiness turns 503 while requests are still served, the process exits 0,
// no request gets a 5xx, and every acknowledged operation is in the database exactly once (the
// client retries unanswered requests with the same key on a restarted server). On PGlite always,
// on PostgreSQL when TEST_DATABASE_URL is set (issue 17).
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  benchOperatorToken,
  createDatabase,
  freePort,
  provisionOrganizations,
  root,
  type ServerProcess,
  startBillingServer,
} from "../../bench/processes.js";
import { openDatabase } from "../../src/server/db/client.js";
import { expectExactlyAcknowledged, mixedLoad, RetryingClient, seededRandom } from "../faults/workload.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const dialects = process.env.TEST_DATABASE_URL ? (["pglite", "postgres"] as const) : (["pglite"] as const);

async function waitForReady(url: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output()}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`npm start did not become ready:\n${output()}`);
}

describe.each(dialects)("SIGTERM to npm start under load (%s)", (dialect) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it("drains: readiness 503 at once, no 5xx, exit 0, nothing acknowledged lost", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "wp-shutdown-"));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const database = dialect === "postgres" ? await createDatabase("wp_shutdown") : undefined;
    if (database) cleanups.push(() => database.drop());
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env = {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      DATABASE_URL: database?.url ?? "",
      OPERATOR_TOKEN: benchOperatorToken,
      SEED_DEMO: "false",
      BILLING_CLOCK: "manual",
      LOG_LEVEL: "info",
      SHUTDOWN_DRAIN_MS: "1500",
      SHUTDOWN_GRACE_MS: "10000",
    };
    const npm = spawn("npm", ["start"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let printed = "";
    const keep = (chunk: Buffer) => {
      printed = (printed + chunk.toString()).slice(-50_000);
    };
    npm.stdout?.on("data", keep);
    npm.stderr?.on("data", keep);
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      npm.once("exit", (code, signal) => resolve({ code, signal })),
    );
    cleanups.push(() => {
      if (npm.exitCode === null) npm.kill("SIGKILL");
    });
    await waitForReady(url, npm, () => printed);

    let second: ServerProcess | undefined;
    cleanups.push(() => second?.kill("SIGKILL"));
    const client = new RetryingClient(() => [url], benchOperatorToken);
    expect((await client.moveClock(new Date("2026-01-01T00:00:00Z"))).status).toBe(200);
    const organizations = await provisionOrganizations(url, 4, { seats: 50, prefix: "drain" });

    let stopped = false;
    const random = seededRandom(17);
    const workers = Array.from({ length: 6 }, () => mixedLoad(client, organizations, () => stopped, random));
    const readiness: number[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        try {
          readiness.push((await fetch(`${url}/readyz`)).status);
        } catch {
          // closed
        }
        await sleep(50);
      }
    })();

    await sleep(1_000);
    const acknowledgedBefore = client.acknowledged.length;
    const signalled = performance.now();
    npm.kill("SIGTERM");
    const { code, signal } = await exited;
    const shutdownMs = performance.now() - signalled;
    polling = false;
    await poller;

    expect({ code, signal }, printed).toEqual({ code: 0, signal: null });
    expect(shutdownMs).toBeLessThan(10_000);
    expect(readiness, "readiness answered 503 during the drain").toContain(503);
    expect(printed).toContain("shutdown: done");
    expect(client.acknowledged.length, "requests were served during the drain").toBeGreaterThan(
      acknowledgedBefore,
    );
    // The server is gone with npm, not orphaned.
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();

    // Requests left unanswered are retried with their keys on a new server on the same data.
    second = await startBillingServer({
      ...(database ? { databaseUrl: database.url } : { dataDir }),
      port,
      env: { BILLING_CLOCK: "manual" },
    });
    stopped = true;
    await Promise.all(workers);
    await second.kill("SIGTERM");
    expect(client.serverErrors).toEqual([]);

    const handle = await openDatabase(database ? { databaseUrl: database.url, poolSize: 1 } : { dataDir });
    try {
      await expectExactlyAcknowledged(handle.db, client);
    } finally {
      await handle.close();
    }
  }, 240_000);
});
