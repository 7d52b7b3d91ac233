// `flock /tmp/bench.lock npx tsx bench/seats.ts [seconds=5] [--pgbench] [--pglite]`: the seat-change
// row of `npm run bench` alone (PostgreSQL, or with --pglite the server on PGlite), for quick iterations: applied seat changes/s (POST
// /subscription/changes, ±1 seat, 200 organizations, 16 connections, autocannon in its own process)
// with the server's CPU per change (user + system, from /proc/<pid>/stat around the measured load),
// and with --pgbench pgbench's default TPC-B at 16 clients right after, as npm run bench runs it.
// BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof-seats" profiles the server.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LoadResult } from "./load.js";
import {
  benchServerEnv,
  cpuTime,
  createDatabase,
  endFailedRun,
  pgbenchTps,
  provisionOrganizations,
  runLoadProcess,
  startBillingServer,
} from "./processes.js";

const seconds = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? 5);
const withPgbench = process.argv.includes("--pgbench");
const onPglite = process.argv.includes("--pglite");
const connections = Number(process.env.BENCH_SEAT_CLIENTS ?? 16);
const organizations = 200;

/** CPU time (ms) of this process's ended and reaped children (the load generator), from /proc. */
function childrenMs(): number {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]?.split(" ") ?? [];
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
}

/**
 * CPU time (ms) of the PostgreSQL backends serving `database` (their process title names it), so
 * that other databases' work on a shared machine is not counted; the WAL writer and checkpointer
 * are left out.
 */
function postgresMs(database: string | undefined): number {
  let total = 0;
  if (database === undefined) return total;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(` ${database} `)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.split(") ")[1]?.split(" ") ?? [];
      total += ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    } catch {
      // ended meanwhile
    }
  }
  return total;
}

/** The machine's busy and idle CPU time (ms, all CPUs) from /proc/stat. */
function machineMs(): { busy: number; idle: number } {
  const fields = (readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "").split(/\s+/).slice(1).map(Number);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  const all = fields.slice(0, 8).reduce((sum, value) => sum + value, 0);
  return { busy: ((all - idle) * 1000) / 100, idle: (idle * 1000) / 100 };
}

/** A fresh PGlite data directory (`url` is its path), as `npm start` keeps one. */
function pgliteDirectory(): { url: string; drop(): Promise<void> } {
  const url = mkdtempSync(join(tmpdir(), "wp-bench-seats-"));
  return { url, drop: async () => rmSync(url, { recursive: true, force: true }) };
}

async function main() {
  const database = onPglite ? pgliteDirectory() : await createDatabase();
  let result: LoadResult;
  let user = 0;
  let system = 0;
  let postgres = 0;
  let load = 0;
  let machine = { busy: 0, idle: 0 };
  try {
    const server = await startBillingServer(
      onPglite
        ? { dataDir: database.url, env: benchServerEnv }
        : { databaseUrl: database.url, env: benchServerEnv },
    );
    try {
      // PGlite runs inside the server process: its CPU is the server's.
      const backendsOf = onPglite ? undefined : new URL(database.url).pathname.slice(1);
      const keys = (await provisionOrganizations(server.url, organizations)).map((org) => org.key);
      await runLoadProcess({ url: server.url, kind: "seats", connections, seconds: 2, keys });
      const before = cpuTime(server.pid);
      const postgresBefore = postgresMs(backendsOf);
      const machineBefore = machineMs();
      const loadBefore = childrenMs();
      result = await runLoadProcess({ url: server.url, kind: "seats", connections, seconds, keys });
      const after = cpuTime(server.pid);
      const machineAfter = machineMs();
      const requests = result.ok + result.non2xx;
      user = ((after.user - before.user) * 1000) / requests;
      system = ((after.system - before.system) * 1000) / requests;
      postgres = ((postgresMs(backendsOf) - postgresBefore) * 1000) / requests;
      load = ((childrenMs() - loadBefore) * 1000) / requests;
      machine = {
        busy: ((machineAfter.busy - machineBefore.busy) * 1000) / requests,
        idle: ((machineAfter.idle - machineBefore.idle) * 1000) / requests,
      };
    } finally {
      await server.kill();
    }
  } finally {
    await database.drop();
  }
  const errors =
    result.non2xx + result.errors > 0
      ? `, FAILED ${result.non2xx} non-2xx ${result.errors} errors ${JSON.stringify(result.statusCodes)}`
      : "";
  const line = `seats ${Math.round(result.perSecond)}/s (p50 ${result.p50} ms, p99 ${result.p99} ms${errors}), server CPU ${Math.round(user + system)} µs/change (user ${Math.round(user)}, system ${Math.round(system)}); PostgreSQL ${Math.round(postgres)}, load generator ${Math.round(load)}, machine busy ${Math.round(machine.busy)} idle ${Math.round(machine.idle)} µs/change`;
  if (!withPgbench) {
    console.log(line);
    return;
  }
  const tps = await pgbenchTps(connections, seconds);
  console.log(`${line} vs pgbench ${Math.round(tps)} tps: ${(result.perSecond / tps).toFixed(2)}×`);
}

main().catch(endFailedRun);
