// Operator commands: `npm run billing -- <command>`.
//   migrate     apply the SQL migrations to DATABASE_URL (or the PGlite files in DATA_DIR)
//   renew-due   one pass of the scheduler: every renewal and credit reset due now, then exit
//   verify      check the invariants of the database; exit 1 with a report when one fails
//   backup <f>  write the whole database as one SQL script (PGlite: stop the server first)
//   restore <f> load such a script into an empty DATA_DIR folder or PostgreSQL database
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { loadCatalog } from "../server/catalog.js";
import { loadConfig } from "../server/config.js";
import { backupDatabase, restoreDatabase } from "../server/db/backup.js";
import { migrateDatabase, openDatabase } from "../server/db/client.js";
import { runDueWork } from "../server/jobs/run-due-work.js";
import { readTestClock } from "../server/modules/test-clock/test-clock.repository.js";
import { loadSeller } from "../server/seller.js";
import { runVerify, verifyUsage } from "./verify.js";

const usage = `Usage: npm run billing -- <command>

Commands:
  migrate     Apply the database migrations.
  renew-due   Run every renewal and credit reset that is due now (one scheduler pass), then exit.
              With BILLING_CLOCK=manual, "now" is the persisted test clock.
  backup <file>
              Write the whole database (schema and data) to <file> as one SQL script, in one
              snapshot. On PGlite stop the server first (one process per folder). The script
              loads into an empty PGlite folder (restore) or PostgreSQL (psql -1 -f <file>).
  restore <file>
              Load a backup into DATA_DIR (a new, empty folder) or an empty DATABASE_URL database.
  ${verifyUsage}`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "help" || command === "--help" || command === "-h") {
    console.log(usage);
    return command ? 0 : 1;
  }
  if (command === "verify") return runVerify(loadConfig(), rest);
  if (command === "backup" || command === "restore") {
    const [file, ...extra] = rest;
    if (!file || extra.length > 0) {
      console.error(`Usage: npm run billing -- ${command} <file>`);
      return 1;
    }
    return command === "backup" ? backup(file) : restore(file);
  }
  if (rest.length > 0) {
    console.error(`Unexpected arguments: ${rest.join(" ")}\n\n${usage}`);
    return 1;
  }
  if (command !== "migrate" && command !== "renew-due") {
    console.error(`Unknown command '${command}'.\n\n${usage}`);
    return 1;
  }
  const config = loadConfig();
  const handle = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    await migrateDatabase(handle);
    if (command === "migrate") {
      console.log(`Migrations applied (${handle.kind}).`);
      return 0;
    }
    const catalog = loadCatalog(config.CATALOG_FILE);
    const now =
      config.BILLING_CLOCK === "manual" ? ((await readTestClock(handle.db)) ?? new Date()) : new Date();
    const started = performance.now();
    const result = await runDueWork({ db: handle.db, catalog, seller: loadSeller(config.SELLER_FILE) }, now);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    console.log(
      `Due work at ${now.toISOString()}: ${result.renewals} renewals and ${result.creditResets} credit resets on ${result.subscriptions} subscriptions, in ${seconds} s.`,
    );
    return 0;
  } finally {
    await handle.close();
  }
}

async function backup(file: string): Promise<number> {
  const config = loadConfig();
  const handle = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = openSync(temporary, "w", 0o600);
  try {
    const started = performance.now();
    const { tables, rows } = await backupDatabase(handle, (chunk) => void writeSync(fd, chunk));
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temporary, file);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    console.log(
      `Backup of ${handle.kind} written to ${file}: ${tables} tables, ${rows} rows, in ${seconds} s.`,
    );
    return 0;
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  } finally {
    await handle.close();
  }
}

async function restore(file: string): Promise<number> {
  const config = loadConfig();
  const script = readFileSync(file, "utf8");
  const handle = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    await restoreDatabase(handle, script);
    console.log(
      `Restored ${file} into ${handle.kind === "pglite" ? config.DATA_DIR : "DATABASE_URL"}. Run verify, then start the server.`,
    );
    return 0;
  } finally {
    await handle.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
