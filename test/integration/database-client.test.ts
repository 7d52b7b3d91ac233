import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
});
