import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { pino } from "pino";
import { listenOnPostgres, ownBackends } from "./cache/cache-invalidation.js";
import { loadCatalog } from "./catalog.js";
import { type Clock, ManualClock, systemClock } from "./clock.js";
import { type Config, loadConfig } from "./config.js";
import { migrateDatabase, openDatabase, withStartupLock } from "./db/client.js";
import { testClock } from "./db/schema.js";
import { waitForDatabase } from "./db/wait-for-database.js";
import { startEventDelivery } from "./events/start-events.js";
import { buildApp } from "./http/app.js";
import { startScheduler } from "./jobs/scheduler.js";
import { type DemoCredentials, seedDemo } from "./modules/seed/seed.js";
import { loadSeller } from "./seller.js";
import { installSignalHandlers } from "./shutdown.js";

/**
 * How much V8 lets its old generation grow past what the last full collection left alive before it
 * collects again: 50%. V8's own choice goes up to 4× on a machine whose heap limit is 2 GB or more,
 * and under load most of that growth is garbage: request objects that outlived two scavenges, 40 MB
 * alive and 80 to 150 MB of old space, the largest and least predictable part of the peak
 * (decision 0016). A timing, not a limit: the heap may still grow as large as it needs. V8 reads it
 * at each full collection, so setting it here, at start, works as the command-line flag does;
 * `node --heap-growing-percent=N` (0: V8's own choice) overrides it.
 */
const heapGrowingPercent = 50;
if (!process.execArgv.some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg))) {
  setFlagsFromString(`--heap-growing-percent=${heapGrowingPercent}`);
}

/** Composition root: config → database → app → seed → listen. */
async function main() {
  const config = loadConfig();
  const catalog = loadCatalog(config.CATALOG_FILE);
  const seller = loadSeller(config.SELLER_FILE);
  const generatedOperatorToken = config.OPERATOR_TOKEN ? undefined : randomBytes(24).toString("base64url");
  if (generatedOperatorToken) config.OPERATOR_TOKEN = generatedOperatorToken;

  // Until the app's logger exists: the same JSON lines on stdout.
  const startLog = pino({ level: config.LOG_LEVEL });
  const handle = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  if (handle.pool && config.DATABASE_URL) {
    try {
      await waitForDatabase(handle.pool, {
        url: config.DATABASE_URL,
        waitSeconds: config.DATABASE_WAIT_SECONDS,
        log: startLog,
      });
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
  }
  await migrateDatabase(handle);

  let clock: Clock = systemClock;
  if (config.BILLING_CLOCK === "manual") {
    const [stored] = await handle.db.select().from(testClock);
    clock = new ManualClock(stored?.now ?? new Date());
  }

  const { app, deps } = await buildApp(
    { db: handle.db, databaseKind: handle.kind, clock, catalog, seller, config },
    { ...(handle.pool ? { pool: handle.pool } : {}) },
  );

  let demo: DemoCredentials | undefined;
  const credentialsFile = join(config.DATA_DIR, "demo-credentials.json");
  if (config.SEED_DEMO) {
    // Under the migrations' advisory lock: of several processes starting together on one empty
    // PostgreSQL, the first seeds and the others then find organizations and leave them be.
    demo = await withStartupLock(handle, () => seedDemo(deps));
    if (demo && handle.kind === "pglite")
      writeFileSync(credentialsFile, `${JSON.stringify(demo, null, 2)}\n`, { mode: 0o600 });
    if (!demo && handle.kind === "pglite" && existsSync(credentialsFile)) {
      demo = JSON.parse(readFileSync(credentialsFile, "utf8")) as DemoCredentials;
    }
  }

  // Other processes on the same PostgreSQL announce their commits; PGlite has no other process.
  const listener =
    config.DATABASE_URL && handle.pool
      ? listenOnPostgres(config.DATABASE_URL, deps.caches, app.log, {
          isOwnBackend: ownBackends(handle.pool),
        })
      : undefined;
  deps.caches.peers = listener;
  await app.listen({ port: config.PORT, host: config.HOST });
  // The manual test clock runs due work when it is moved; otherwise the scheduler does.
  const scheduler = clock.manual ? undefined : startScheduler({ ...deps, log: app.log });
  const events = config.EVENT_DELIVERY ? startEventDelivery({ ...deps, log: app.log }) : undefined;
  const url = `http://${config.HOST === "0.0.0.0" ? "localhost" : config.HOST}:${config.PORT}`;
  app.log.info(
    { url, database: handle.kind, dataDir: handle.kind === "pglite" ? config.DATA_DIR : undefined },
    "listening",
  );
  // Secrets (a generated operator token, the demo's password and keys) never go to stdout, where
  // the logs are collected: the banner goes to stderr, and only when a person is at a terminal.
  if (process.stderr.isTTY) {
    process.stderr.write(
      startBanner({
        url,
        config,
        database: handle.kind === "pglite" ? `PGlite in ${config.DATA_DIR}` : "PostgreSQL (DATABASE_URL)",
        generatedOperatorToken,
        demo,
      }),
    );
  } else {
    if (generatedOperatorToken)
      app.log.warn(
        "OPERATOR_TOKEN is not set: this run uses a generated operator token, shown only on a terminal. Set OPERATOR_TOKEN to call the operator endpoints.",
      );
    if (demo)
      app.log.info(
        handle.kind === "pglite"
          ? `Demo organization seeded; its passwords and API keys are in ${credentialsFile} (and shown on a terminal).`
          : "Demo organization seeded; its passwords and API keys are shown only on a terminal.",
      );
  }

  if (scheduler) deps.shutdown.register("scheduler", () => scheduler.stop());
  if (events) deps.shutdown.register("event delivery", () => events.stop());
  if (listener) deps.shutdown.register("change notifications", () => listener.stop());
  installSignalHandlers({
    shutdown: deps.shutdown,
    log: app.log,
    drainMs: config.SHUTDOWN_DRAIN_MS,
    graceMs: config.SHUTDOWN_GRACE_MS,
    closeServer: () => app.close(),
    closeDatabase: () => handle.close(),
  });
}

/** The start banner, for a person at a terminal (stderr). */
function startBanner(options: {
  url: string;
  config: Config;
  database: string;
  generatedOperatorToken: string | undefined;
  demo: DemoCredentials | undefined;
}): string {
  const { url, config, demo } = options;
  const lines = [
    "",
    `WiseParts Billing is running at ${url}`,
    `  API docs:  ${url}/api/docs`,
    `  Operator console: ${url}/operator (the operator token: e-mail sent or written, host webhooks)`,
    `  Database:  ${options.database}`,
    `  Clock:     ${config.BILLING_CLOCK}`,
  ];
  if (options.generatedOperatorToken)
    lines.push(`  Operator token (generated for this run): ${options.generatedOperatorToken}`);
  if (demo) {
    lines.push(`  Demo organization: ${demo.organizationName}`);
    lines.push(`  Sign in at ${url} with password ${demo.password} as:`);
    lines.push("    admin@acme.example (admin), billing@acme.example (billing), mia@acme.example (member)");
    lines.push("    (admin@acme.example is also a billing member of Acme Labs: switch in the header)");
    lines.push("  API keys:");
    for (const key of demo.apiKeys) {
      lines.push(`    ${key.role.padEnd(8)} ${(key.email ?? key.name).padEnd(22)} API key ${key.secret}`);
    }
  }
  return `${lines.join("\n")}\n\n`;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
