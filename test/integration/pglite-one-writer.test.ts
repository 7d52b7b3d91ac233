// One process per PGlite data folder (issue 17, decision 0050): a second server process on the same
// DATA_DIR is refused at start with a message naming the process that holds the folder and pointing
// to PostgreSQL; a lock left by a killed process is taken over.
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  benchOperatorToken,
  freePort,
  type ServerProcess,
  serverLauncher,
  startBillingServer,
  startNode,
} from "../../bench/processes.js";
import { DataDirLockedError, lockDataDir } from "../../src/server/db/data-dir-lock.js";

/** Starts a server on `dataDir` and waits until it either exits or answers /readyz. */
async function startOrRefuse(dataDir: string) {
  const port = await freePort();
  const child: ChildProcess = startNode(serverLauncher, {
    DATABASE_URL: "",
    DATA_DIR: dataDir,
    OPERATOR_TOKEN: benchOperatorToken,
    SEED_DEMO: "false",
    LOG_LEVEL: "warn",
    PORT: String(port),
    HOST: "127.0.0.1",
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  let serving = false;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      serving = (await fetch(`http://127.0.0.1:${port}/readyz`)).ok;
    } catch {
      // not listening (yet)
    }
    if (serving) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (serving || child.exitCode === null) {
    child.kill("SIGKILL");
    await exited;
    return { serving, code: null, output };
  }
  return { serving, code: await exited, output };
}

describe("one process per PGlite data folder", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "wp-one-writer-"));
  const servers: ServerProcess[] = [];

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.kill("SIGKILL")));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("refuses a second process while the first runs, and takes over the lock of a killed one", async () => {
    const first = await startBillingServer({ dataDir });
    servers.push(first);

    const second = await startOrRefuse(dataDir);
    expect(second.serving, second.output).toBe(false);
    expect(second.code, second.output).toBe(1);
    expect(second.output).toContain(`in use by process ${first.pid}`);
    expect(second.output).toContain(dataDir);
    expect(second.output).toMatch(/PostgreSQL/);
    // The first one is untouched and still serves.
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);

    // Killed without a chance to clean up: its lock stays behind, naming a process that is gone.
    await first.kill("SIGKILL");
    expect(existsSync(join(dataDir, "billing.lock"))).toBe(true);
    const third = await startBillingServer({ dataDir });
    servers.push(third);
    expect((await fetch(`${third.url}/readyz`)).status).toBe(200);
    expect(JSON.parse(readFileSync(join(dataDir, "billing.lock"), "utf8")).pid).toBe(third.pid);

    // A clean stop releases the folder.
    await third.kill("SIGTERM");
    expect(existsSync(join(dataDir, "billing.lock"))).toBe(false);
  }, 180_000);

  it("a second open in the same process is refused too, and a released folder opens again", () => {
    const folder = mkdtempSync(join(tmpdir(), "wp-one-writer-self-"));
    try {
      const release = lockDataDir(folder);
      expect(() => lockDataDir(folder)).toThrow(DataDirLockedError);
      expect(() => lockDataDir(folder)).toThrow(`in use by process ${process.pid}`);
      release();
      lockDataDir(folder)();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
