import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { rowsOf } from "./adapter.js";
import type { DatabaseHandle, Executor } from "./client.js";

/**
 * A backup is one SQL script (decision 0054): the schema as the migrations build it, drizzle's
 * record of the migrations applied, then every row of every table as an INSERT (through
 * json_populate_record, so every type round-trips as PostgreSQL itself prints and reads it), then
 * the serial sequences. It loads into an empty PGlite folder (`billing restore`) or an empty
 * PostgreSQL database (`psql -1 -f backup.sql`) alike. For PostgreSQL in production, pg_dump and
 * point-in-time recovery remain the tools (README).
 */

const migrationsFolder = fileURLToPath(new URL("./migrations", import.meta.url));

interface Journal {
  entries: { tag: string }[];
}

function journal(): Journal {
  return JSON.parse(readFileSync(join(migrationsFolder, "meta/_journal.json"), "utf8")) as Journal;
}

/** The migrations' statements, in order, as drizzle's migrator runs them. */
function migrationStatements(): string[] {
  return journal().entries.flatMap(({ tag }) =>
    readFileSync(join(migrationsFolder, `${tag}.sql`), "utf8")
      .split("--> statement-breakpoint")
      .map((statement) => statement.trim())
      .filter(Boolean),
  );
}

const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;
const quoteLiteral = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** The public tables, each after the tables its foreign keys point to. */
async function tablesInLoadOrder(db: Executor): Promise<string[]> {
  const tables = rowsOf(
    await db.execute(
      sql`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
    ),
  ).map((row) => String(row.name));
  const edges = rowsOf(
    await db.execute(sql`
      SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
      FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE c.contype = 'f' AND n.nspname = 'public'`),
  ).map((row) => ({
    child: String(row.child).replaceAll('"', ""),
    parent: String(row.parent).replaceAll('"', ""),
  }));
  const ordered: string[] = [];
  const placed = new Set<string>();
  const visit = (table: string, path: Set<string>) => {
    if (placed.has(table) || path.has(table)) return;
    path.add(table);
    for (const edge of edges) if (edge.child === table && edge.parent !== table) visit(edge.parent, path);
    placed.add(table);
    ordered.push(table);
  };
  for (const table of tables) visit(table, new Set());
  return ordered;
}

/** Writes the backup script of the database, read in one snapshot, chunk by chunk to `write`. */
export async function backupDatabase(
  handle: DatabaseHandle,
  write: (chunk: string) => void,
): Promise<{
  tables: number;
  rows: number;
}> {
  const statements = migrationStatements();
  return handle.db.transaction(
    async (tx) => {
      const applied = rowsOf(
        await tx.execute(sql`SELECT hash, created_at FROM drizzle.__drizzle_migrations ORDER BY id`),
      );
      const expected = journal().entries.length;
      if (applied.length !== expected) {
        throw new Error(
          `The database has ${applied.length} of this release's ${expected} migrations: run \`npm run billing -- migrate\` (or start the server once) before the backup.`,
        );
      }
      write(
        "-- WiseParts Billing backup: schema (the migrations), then data. Load into an empty database.\n",
      );
      write(`-- Written ${new Date().toISOString()} from ${handle.kind}.\n`);
      write("BEGIN;\n");
      write("SET client_min_messages = warning;\n");
      for (const statement of statements) write(`${statement}${statement.endsWith(";") ? "" : ";"}\n`);
      write("CREATE SCHEMA IF NOT EXISTS drizzle;\n");
      write(
        "CREATE TABLE IF NOT EXISTS drizzle.__drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint);\n",
      );
      for (const row of applied) {
        write(
          `INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES (${quoteLiteral(String(row.hash))}, ${Number(row.created_at)});\n`,
        );
      }
      const tables = await tablesInLoadOrder(tx);
      // The rows are loaded as they were: the tables' own triggers (events published from the
      // audit log, their sequence numbers, the audit guard) stay off until every row is in.
      for (const table of tables) write(`ALTER TABLE ${quoteIdentifier(table)} DISABLE TRIGGER USER;\n`);
      // Rows a migration inserted (the invoice number counter) give way to the backup's.
      for (const table of [...tables].reverse()) write(`DELETE FROM ${quoteIdentifier(table)};\n`);
      let rows = 0;
      for (const table of tables) {
        const name = quoteIdentifier(table);
        const lines = rowsOf(
          await tx.execute(
            sql.raw(
              `SELECT 'INSERT INTO ${name} SELECT * FROM json_populate_record(NULL::${name}, ' || quote_literal(row_to_json(t)::text) || ');' AS line FROM ${name} t`,
            ),
          ),
        );
        for (const { line } of lines) write(`${String(line)}\n`);
        rows += lines.length;
      }
      const serials = rowsOf(
        await tx.execute(sql`
          SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns
          WHERE table_schema = 'public' AND column_default LIKE 'nextval(%'`),
      );
      for (const { table, column } of serials) {
        const name = quoteIdentifier(String(table));
        const col = quoteIdentifier(String(column));
        write(
          `SELECT setval(pg_get_serial_sequence(${quoteLiteral(name)}, ${quoteLiteral(String(column))}), coalesce((SELECT max(${col}) FROM ${name}), 0) + 1, false);\n`,
        );
      }
      for (const table of tables) write(`ALTER TABLE ${quoteIdentifier(table)} ENABLE TRIGGER USER;\n`);
      write("COMMIT;\n");
      return { tables: tables.length, rows };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

/** Loads a backup script into `handle`, which must hold no tables yet (an empty folder or database). */
export async function restoreDatabase(handle: DatabaseHandle, script: string): Promise<void> {
  const [existing] = rowsOf(
    await handle.db.execute(sql`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`),
  );
  if (Number(existing?.n ?? 0) > 0) {
    throw new Error(
      "The target database already has tables: restore into an empty DATA_DIR folder or an empty PostgreSQL database.",
    );
  }
  await handle.execScript(script);
}
