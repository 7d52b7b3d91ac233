import type pg from "pg";

/** Errors of a database that is not there yet (starting, unreachable for now): worth another try. */
const transientCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "57P03", // cannot_connect_now: the server is starting up
]);

/** What to do about a connection error that another try will not fix. */
const advice: Record<string, string> = {
  "28P01": "the user name or password in DATABASE_URL is wrong",
  "28000": "PostgreSQL refuses this user from this host (pg_hba.conf), or the user does not exist",
  "3D000": "the database named in DATABASE_URL does not exist: create it (createdb) or correct the name",
};

/** DATABASE_URL without its password, for messages. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(DATABASE_URL)";
  }
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === "string") return code;
  // node-postgres wraps several addresses' failures (localhost: ::1 and 127.0.0.1) in one error.
  const inner = (error as { errors?: unknown[] })?.errors?.[0];
  return inner ? codeOf(inner) : undefined;
}

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (message) return message;
  const inner = (error as { errors?: unknown[] })?.errors?.[0];
  return inner instanceof Error ? inner.message : (codeOf(error) ?? "unknown error");
}

/**
 * At start, tries PostgreSQL until it answers or `waitSeconds` have passed (a database that comes
 * up with the server, as in a compose file), logging each failed try. An error another try will
 * not fix (wrong password, no such database, not PostgreSQL) ends the wait at once. The error
 * thrown names DATABASE_URL and says what to do.
 */
export async function waitForDatabase(
  pool: pg.Pool,
  options: {
    url: string;
    waitSeconds: number;
    log: { warn(object: object, message: string): void };
    sleep?: (ms: number) => Promise<void>;
  },
): Promise<void> {
  const sleep = options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  const where = describeDatabaseUrl(options.url);
  const deadline = performance.now() + options.waitSeconds * 1000;
  for (let attempt = 1; ; attempt++) {
    try {
      await pool.query("SELECT 1");
      return;
    } catch (error) {
      const code = codeOf(error);
      const message = messageOf(error);
      const known = code ? advice[code] : undefined;
      if (known) throw new Error(`DATABASE_URL (${where}): ${message}: ${known}.`, { cause: error });
      if (!code || !transientCodes.has(code)) {
        throw new Error(
          `DATABASE_URL (${where}): ${message}. Is it a PostgreSQL server (13 or later) at that host and port?`,
          { cause: error },
        );
      }
      const left = deadline - performance.now();
      if (left <= 0) {
        throw new Error(
          `DATABASE_URL (${where}): no PostgreSQL answered within ${options.waitSeconds} s (${message}). Start PostgreSQL or correct DATABASE_URL's host and port; DATABASE_WAIT_SECONDS sets how long to wait.`,
          { cause: error },
        );
      }
      const delayMs = Math.min(left, Math.min(5000, 500 * 2 ** Math.min(attempt - 1, 4)));
      options.log.warn(
        { attempt, code, retryInMs: Math.round(delayMs), database: where },
        `database not reachable yet (${message}); trying again`,
      );
      await sleep(delayMs);
    }
  }
}
