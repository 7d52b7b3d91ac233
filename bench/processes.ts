// Child processes for the benchmarks and the fault suites: the real server (`src/server/main.ts`)
// and the load generator, each in its own process, as they run in production.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import pg from "pg";
import type { LoadResult, LoadSpec } from "./load.js";

export const root = fileURLToPath(new URL("..", import.meta.url));
export const benchOperatorToken = "bench-operator-token-0123456789";

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Everything the process printed (stdout and stderr), for failure reports. */
  output(): string;
  /** The process's peak resident set (VmHWM) in bytes, from /proc. */
  peakMemory(): number;
  /** The current resident set (VmRSS) in bytes, from /proc. */
  memory(): number;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

function procStatus(pid: number, field: "VmHWM" | "VmRSS"): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
    return match ? Number(match[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * How `npm start` starts the billing server (package.json "start"): `node scripts/server.mjs`, which
 * builds src/server into one ES module and runs it in the same process (decision 0016).
 */
export const serverLauncher = "scripts/server.mjs";

/** CPU time a process has used, in ms (user, system, and their sum), from /proc/<pid>/stat. */
export function cpuTime(pid: number): { user: number; system: number; total: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  // Clock ticks, USER_HZ = 100.
  const user = (Number(fields[11]) * 1000) / 100;
  const system = (Number(fields[12]) * 1000) / 100;
  return { user, system, total: user + system };
}

/**
 * Starts an entry point in one process (its pid is the server's): a TypeScript one with
 * `node --import tsx`, a JavaScript one (the server launcher) with `node` alone.
 * BENCH_NODE_ARGS adds node options to servers (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
 */
export function startNode(
  entry: string,
  env: Record<string, string>,
  args: string[] = [],
  nodeArgs: string[] = [],
): ChildProcess {
  const loader = entry.endsWith(".ts") ? ["--import", "tsx"] : [];
  return spawn(process.execPath, [...nodeArgs, ...loader, entry, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

async function waitForHttp(url: string, child: ChildProcess, output: () => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`process exited with ${child.exitCode} before answering:\n${output()}`);
    }
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no answer from ${url} within ${timeoutMs} ms:\n${output()}`);
}

/** Spawns a process listening on `port` and resolves once `readyPath` answers 200. */
export async function startListening(
  entry: string,
  env: Record<string, string>,
  options: { port?: number; readyPath: string; timeoutMs?: number },
): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const child = startNode(entry, { ...env, PORT: String(port), HOST: "127.0.0.1" }, [], nodeArgs);
  let printed = "";
  const keep = (chunk: Buffer) => {
    printed = (printed + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const url = `http://127.0.0.1:${port}`;
  const pid = child.pid ?? -1;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await waitForHttp(`${url}${options.readyPath}`, child, () => printed, options.timeoutMs ?? 60_000);
  return {
    url,
    pid,
    child,
    output: () => printed,
    peakMemory: () => procStatus(pid, "VmHWM"),
    memory: () => procStatus(pid, "VmRSS"),
    async kill(signal: NodeJS.Signals = "SIGTERM") {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * The environment of a server the request benchmarks load: a manual clock, and the API process
 * alone, as a deployment that delivers webhooks and e-mail (receipts with their PDFs) from other
 * processes runs it (decision 0043); bench/webhooks.ts and bench/invoices.ts measure delivery.
 * BENCH_EVENT_DELIVERY=true measures both in one process.
 */
export const benchServerEnv = {
  BILLING_CLOCK: "manual",
  EVENT_DELIVERY: process.env.BENCH_EVENT_DELIVERY === "true" ? "true" : "false",
};

/** The billing server, as `npm start` runs it, on PostgreSQL (`databaseUrl`) or PGlite (`dataDir`). */
export function startBillingServer(options: {
  databaseUrl?: string;
  dataDir?: string;
  port?: number;
  env?: Record<string, string>;
}): Promise<ServerProcess> {
  return startListening(
    serverLauncher,
    {
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : { DATABASE_URL: "" }),
      ...(options.dataDir ? { DATA_DIR: options.dataDir } : {}),
      OPERATOR_TOKEN: benchOperatorToken,
      SEED_DEMO: "false",
      LOG_LEVEL: "warn",
      // No balancer to tell: a stop need not wait for one (test/ops/shutdown.test.ts tests the drain).
      SHUTDOWN_DRAIN_MS: "0",
      ...options.env,
    },
    { port: options.port, readyPath: "/readyz" },
  );
}

/** Runs the load generator in its own process and returns its figures. */
export async function runLoadProcess(spec: LoadSpec): Promise<LoadResult> {
  const child = startNode("bench/load.ts", {}, [JSON.stringify(spec)]);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  const line = stdout.trim().split("\n").at(-1) ?? "";
  if (code !== 0 || !line.startsWith("{"))
    throw new Error(`load generator failed (${code}): ${stderr}${stdout}`);
  return JSON.parse(line) as LoadResult;
}

export const adminPostgresUrl =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  process.env.DATABASE_URL ??
  "postgres://postgres@127.0.0.1:5432/test";

/** A new, empty PostgreSQL database beside `adminPostgresUrl`; the server migrates it at start. */
export async function createDatabase(prefix = "wp_bench"): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(5).toString("hex")}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminPostgresUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(adminPostgresUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** Provisions `count` organizations through the operator API, `parallel` at a time; returns admin keys. */
export async function provisionOrganizations(
  url: string,
  count: number,
  options: { seats?: number; parallel?: number; prefix?: string } = {},
): Promise<{ organizationId: string; key: string }[]> {
  const created: { organizationId: string; key: string }[] = [];
  let next = 0;
  const prefix = options.prefix ?? "bench";
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const response = await fetch(`${url}/api/v1/organizations`, {
        method: "POST",
        headers: { authorization: `Bearer ${benchOperatorToken}`, "content-type": "application/json" },
        body: JSON.stringify({
          name: `${prefix} ${index}`,
          currency: "USD",
          seats: options.seats ?? 250,
          additionalCreditBlocks: 0,
          interval: "month",
          requireApproval: false,
          admin: { email: `admin-${index}@${prefix}.test`, name: `Admin ${index}` },
        }),
      });
      const body = (await response.json()) as { organization: { id: string }; apiKey: { secret: string } };
      if (response.status !== 201)
        throw new Error(`provisioning: ${response.status} ${JSON.stringify(body)}`);
      created.push({ organizationId: body.organization.id, key: body.apiKey.secret });
    }
  };
  await Promise.all(Array.from({ length: options.parallel ?? 8 }, worker));
  return created;
}

/**
 * The end of a script whose main() failed: exit code 1 once its handles close (every script closes
 * them in `finally`), and a forced end after 5 s should a pool or a child keep it alive.
 */
export function endFailedRun(error: unknown): void {
  console.error(error);
  process.exitCode = 1;
  setTimeout(() => process.kill(process.pid, "SIGTERM"), 5_000).unref();
}

/**
 * pgbench's default (TPC-B-like) script at `clients` clients for `seconds`, on a new database
 * beside `adminPostgresUrl`; scale ≥ clients, as its docs advise. PGBENCH names the binary.
 */
export async function pgbenchTps(clients: number, seconds: number): Promise<number> {
  const pgbench = process.env.PGBENCH ?? "/usr/lib/postgresql/15/bin/pgbench";
  const database = await createDatabase("wp_pgbench");
  const url = new URL(database.url);
  const connection = ["-h", url.hostname, "-p", url.port || "5432", "-U", decodeURIComponent(url.username)];
  const name = url.pathname.slice(1);
  try {
    execFileSync(pgbench, [...connection, "-i", "-q", "-s", String(Math.max(10, clients)), name], {
      stdio: "pipe",
    });
    const output = execFileSync(
      pgbench,
      [...connection, "-c", String(clients), "-j", "2", "-T", String(seconds), name],
      { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(output)?.[1];
    if (!tps) throw new Error(`pgbench printed no tps:\n${output}`);
    return Number(tps);
  } finally {
    await database.drop();
  }
}
