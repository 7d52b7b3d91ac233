// Configuration errors name the variable and say what to do; the server waits for a PostgreSQL
// that is not up yet, logging each try, for up to DATABASE_WAIT_SECONDS (issue 17).
import { spawnSync } from "node:child_process";
import { createServer, type Server, type Socket, connect as tcpConnect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { benchOperatorToken, createDatabase, freePort, root, startNode } from "../../bench/processes.js";
import { loadConfig } from "../../src/server/config.js";

const postgresUrl = process.env.TEST_DATABASE_URL;

/** Runs the built server until it exits (or `untilReady` answers, then stops it). */
async function runServer(
  env: Record<string, string>,
  options: { untilReady?: boolean; onStart?: () => void } = {},
) {
  const port = await freePort();
  const child = startNode("dist/server/main.mjs", {
    PORT: String(port),
    HOST: "127.0.0.1",
    OPERATOR_TOKEN: benchOperatorToken,
    SEED_DEMO: "false",
    LOG_LEVEL: "info",
    SHUTDOWN_DRAIN_MS: "0",
    ...env,
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const started = performance.now();
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  options.onStart?.();
  let ready = false;
  if (options.untilReady) {
    const deadline = Date.now() + 60_000;
    while (!ready && Date.now() < deadline && child.exitCode === null) {
      try {
        ready = (await fetch(`http://127.0.0.1:${port}/readyz`)).ok;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    if (child.exitCode === null) child.kill("SIGTERM");
  }
  const code = await exited;
  return { code, stdout, stderr, ready, ms: performance.now() - started };
}

describe("configuration errors", () => {
  beforeAll(() => {
    const built = spawnSync(process.execPath, ["scripts/build-server.mjs"], { cwd: root, encoding: "utf8" });
    if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
  });

  it.each([
    [{ DATABASE_URL: "mysql://root@127.0.0.1:3306/billing" }, "DATABASE_URL", /PostgreSQL URL/],
    [{ DATABASE_URL: "not a url" }, "DATABASE_URL", /postgres:\/\//],
    [{ PORT: "eighty" }, "PORT", /number/],
    [{ DATABASE_WAIT_SECONDS: "-1" }, "DATABASE_WAIT_SECONDS", />=0|at least|too small/i],
    [{ SHUTDOWN_GRACE_MS: "soon" }, "SHUTDOWN_GRACE_MS", /number/],
    [{ TRUST_PROXY: "true" }, "TRUST_PROXY", /hop count/],
    [{ WEBHOOK_ALLOW_PRIVATE_NETWORKS: "sometimes" }, "WEBHOOK_ALLOW_PRIVATE_NETWORKS", /true|false/],
    [{ EVENT_RETENTION_DAYS: "0" }, "EVENT_RETENTION_DAYS", />=1|at least|too small/i],
  ])("names the variable in %j", (env, name, what) => {
    let message = "";
    try {
      loadConfig(env);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/correct these environment variables/);
    expect(message).toContain(`${name}:`);
    expect(message).toMatch(what);
  });

  it("filters webhook egress and keeps events 90 days unless told otherwise", () => {
    expect(loadConfig({})).toMatchObject({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: false, EVENT_RETENTION_DAYS: 90 });
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: "true", EVENT_RETENTION_DAYS: "30" })).toMatchObject({
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: true,
      EVENT_RETENTION_DAYS: 30,
    });
  });

  it("a mysql:// DATABASE_URL stops the server at once with a message naming DATABASE_URL", async () => {
    const result = await runServer({ DATABASE_URL: "mysql://root@127.0.0.1:3306/billing" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("DATABASE_URL must be a PostgreSQL URL");
    expect(result.stderr).not.toMatch(/copyData/);
  });

  it("waits DATABASE_WAIT_SECONDS for a PostgreSQL nobody answers, logging each try, then names DATABASE_URL", async () => {
    const port = await freePort();
    const result = await runServer({
      DATABASE_URL: `postgres://billing:s3cret-password@127.0.0.1:${port}/billing`,
      DATABASE_WAIT_SECONDS: "2",
    });
    expect(result.code).toBe(1);
    expect(result.ms).toBeGreaterThan(2_000);
    expect(result.ms).toBeLessThan(20_000);
    const tries = result.stdout
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { msg: string; attempt?: number; code?: string });
    const waits = tries.filter((line) => line.msg.startsWith("database not reachable yet"));
    expect(waits.length).toBeGreaterThanOrEqual(2);
    expect(waits[0]).toMatchObject({ attempt: 1, code: "ECONNREFUSED" });
    expect(result.stderr).toContain(`DATABASE_URL (postgres://billing:***@127.0.0.1:${port}/billing)`);
    expect(result.stderr).toContain("no PostgreSQL answered within 2 s");
    expect(result.stderr).toContain("DATABASE_WAIT_SECONDS");
    expect(result.stdout + result.stderr).not.toContain("s3cret-password");
  }, 60_000);

  describe.runIf(Boolean(postgresUrl))("with PostgreSQL", () => {
    let proxy: Server | undefined;
    const sockets: Socket[] = [];
    // A database of its own: the server migrates it from nothing, whatever the shared one holds.
    let fresh: Awaited<ReturnType<typeof createDatabase>> | undefined;
    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      proxy?.close();
      await fresh?.drop();
    });

    it("connects once PostgreSQL comes up within the wait", async () => {
      fresh = await createDatabase("wp_test_wait");
      const target = new URL(fresh.url);
      const port = await freePort();
      const url = new URL(fresh.url);
      url.port = String(port);
      url.hostname = "127.0.0.1";
      const result = await runServer(
        { DATABASE_URL: url.toString(), DATABASE_WAIT_SECONDS: "30" },
        {
          untilReady: true,
          // "PostgreSQL" (a proxy to it) starts listening 4 s after the server.
          onStart: () =>
            setTimeout(() => {
              proxy = createServer((client) => {
                const upstream = tcpConnect(Number(target.port || 5432), target.hostname);
                sockets.push(client, upstream);
                client.pipe(upstream).pipe(client);
                client.on("error", () => upstream.destroy());
                upstream.on("error", () => client.destroy());
              }).listen(port, "127.0.0.1");
            }, 4_000),
        },
      );
      expect(result.ready, result.stdout + result.stderr).toBe(true);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("database not reachable yet");
    }, 90_000);

    it("a wrong password is not waited for and says what is wrong", async () => {
      const url = new URL(postgresUrl as string);
      url.username = "no_such_role_wp";
      url.password = "wrong";
      const result = await runServer({ DATABASE_URL: url.toString(), DATABASE_WAIT_SECONDS: "30" });
      expect(result.code).toBe(1);
      expect(result.ms).toBeLessThan(15_000);
      expect(result.stderr).toMatch(/DATABASE_URL \(.*\*\*\*.*\):/);
    }, 60_000);
  });
});
