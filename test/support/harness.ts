import { createHash, randomBytes } from "node:crypto";
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import pg from "pg";
import type { Catalog } from "../../src/core/catalog.js";
import { loadCatalog } from "../../src/server/catalog.js";
import { ManualClock } from "../../src/server/clock.js";
import { loadConfig } from "../../src/server/config.js";
import { type DatabaseHandle, migrateDatabase, openDatabase } from "../../src/server/db/client.js";
import {
  type EventDelivery,
  type EventsDeps,
  startEventDelivery,
} from "../../src/server/events/start-events.js";
import { buildApp } from "../../src/server/http/app.js";
import { contractChecker, describeMismatches, type Mismatch } from "./contract.js";

export type Dialect = "pglite" | "postgres";

const postgresUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;

if (process.env.CI === "true" && !postgresUrl) {
  throw new Error("CI=true needs TEST_DATABASE_URL: every repository test must also run on PostgreSQL.");
}

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL (or DATABASE_URL) is set. */
export const dialects: Dialect[] = postgresUrl ? ["pglite", "postgres"] : ["pglite"];
export const hasPostgres = Boolean(postgresUrl);

export const operatorToken = "test-operator-token-0123456789";

const migrationsDir = "src/server/db/migrations";

/** Names the templates: a change to any migration makes new ones. */
function migrationSetHash(): string {
  const hash = createHash("sha256");
  for (const file of readdirSync(migrationsDir).sort()) {
    if (file.endsWith(".sql")) hash.update(readFileSync(join(migrationsDir, file)));
  }
  return hash.digest("hex").slice(0, 16);
}

/**
 * Each test gets a database of its own, a copy of a migrated template (`CREATE DATABASE … TEMPLATE`
 * copies files: a fraction of the second or more that migrating from nothing takes).
 */
