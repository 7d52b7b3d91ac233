import { existsSync } from "node:fs";
import { defineConfig } from "vitest/config";

// Browser tests need Debian's Chromium, the fault suites a real PostgreSQL server. On a developer's
// machine without them those files are left out of the run (and a note says so); under CI=true
// they always run, and a missing Chromium or PostgreSQL fails the run.
const ci = process.env.CI === "true";
const hasChromium = existsSync(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium");
const hasPostgres = Boolean(process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL);
const exclude: string[] = [];
if (!ci && !hasChromium) exclude.push("e2e/**");
if (!ci && !hasPostgres) exclude.push("test/faults/**");
if (exclude.length > 0)
  console.warn(`Left out of this run (no Chromium or PostgreSQL here): ${exclude.join(", ")}`);

interface GroupOptions {
  /** A test's ceiling, in ms. */
  testTimeout?: number;
  /** How long `expect.poll` waits by default, in ms (Vitest's own default: 1 s). */
  pollTimeout?: number;
  /** Each file in a fresh module graph (true), or the files of a worker sharing one (false). */
  isolate?: boolean;
}

/** One group of test files: run after the groups of a lower `order`, `workers` files at a time. */
const group = (
  name: string,
  order: number,
  workers: number,
  include: string,
  excluded: string[],
  { testTimeout = 60_000, pollTimeout, isolate = true }: GroupOptions = {},
) => ({
  test: {
    name,
    include: [include],
    exclude: ["**/node_modules/**", ...excluded],
    maxWorkers: workers,
    sequence: { groupOrder: order },
    testTimeout,
    hookTimeout: 120_000,
    ...(pollTimeout ? { expect: { poll: { timeout: pollTimeout } } } : {}),
    isolate,
    pool: "forks" as const,
  },
});

// The database files share each worker's module graph (decision 0034): importing the server for
// each of 76 files took 181 s of the group's worker time; each file still makes its own apps and
// databases. They passed in Vitest's order and in a shuffled one (--sequence.shuffle.files).
const nodeOptions: GroupOptions = { isolate: false };

// A browser waits as long for a polled condition as Playwright waits for an element (10 s,
// `setDefaultTimeout` in e2e/support/browser.ts): Vitest's 1 s default failed a page that
// re-rendered 1.2 s after a click on a loaded 2-core machine. A browser test may take 120 s there.
const browserOptions: GroupOptions = { testTimeout: 120_000, pollTimeout: 10_000 };

// Three groups, one after the other (decision 0034: CI time on 2 cores). The files that only talk
// to a database run two at a time, as much of their time is spent waiting on it; the browser files
// two at a time as well (each its own app, port, data folder and Chromium); the fault files, which
// load both cores themselves (server processes, SIGKILL loops) and wait on timings, one at a time.
export default defineConfig({
  test: {
    reporters: ["default"],
    projects: [
      group("node", 0, 2, "test/**/*.test.ts", ["test/faults/**"], nodeOptions),
      group("browser", 1, 2, "e2e/**/*.test.ts", exclude, browserOptions),
      group("faults", 2, 1, "test/faults/**/*.test.ts", exclude),
    ],
  },
});
