// `npm run billing -- verify [--json] [--limit N] [--tolerance-ms N]`: checks the invariants of a
// live database (read-only, one snapshot) and exits 1 with a report when one fails.
import type { Config } from "../server/config.js";
import { openDatabase } from "../server/db/client.js";
import { readTestClock } from "../server/modules/test-clock/test-clock.repository.js";
import { formatReport, verifyDatabase } from "../server/verify/verify.js";

export const verifyUsage = `verify      Check the invariants of the database (balances = ledger, gapless invoice numbers,
              invoice totals, seats >= active users, one pending request, audit events, nothing
              overdue by more than SCHEDULER_INTERVAL_MS). Exits 1 with a report when one fails.
              Options: --json, --limit N (problems listed per check, default 20),
              --tolerance-ms N (how overdue a renewal may be; default SCHEDULER_INTERVAL_MS).`;

function parseOptions(args: string[]) {
  const options = { json: false, limit: 20, toleranceMs: undefined as number | undefined };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    const number = () => {
      const value = Number(args[++index]);
      if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${arg} needs a whole number.`);
      return value;
    };
    if (arg === "--json") options.json = true;
    else if (arg === "--limit") options.limit = number();
    else if (arg === "--tolerance-ms") options.toleranceMs = number();
    else throw new Error(`Unknown option '${arg}' for verify.`);
  }
  return options;
}

/** Returns the exit code: 0 when every invariant holds, 1 when one fails. */
export async function runVerify(config: Config, args: string[]): Promise<number> {
  const options = parseOptions(args);
  // No migration here: verify only reads, and must not change the database it judges.
  const handle = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolSize: 2,
  });
  try {
    // "Now" is the test clock's when the deployment runs on one; the CLI is outside the domain.
    const now =
      config.BILLING_CLOCK === "manual" ? ((await readTestClock(handle.db)) ?? new Date()) : new Date();
    const report = await verifyDatabase(handle.db, {
      now,
      overdueToleranceMs: options.toleranceMs ?? config.SCHEDULER_INTERVAL_MS,
      limit: options.limit,
    });
    console.log(options.json ? JSON.stringify(report, null, 2) : formatReport(report));
    return report.ok ? 0 : 1;
  } finally {
    await handle.close();
  }
}
