// `npx tsx bench/pglite-memory.ts [seconds] [--postgres]` (not in CI, decision 0013): where the
// billing server's memory goes under the seat-change load of `npm run bench` (200 organizations
// provisioned over HTTP, a 2 s warm-up, then 16 connections of ±1 seat changes for `seconds`,
// default 5). The server runs in its own process on a new PGlite data directory, as in bench/run.ts,
// with bench/pglite-memory-probe.ts loaded to sample the Node heap, external and ArrayBuffer bytes,
// the WebAssembly memory, the resident set and the requests in flight every 100 ms. Prints, per
// phase, the largest sample and the peak resident set (VmHWM) at its end; the resident set after
// the load by kind of mapping; the peak of the initdb child, if one ran; the server's CPU time per
// seat change (the speed figure other processes on the machine disturb least); and the PostgreSQL
// settings PGlite runs with. `--postgres`: the same server and load on PostgreSQL, followed, as in
// npm run bench, by quotes (POST /subscription/preview) at 50 connections for `seconds` after a 2 s
// warm-up (`--no-quotes` leaves them out; `--quotes` adds them on PGlite too).
// Environment: BENCH_NODE_ARGS (node options for the server), BENCH_PGLITE_DATA_DIR (an existing
// data directory, kept), KEEP_PROBE=1 (keep the samples, JSON lines).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { openDatabase } from "../src/server/db/client.js";
import type { LoadResult } from "./load.js";
import {
  cpuTime,
  createDatabase,
  provisionOrganizations,
  runLoadProcess,
  startBillingServer,
} from "./processes.js";

interface Sample {
  t: number;
  rss: number;
  hwm: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  wasm: number;
  wasmCount: number;
  inFlight: number;
  maxInFlight: number;
  spaces: Record<string, number>;
}

