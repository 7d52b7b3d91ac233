// `flock /tmp/bench.lock npx tsx bench/seats.ts [seconds=5] [--pgbench] [--pglite]`: the seat-change
// row of `npm run bench` alone (PostgreSQL, or with --pglite the server on PGlite), for quick iterations: applied seat changes/s (POST
// /subscription/changes, ±1 seat, 200 organizations, 16 connections, autocannon in its own process)
// with the server's CPU per change (user + system, from /proc/<pid>/stat around the measured load),
// and with --pgbench pgbench's default TPC-B at 16 clients right after, as npm run bench runs it.
// On PostgreSQL it also prints the database's work per change from its statistics views (buffer
// hits, rows written, WAL records and bytes, and the tables written or scanned): counts that do not
// move with the machine's speed, unlike the CPU figures (decision 0154).
// BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof-seats" profiles the server.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
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

type DatabaseCounters = { totals: Record<string, number>; tables: Map<string, number[]> };
const tableColumns = ["inserted", "updated", "index scans", "seq scans"];

/** The database's cumulative statistics (read in a transaction of their own: a fresh snapshot). */
async function databaseCounters(url: string): Promise<DatabaseCounters> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const totals = await client.query(`
      SELECT d.blks_hit AS "buffer hits", d.blks_read AS "buffers read", d.tup_inserted AS "rows inserted",
        d.tup_updated AS "rows updated", d.xact_commit AS commits,
        w.wal_records AS "WAL records", w.wal_bytes AS "WAL bytes"
      FROM pg_stat_database d, pg_stat_wal w WHERE d.datname = current_database()`);
    const tables = await client.query(`
      SELECT relname, n_tup_ins, n_tup_upd, coalesce(idx_scan, 0) AS idx_scan, seq_scan
      FROM pg_stat_user_tables`);
    return {
      totals: Object.fromEntries(
        Object.entries(totals.rows[0] ?? {}).map(([key, value]) => [key, Number(value)]),
      ),
      tables: new Map(
        tables.rows.map((row) => [
          String(row.relname),
          [row.n_tup_ins, row.n_tup_upd, row.idx_scan, row.seq_scan].map(Number),
        ]),
      ),
    };
  } finally {
    await client.end();
  }
}

/** What the database did per change between two readings (WAL counts the whole cluster). */
function perChange(before: DatabaseCounters, after: DatabaseCounters, changes: number): string {
  const per = (value: number) => (value / changes).toFixed(2);
  const totals = Object.entries(after.totals)
    .map(([key, value]) => `${key} ${per(value - (before.totals[key] ?? 0))}`)
    .join(", ");
  const tables = [...after.tables]
    .map(([name, values]) => {
      const previous = before.tables.get(name) ?? [];
      return [name, values.map((value, index) => (value - (previous[index] ?? 0)) / changes)] as const;
    })
    .filter(([, deltas]) => deltas.some((delta) => delta >= 0.005))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([name, deltas]) =>
        `  ${name}: ${deltas.map((delta, index) => `${tableColumns[index]} ${delta.toFixed(2)}`).join(", ")}`,
    );
  return [`database per change: ${totals}`, ...tables].join("\n");
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
  let databaseWork = "";
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
      const countersBefore = onPglite ? undefined : await databaseCounters(database.url);
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
      // The statistics reach the views within a second of each backend's transaction end.
      if (countersBefore) {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        databaseWork = perChange(countersBefore, await databaseCounters(database.url), requests);
      }
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
  if (databaseWork) console.error(databaseWork);
  if (!withPgbench) {
    console.log(line);
    return;
  }
  const tps = await pgbenchTps(connections, seconds);
  console.log(`${line} vs pgbench ${Math.round(tps)} tps: ${(result.perSecond / tps).toFixed(2)}×`);
}

main().catch(endFailedRun);
