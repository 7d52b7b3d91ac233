import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { retryingTransaction } from "../../src/server/db/retry.js";
import { dialects, startTestApp, type TestApp } from "../support/harness.js";

describe.runIf(dialects.includes("postgres"))("the PostgreSQL pool", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp("postgres");
  });
  afterAll(async () => {
    await app?.close();
  });

  it("survives the server ending its idle connections, and answers on new ones", async () => {
    const pool = app.handle.pool as pg.Pool;
    await app.handle.db.execute(sql`SELECT 1`);
    const url = (pool as pg.Pool & { options: { connectionString: string } }).options.connectionString;
    const database = new URL(url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ ended: boolean }>(
        "SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
        [database],
      );
      expect(rows.length).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    // The pool hears of it asynchronously; an uncaught "terminating connection" error would fail the run.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const response = await app.request("GET", "/readyz");
    expect(response.body).toEqual({ status: "ready", database: "postgres" });
  });

  it("runs a deadlock's victim transaction again, and gives up on other errors at once", async () => {
    const pool = app.handle.pool as pg.Pool;
    await pool.query("CREATE TABLE IF NOT EXISTS deadlock_probe (id int PRIMARY KEY, n int NOT NULL)");
    await pool.query("INSERT INTO deadlock_probe VALUES (1, 0), (2, 0) ON CONFLICT (id) DO NOTHING");
    const holder = await pool.connect();
    let attempts = 0;
    try {
      await holder.query("BEGIN");
      await holder.query("UPDATE deadlock_probe SET n = n + 1 WHERE id = 1");
      let locked2!: () => void;
      const hasRow2 = new Promise<void>((resolve) => {
        locked2 = resolve;
      });
      // Row 2, then row 1 (which the holder has); the holder then asks for row 2: a deadlock.
      const retried = retryingTransaction(app.handle.db, async (tx) => {
        attempts += 1;
        await tx.execute(sql`UPDATE deadlock_probe SET n = n + 1 WHERE id = 2`);
        if (attempts === 1) locked2();
        await tx.execute(sql`UPDATE deadlock_probe SET n = n + 1 WHERE id = 1`);
        return attempts;
      });
      await hasRow2;
      // Waits on row 2 until the deadlock detector rolls back the transaction that waited first.
      await new Promise((resolve) => setTimeout(resolve, 100));
      await holder.query("UPDATE deadlock_probe SET n = n + 1 WHERE id = 2");
      await holder.query("COMMIT");
      expect(await retried).toBe(2);
    } finally {
      holder.release();
    }
    const { rows } = await pool.query<{ id: number; n: number }>(
      "SELECT id, n FROM deadlock_probe ORDER BY id",
    );
    // The holder's two updates and the second attempt's two; nothing of the first attempt.
    expect(rows).toEqual([
      { id: 1, n: 2 },
      { id: 2, n: 2 },
    ]);

    let calls = 0;
    await expect(
      retryingTransaction(app.handle.db, async (tx) => {
        calls += 1;
        await tx.execute(sql`SELECT 1 / 0`);
      }),
    ).rejects.toThrow();
    expect(calls).toBe(1);
  });
});