const seconds = Number(process.argv.slice(2).find((arg) => !arg.startsWith("--")) ?? 5);
const onPostgres = process.argv.includes("--postgres");
const organizations = 200;
const connections = Number(process.env.BENCH_SEAT_CLIENTS ?? 16);
const quoteConnections = 50;
// Quotes follow the seat changes on PostgreSQL, as in npm run bench; --quotes adds them on PGlite,
// --no-quotes leaves them out.
const withQuotes = process.argv.includes("--quotes") || (onPostgres && !process.argv.includes("--no-quotes"));
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)}`.padStart(5);

const keptDir = process.env.BENCH_PGLITE_DATA_DIR;
const dataDir = keptDir ?? mkdtempSync(join(tmpdir(), "wp-pglite-memory-"));
const probeFile = `${dataDir.replace(/\/$/, "")}-probe.jsonl`;
// The probe is built to plain JavaScript as the server is (scripts/build-server.mjs): loading it
// through tsx would bring back the loader thread the server no longer has (decision 0016).
const probeModule = `${dataDir.replace(/\/$/, "")}-probe.mjs`;
execFileSync(process.execPath, ["scripts/build-server.mjs", "bench/pglite-memory-probe.ts", probeModule]);
process.env.BENCH_NODE_ARGS = `${process.env.BENCH_NODE_ARGS ?? ""} --import ${probeModule}`;

function status(pid: number | string, field: "VmHWM" | "VmRSS"): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(
      readFileSync(`/proc/${pid}/status`, "utf8"),
    );
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Watches for the initdb child that openDatabase starts for a new data directory (its command line
 * names the directory) and keeps its largest VmHWM.
 */
function watchInitdbChild() {
  let peak = 0;
  const timer = setInterval(() => {
    for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
      try {
        const command = readFileSync(`/proc/${pid}/cmdline`, "utf8");
        if (command.includes("-e\0") && command.includes(`\0${dataDir}\0`)) {
          peak = Math.max(peak, status(pid, "VmHWM"));
        }
      } catch {
        // gone
      }
    }
  }, 50);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

/**
 * The server's resident set by mapping (from /proc/<pid>/smaps): the WebAssembly memory (an
 * anonymous read-write mapping of exactly its size), malloc's main heap and per-thread arenas
 * (64 MB-aligned), executable anonymous memory (JIT and WebAssembly code), the node binary and the
 * rest (V8 heap pages, ArrayBuffer contents).
 */
function residentByKind(pid: number, wasmBytes: number): Map<string, number> {
  const kinds = new Map<string, number>();
  let kind = "";
  for (const line of readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      const start = Number.parseInt(head[1] ?? "0", 16);
      const size = Number.parseInt(head[2] ?? "0", 16) - start;
      const [permissions = "", name = ""] = [head[3], head[4]];
      if (name === "[heap]") kind = "malloc main heap";
      else if (name) kind = name.split("/").at(-1) ?? name;
      else if (wasmBytes > 0 && size === wasmBytes && permissions === "rw-p") kind = "WebAssembly memory";
      else if (permissions.includes("x")) kind = "JIT and WebAssembly code";
      else if (start % (64 * 1024 * 1024) === 0 && size <= 64 * 1024 * 1024) kind = "malloc thread arenas";
      else kind = "other anonymous (V8 heap, ArrayBuffers)";
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) kinds.set(kind, (kinds.get(kind) ?? 0) + Number(rss[1]) * 1024);
  }
  return kinds;
}

const readSamples = () =>
  readFileSync(probeFile, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Sample);

const phases: { name: string; from: number; to: number; hwm: number }[] = [];
let result: LoadResult | undefined;
let resident: Map<string, number> | undefined;
let initdbPeak = 0;
let cpuPerChange = 0;
let quotes: LoadResult | undefined;
let cpuPerQuote = 0;
const database = onPostgres ? await createDatabase() : undefined;
const initdb = watchInitdbChild();
let from = Date.now();
const server = await startBillingServer({
  ...(database ? { databaseUrl: database.url } : { dataDir }),
  env: { BILLING_CLOCK: "manual", MEMORY_PROBE_FILE: probeFile, MEMORY_PROBE_MS: "100" },
});
try {
  initdbPeak = initdb.stop();
  phases.push({ name: "start + migrations", from, to: Date.now(), hwm: server.peakMemory() });
  from = Date.now();
  const keys = (await provisionOrganizations(server.url, organizations)).map((org) => org.key);
  phases.push({ name: `provision ${organizations}`, from, to: Date.now(), hwm: server.peakMemory() });
  from = Date.now();
  await runLoadProcess({ url: server.url, kind: "seats", connections, seconds: 2, keys });
  phases.push({ name: "seat warm-up 2 s", from, to: Date.now(), hwm: server.peakMemory() });
  from = Date.now();
  const cpuBefore = cpuTime(server.pid).total;
  result = await runLoadProcess({ url: server.url, kind: "seats", connections, seconds, keys });
  cpuPerChange = (cpuTime(server.pid).total - cpuBefore) / Math.max(1, result.ok);
  phases.push({ name: `seat load ${seconds} s`, from, to: Date.now(), hwm: server.peakMemory() });
  if (withQuotes) {
    // npm run bench measures quotes on PostgreSQL after the seat changes, at 50 connections.
    from = Date.now();
    await runLoadProcess({ url: server.url, kind: "quote", connections: quoteConnections, seconds: 2, keys });
    phases.push({ name: "quote warm-up 2 s", from, to: Date.now(), hwm: server.peakMemory() });
    from = Date.now();
    const before = cpuTime(server.pid).total;
    quotes = await runLoadProcess({
      url: server.url,
      kind: "quote",
      connections: quoteConnections,
      seconds,
      keys,
    });
    cpuPerQuote = (cpuTime(server.pid).total - before) / Math.max(1, quotes.ok);
    phases.push({ name: `quote load ${seconds} s`, from, to: Date.now(), hwm: server.peakMemory() });
  }
  resident = residentByKind(server.pid, readSamples().at(-1)?.wasm ?? 0);
} finally {
  initdb.stop();
  await server.kill();
  await database?.drop();
}

const samples = readSamples();
if (process.env.KEEP_PROBE) console.log(`samples kept in ${probeFile}`);
else rmSync(probeFile, { force: true });
rmSync(probeModule, { force: true });
rmSync(`${probeModule}.map`, { force: true });

const columns = ["rss", "heapUsed", "heapTotal", "external", "arrayBuffers", "wasm"] as const;
console.log(
  `${onPostgres ? "PostgreSQL" : "PGlite"} server memory, MB (largest sample of each phase; VmHWM at its end)`,
);
console.log(`${"phase".padEnd(20)}${columns.map((column) => column.padStart(13)).join("")}  inFlight  VmHWM`);
for (const phase of phases) {
  const inPhase = samples.filter((sample) => sample.t >= phase.from && sample.t <= phase.to);
  const max = (key: (typeof columns)[number] | "maxInFlight") =>
    Math.max(0, ...inPhase.map((sample) => sample[key]));
  console.log(
    `${phase.name.padEnd(20)}${columns.map((column) => mb(max(column)).padStart(13)).join("")}  ${String(max("maxInFlight")).padStart(8)}  ${mb(phase.hwm)}`,
  );
}
const last = samples.at(-1);
if (last) {
  const spaces = Object.entries(last.spaces)
    .filter(([, bytes]) => bytes >= 1024 * 1024)
    .map(([space, bytes]) => `${space} ${mb(bytes).trim()}`);
  console.log(`V8 heap spaces at the end, MB: ${spaces.join(", ")}`);
}
if (resident) {
  console.log("resident set after the load, by mapping, MB:");
  for (const [kind, bytes] of [...resident].sort((a, b) => b[1] - a[1]).slice(0, 7)) {
    console.log(`${mb(bytes)}  ${kind}`);
  }
}
if (initdbPeak > 0)
  console.log(`initdb child process (new data directory): VmHWM ${mb(initdbPeak).trim()} MB`);
if (result) {
  console.log(
    `seat changes: ${Math.round(result.perSecond)}/s, p99 ${result.p99} ms, ${result.non2xx} non-2xx, ${result.errors} errors; server CPU ${cpuPerChange.toFixed(2)} ms per change`,
  );
}
if (quotes) {
  console.log(
    `quotes: ${Math.round(quotes.perSecond)}/s, p99 ${quotes.p99} ms, ${quotes.non2xx} non-2xx, ${quotes.errors} errors; server CPU ${(cpuPerQuote * 1000).toFixed(0)} µs per quote`,
  );
}

if (!onPostgres) {
  // The settings the server ran with: openDatabase applies the same ones to every start.
  const handle = await openDatabase({ dataDir });
  try {
    const names = [
      "shared_buffers",
      "wal_buffers",
      "work_mem",
      "maintenance_work_mem",
      "temp_buffers",
      "effective_cache_size",
      "max_connections",
    ];
    const result = await handle.db.execute(
      sql`SELECT name, current_setting(name) AS value FROM pg_settings WHERE name IN ${names} ORDER BY name`,
    );
    const rows = (result as unknown as { rows: { name: string; value: string }[] }).rows;
    console.log(`PGlite settings: ${rows.map((row) => `${row.name}=${row.value}`).join(", ")}`);
  } finally {
    await handle.close();
  }
}
if (!keptDir) rmSync(dataDir, { recursive: true, force: true });
