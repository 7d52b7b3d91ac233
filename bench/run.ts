// `npm run bench [-- seconds]`: one table, every figure measured side by side in the same run.
//   1. quote (POST /subscription/preview) req/s and p99 at 50 connections, against a bare Fastify
//      "hello" route served the same way (target ≥ 0.5×): one body per organization asked again
//      and again (the server remembers a quote for its second, decision 0018), and, for the record,
//      a new body every request (every quote computed);
//   2. applied seat changes/s (POST /subscription/changes, ±1 seat, spread over many
//      organizations) on PostgreSQL, against pgbench's default TPC-B-like tps at the same client
//      count (target ≥ 1.0×);
//   3. the same seat changes with the server on PGlite, against PostgreSQL (target ≥ 0.35×);
//   4. the server process's peak memory (VmHWM) under that load (target ≤ 300 MB);
//   5. invoice PDFs rendered per CPU second on one core and their size (bench/invoices.ts).
//   6. webhook deliveries/s to a local receiver (target ≥ 2,000/s) and the delivery lag p99 at 500
//      events/s (target < 1 s), bench/webhooks.ts.
// Servers and the load generator (autocannon, bench/load.ts) each run in their own process. The
// figures are printed, never asserted; the database is verified after the load.
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../src/server/db/client.js";
import { verifyDatabase } from "../src/server/verify/verify.js";
import { measureInvoicePdfs } from "./invoices.js";
import type { LoadResult } from "./load.js";
import {
  adminPostgresUrl,
  benchServerEnv,
  createDatabase,
  endFailedRun,
  pgbenchTps,
  provisionOrganizations,
  runLoadProcess,
  type ServerProcess,
  startBillingServer,
  startListening,
} from "./processes.js";
import { webhookFigures } from "./webhooks.js";

const seconds = Number(process.argv[2] ?? process.env.BENCH_SECONDS ?? 10);
const quoteConnections = 50;
const seatClients = Number(process.env.BENCH_SEAT_CLIENTS ?? 16);
const organizations = 200;

const log = (message: string) => console.error(`[bench] ${message}`);
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const rate = (value: number) => Math.round(value).toLocaleString("en-US");
const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;

function checkErrors(label: string, result: LoadResult) {
  if (result.non2xx > 0 || result.errors > 0) {
    log(`${label}: ${result.non2xx} non-2xx, ${result.errors} errors ${JSON.stringify(result.statusCodes)}`);
  }
}

async function seatChanges(server: ServerProcess, label: string) {
  log(`${label}: provisioning ${organizations} organizations`);
  const keys = (await provisionOrganizations(server.url, organizations)).map((org) => org.key);
  // Warm-up: JIT, plan caches, connection pool.
  await runLoadProcess({ url: server.url, kind: "seats", connections: seatClients, seconds: 2, keys });
  log(`${label}: seat changes, ${seatClients} connections, ${seconds} s`);
  const result = await runLoadProcess({
    url: server.url,
    kind: "seats",
    connections: seatClients,
    seconds,
    keys,
  });
  checkErrors(`${label} seat changes`, result);
  return { result, keys };
}

