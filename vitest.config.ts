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

const shared = { testTimeout: 60_000, hookTimeout: 120_000, pool: "forks" as const };

// Three groups, one after the other (decision 0034: CI time on 2 cores). The files that only talk
// to a database run two at a time, as much of their time is spent waiting on it; the browser files
// two at a time as well (each its own app, port, data folder and Chromium); the fault files, which
// load both cores themselves (server processes, SIGKILL loops) and wait on timings, one at a time.
export default defineConfig({
  test: {
    reporters: ["default"],
    projects: [
      {
        test: {
          ...shared,
          name: "node",
          include: ["test/**/*.test.ts"],
          exclude: ["**/node_modules/**", "test/faults/**"],
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...shared,
          name: "browser",
          include: ["e2e/**/*.test.ts"],
          exclude: ["**/node_modules/**", ...exclude],
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          ...shared,
          name: "faults",
          include: ["test/faults/**/*.test.ts"],
          exclude: ["**/node_modules/**", ...exclude],
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
