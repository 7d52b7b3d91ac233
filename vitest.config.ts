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

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "e2e/**/*.test.ts"],
    exclude: ["**/node_modules/**", ...exclude],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    reporters: ["default"],
  },
});