async function createFreshPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!postgresUrl) throw new Error("no PostgreSQL configured");
  const template = await migratedPostgresTemplate();
  const name = `wp_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  const url = databaseUrl(name);
  return {
    url,
    drop: async () => {
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      try {
        // pg-pool's end() resolves before its connections have closed; a FORCE drop would then
        // kill them mid-close and their "terminating connection" error would surface as an
        // uncaught exception in the test process. Wait for them to go first.
        for (let attempt = 0; attempt < 100; attempt++) {
          const { rows } = await client.query<{ open: string }>(
            "SELECT count(*) AS open FROM pg_stat_activity WHERE datname = $1",
            [name],
          );
          if (Number(rows[0]?.open) === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

function databaseUrl(name: string): string {
  const url = new URL(postgresUrl as string);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Serializes building a template across test processes (and the worktrees sharing the server). */
const templateLockKey = 7_170_034_035;
let postgresTemplate: Promise<string> | undefined;

/**
 * The migrated PostgreSQL template of this migration set, built by the first process that needs it.
 * It is marked a template (datistemplate) only once migrated, and no connection to it is allowed
 * afterwards: a connection to the template would make every `CREATE DATABASE … TEMPLATE` fail.
 */
function migratedPostgresTemplate(): Promise<string> {
  postgresTemplate ??= (async () => {
    const name = `wp_template_${migrationSetHash()}`;
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    try {
      await admin.query("SELECT pg_advisory_lock($1)", [templateLockKey]);
      const { rows } = await admin.query<{ datistemplate: boolean }>(
        "SELECT datistemplate FROM pg_database WHERE datname = $1",
        [name],
      );
      if (rows[0]?.datistemplate) return name;
      // Left half-built by a killed run: start again.
      if (rows[0]) await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name}`);
      const handle = await openDatabase({ databaseUrl: databaseUrl(name), poolSize: 1 });
      try {
        await migrateDatabase(handle);
      } finally {
        await handle.close();
      }
      // As in drop(): the pool's connection may still be closing.
      for (let attempt = 0; attempt < 100; attempt++) {
        const open = await admin.query("SELECT 1 FROM pg_stat_activity WHERE datname = $1", [name]);
        if (open.rowCount === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await admin.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false IS_TEMPLATE true`);
      return name;
    } finally {
      await admin.query("SELECT pg_advisory_unlock($1)", [templateLockKey]).catch(() => undefined);
      await admin.end();
    }
  })();
  return postgresTemplate;
}

/**
 * Starting PGlite and migrating it takes seconds; a migrated data directory is dumped once (per
 * migration set) and every test database starts as a copy of it. The dump is read once per test
 * process: reading 42 MB into a new Blob for each test took as long as PGlite's start.
 */
let pgliteTemplate: Promise<Blob> | undefined;

function migratedPgliteTemplate(): Promise<Blob> {
  pgliteTemplate ??= readOrBuildPgliteTemplate().then((bytes) => new HeldBlob(bytes));
  return pgliteTemplate;
}

async function readOrBuildPgliteTemplate(): Promise<Uint8Array<ArrayBuffer>> {
  const cacheDir = "test-results/pglite-templates";
  const file = join(cacheDir, `${migrationSetHash()}.tar`);
  if (existsSync(file)) return new Uint8Array(readFileSync(file));
  const handle = await openDatabase({});
  await migrateDatabase(handle);
  const client = (handle.db as unknown as { $client: { dumpDataDir(c: "none"): Promise<Blob> } }).$client;
  const dump = new Uint8Array(await (await client.dumpDataDir("none")).arrayBuffer());
  await handle.close();
  mkdirSync(cacheDir, { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, dump);
  renameSync(temporary, file);
  return dump;
}

/**
 * PGlite reads a dump through arrayBuffer(), which Node's Blob assembles from 64 KB chunks: half a
 * second for these 42 MB, at every test. This Blob hands each reader its own copy of bytes it holds.
 */
class HeldBlob extends Blob {
  readonly #bytes: Uint8Array<ArrayBuffer>;
  constructor(bytes: Uint8Array<ArrayBuffer>) {
    super([bytes]);
    this.#bytes = bytes;
  }
  override async arrayBuffer(): Promise<ArrayBuffer> {
    return this.#bytes.slice().buffer;
  }
}

export interface TestApp {
  dialect: Dialect;
  baseUrl: string;
  clock: ManualClock;
  catalog: Catalog;
  handle: DatabaseHandle;
  deps: Awaited<ReturnType<typeof buildApp>>["deps"];
  /** Webhook and e-mail delivery, when started with `deliverEvents`. */
  events?: EventDelivery;
  /** Calls the API over HTTP; `token` defaults to none. */
  request: (
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> },
  ) => Promise<{ status: number; body: any; headers: Headers }>;
  /** Answers that did not match the OpenAPI document (close() throws when there are any). */
  mismatches: Mismatch[];
  close: () => Promise<void>;
}

/** Where mismatches are also written (CONTRACT_REPORT=file, appended), to see them all at once. */
const contractReport = process.env.CONTRACT_REPORT
  ? (text: string) => appendFileSync(process.env.CONTRACT_REPORT as string, `${text}\n`)
  : undefined;

/** A server on a freshly migrated database, listening on a random port, with a manual clock. */
export async function startTestApp(
  dialect: Dialect,
  options: {
    now?: string;
    catalogFile?: string;
    env?: Record<string, string>;
    /** Receives the server's log lines (at info level). */
    logStream?: { write(line: string): void };
    /** A folder served as the built web app (index.html and assets). */
    webRoot?: string;
    /** Starts webhook and e-mail delivery in this process (off by default). */
    deliverEvents?: Pick<EventsDeps, "now" | "webhookOptions" | "reminderIntervalMs">;
  } = {},
): Promise<TestApp> {
  const fresh = dialect === "postgres" ? await createFreshPostgresDatabase() : undefined;
  const handle = fresh
    ? await openDatabase({ databaseUrl: fresh.url, poolSize: 20 })
    : await openDatabase({ pgliteDataDirDump: await migratedPgliteTemplate() });
  await migrateDatabase(handle);
  const clock = new ManualClock(new Date(options.now ?? "2026-06-01T00:00:00Z"));
  const catalog = loadCatalog(options.catalogFile);
  // The port is chosen first, so the links the server mails (http://localhost:PORT without
  // PUBLIC_URL) reach this server.
  const port = await freePort();
  const config = loadConfig({
    PORT: String(port),
    OPERATOR_TOKEN: operatorToken,
    BILLING_CLOCK: "manual",
    SEED_DEMO: "false",
    LOG_LEVEL: options.logStream ? "info" : process.env.TEST_LOG ? "error" : "silent",
    SIGN_IN_ATTEMPTS_PER_MINUTE: "1000",
    SIGN_IN_ATTEMPTS_PER_IP_PER_MINUTE: "1000",
    // The tests' receivers listen on 127.0.0.1 (the egress filter's own tests turn it off).
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: "true",
    ...options.env,
  });
  // Every answer is checked against the OpenAPI document; close() fails on a mismatch.
  const mismatches: Mismatch[] = [];
  const { app, deps } = await buildApp(
    { db: handle.db, databaseKind: handle.kind, clock, catalog, config },
    {
      responseCheck: contractChecker(mismatches),
      logger: Boolean(process.env.TEST_LOG) || Boolean(options.logStream),
      ...(options.logStream ? { logStream: options.logStream } : {}),
      ...(options.webRoot ? { webRoot: options.webRoot } : {}),
      ...(handle.pool ? { pool: handle.pool } : {}),
    },
  );
  const events = options.deliverEvents
    ? startEventDelivery({ ...deps, log: deps.log, ...options.deliverEvents })
    : undefined;
  await app.listen({ port, host: "127.0.0.1" });
  const address = app.server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  const baseUrl = `http://127.0.0.1:${address.port}`;
  return {
    dialect,
    baseUrl,
    clock,
    catalog,
    handle,
    deps,
    ...(events ? { events } : {}),
    async request(method, path, requestOptions = {}) {
      const headers: Record<string, string> = { ...requestOptions.headers };
      if (requestOptions.token) headers.authorization = `Bearer ${requestOptions.token}`;
      let body: string | undefined = requestOptions.rawBody;
      if (requestOptions.body !== undefined) {
        body = JSON.stringify(requestOptions.body);
      }
      if (body !== undefined && !headers["content-type"]) headers["content-type"] = "application/json";
      const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, body: parsed, headers: response.headers };
    },
    mismatches,
    async close() {
      await events?.stop();
      await app.close();
      await handle.close();
      await fresh?.drop();
      if (mismatches.length > 0) {
        const report = describeMismatches(mismatches);
        contractReport?.(report);
        throw new Error(`${mismatches.length} answers do not match the OpenAPI document:\n${report}`);
      }
    },
  };
}

export interface ProvisionInput {
  name?: string;
  currency?: string;
  seats?: number;
  additionalCreditBlocks?: number;
  interval?: "month" | "year";
  requireApproval?: boolean;
  admin?: { email: string; name: string };
}

/** Provisions an organization through the operator API; returns the admin API key and the response. */
export async function provision(app: TestApp, input: ProvisionInput = {}) {
  const response = await app.request("POST", "/api/v1/organizations", {
    token: operatorToken,
    body: {
      name: input.name ?? "Acme Corp",
      currency: input.currency ?? "USD",
      seats: input.seats ?? 10,
      additionalCreditBlocks: input.additionalCreditBlocks ?? 0,
      interval: input.interval ?? "month",
      requireApproval: input.requireApproval ?? false,
      admin: input.admin ?? { email: "admin@acme.test", name: "Ada Admin" },
    },
  });
  if (response.status !== 201) {
    throw new Error(`provisioning failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return { ...response.body, adminKey: response.body.apiKey.secret as string };
}

/** A port nobody listens on now (the operating system's choice). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        address && typeof address === "object" ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}