async function main() {
  const started = new Date();
  log(`${seconds} s per figure; PostgreSQL at ${new URL(adminPostgresUrl).host}`);

  // 1 + 2 + 4: the server on PostgreSQL.
  const database = await createDatabase();
  let quote: LoadResult;
  let quoteComputed: LoadResult;
  let seatsPostgres: LoadResult;
  let peakPostgres: number;
  let verified = "not run";
  try {
    const server = await startBillingServer({ databaseUrl: database.url, env: benchServerEnv });
    try {
      const seats = await seatChanges(server, "PostgreSQL");
      seatsPostgres = seats.result;
      await runLoadProcess({
        url: server.url,
        kind: "quote",
        connections: quoteConnections,
        seconds: 2,
        keys: seats.keys,
      });
      log(`PostgreSQL: quotes, ${quoteConnections} connections, ${seconds} s`);
      quote = await runLoadProcess({
        url: server.url,
        kind: "quote",
        connections: quoteConnections,
        seconds,
        keys: seats.keys,
      });
      checkErrors("quote", quote);
      log(`PostgreSQL: quotes with a new body every request, ${quoteConnections} connections, ${seconds} s`);
      quoteComputed = await runLoadProcess({
        url: server.url,
        kind: "quote",
        connections: quoteConnections,
        seconds,
        keys: seats.keys,
        distinctBodies: true,
      });
      checkErrors("quote (new bodies)", quoteComputed);
      peakPostgres = server.peakMemory();
    } finally {
      await server.kill();
    }
    const handle = await openDatabase({ databaseUrl: database.url, poolSize: 2 });
    try {
      // The server's manual clock stood at its start, a minute ago at most.
      const report = await verifyDatabase(handle.db, { now: new Date(), overdueToleranceMs: 60 * 60 * 1000 });
      verified = report.ok
        ? "every invariant holds"
        : `FAILED: ${report.checks
            .filter((check) => !check.ok)
            .map((check) => check.id)
            .join(", ")}`;
    } finally {
      await handle.close();
    }
  } finally {
    await database.drop();
  }

  // 1: the reference hello route, same connections, same load generator.
  const hello = await startListening("bench/hello-server.ts", {}, { readyPath: "/hello" });
  let helloResult: LoadResult;
  try {
    await runLoadProcess({ url: hello.url, kind: "hello", connections: quoteConnections, seconds: 2 });
    log(`hello: ${quoteConnections} connections, ${seconds} s`);
    helloResult = await runLoadProcess({
      url: hello.url,
      kind: "hello",
      connections: quoteConnections,
      seconds,
    });
  } finally {
    await hello.kill();
  }

  // 2: pgbench at the seat benchmark's client count.
  log(`pgbench: ${seatClients} clients, ${seconds} s`);
  const tps = await pgbenchTps(seatClients, seconds);

  // 3 + 4: the server on PGlite (a data directory, as `npm start` keeps it).
  const dataDir = mkdtempSync(join(tmpdir(), "wp-bench-pglite-"));
  let seatsPglite: LoadResult;
  let peakPglite: number;
  try {
    const server = await startBillingServer({ dataDir, env: benchServerEnv });
    try {
      seatsPglite = (await seatChanges(server, "PGlite")).result;
      peakPglite = server.peakMemory();
    } finally {
      await server.kill();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }

  log("invoice PDFs: rendering on one core");
  const pdfs = await measureInvoicePdfs(Math.min(seconds, 5));

  // 5: webhook delivery on PostgreSQL.
  log(`webhooks: a backlog of deliveries, then ${seconds} s at 500 events/s`);
  const hooks = await webhookFigures(seconds);

  const ratio = (value: number, reference: number) => value / reference;
  const verdict = (met: boolean) => (met ? "met" : "MISSED");
  const quoteRatio = ratio(quote.perSecond, helloResult.perSecond);
  const computedRatio = ratio(quoteComputed.perSecond, helloResult.perSecond);
  const seatRatio = ratio(seatsPostgres.perSecond, tps);
  const pgliteRatio = ratio(seatsPglite.perSecond, seatsPostgres.perSecond);
  const rows = [
    [
      "invoice PDFs per CPU second on one core, 5 lines with VAT (bench/invoices.ts)",
      `${rate(pdfs.perCpuSecond)} (${rate(pdfs.perSecond)}/s wall clock), ${(pdfs.bytes / 1024).toFixed(1)} KB each`,
      "",
      "",
      "≥ 100/s, ≤ 60 KB",
      verdict(pdfs.perCpuSecond >= 100 && pdfs.bytes <= 60 * 1024),
    ],
    [
      `quote (preview) req/s, ${quoteConnections} connections, one body per organization`,
      `${rate(quote.perSecond)} (p99 ${ms(quote.p99)})`,
      `Fastify hello ${rate(helloResult.perSecond)} (p99 ${ms(helloResult.p99)})`,
      `${quoteRatio.toFixed(2)}×`,
      "≥ 0.5×",
      verdict(quoteRatio >= 0.5),
    ],
    [
      `quote req/s, a new body every request (every quote computed)`,
      `${rate(quoteComputed.perSecond)} (p99 ${ms(quoteComputed.p99)})`,
      `Fastify hello ${rate(helloResult.perSecond)}`,
      `${computedRatio.toFixed(2)}×`,
      "(for the record)",
      "",
    ],
    [
      `seat changes/s on PostgreSQL, ${seatClients} connections, ${organizations} organizations`,
      `${rate(seatsPostgres.perSecond)} (p99 ${ms(seatsPostgres.p99)})`,
      `pgbench TPC-B, ${seatClients} clients: ${rate(tps)} tps`,
      `${seatRatio.toFixed(2)}×`,
      "≥ 1.0×",
      verdict(seatRatio >= 1),
    ],
    [
      "seat changes/s on PGlite (same load)",
      `${rate(seatsPglite.perSecond)} (p99 ${ms(seatsPglite.p99)})`,
      `PostgreSQL ${rate(seatsPostgres.perSecond)}`,
      `${pgliteRatio.toFixed(2)}×`,
      "≥ 0.35×",
      verdict(pgliteRatio >= 0.35),
    ],
    [
      "server peak memory (VmHWM) under that load, PostgreSQL",
      mb(peakPostgres),
      "",
      "",
      "≤ 300 MB",
      verdict(peakPostgres <= 300 * 1024 * 1024),
    ],
    [
      "server peak memory (VmHWM) under that load, PGlite",
      mb(peakPglite),
      "",
      "",
      "≤ 300 MB",
      verdict(peakPglite <= 300 * 1024 * 1024),
    ],
    [
      `webhook deliveries/s to a local receiver, PostgreSQL, ${rate(hooks.delivered)} events of 200 organizations`,
      rate(hooks.deliveriesPerSecond),
      "",
      "",
      "≥ 2,000/s",
      verdict(hooks.deliveriesPerSecond >= 2000),
    ],
    [
      `webhook delivery lag (commit → receiver) at ${hooks.rate} events/s`,
      `p99 ${ms(hooks.lagP99Ms)} (p50 ${ms(hooks.lagP50Ms)})`,
      "",
      "",
      "p99 < 1 s",
      verdict(hooks.lagP99Ms < 1000),
    ],
  ];
  const errors = [quote, quoteComputed, seatsPostgres, seatsPglite].reduce(
    (total, result) => total + result.non2xx + result.errors,
    0,
  );
  const lines = [
    `npm run bench -- ${seconds}: ${started.toISOString()}, Node ${process.version}, ${cpus().length} CPUs, ${seconds} s per figure`,
    "",
    "| measure | WiseParts | reference | ratio | target | |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows.map((row) => `| ${row.join(" | ")} |`),
    "",
    `Failed requests during the measured loads: ${errors}. verify after the PostgreSQL load: ${verified}.`,
  ];
  console.log(lines.join("\n"));
}

main().catch(endFailedRun);
