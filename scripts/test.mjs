// npm test: lint, typecheck, then every test (unit, integration, browser), closing with one
// line of counts ("Tests: N passed, N failed, N skipped") that CI reads.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";

const run = (command, args) => spawnSync(command, args, { stdio: "inherit", shell: false });
const npx = (args) => run("npx", args);

for (const [label, args] of [
  ["lint", ["biome", "check", "."]],
  ["typecheck", ["tsc", "-p", "."]],
]) {
  const result = npx(args);
  if (result.status !== 0) {
    console.error(`\n${label} failed`);
    console.log("Tests: 0 passed, 1 failed");
    process.exit(1);
  }
}

mkdirSync("test-results", { recursive: true });
const report = "test-results/vitest.json";
const vitest = npx([
  "vitest",
  "run",
  ...process.argv.slice(2),
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${report}`,
]);
let summary = "Tests: 0 passed, 1 failed";
try {
  const results = JSON.parse(readFileSync(report, "utf8"));
  const skipped = results.numPendingTests + results.numTodoTests;
  summary = `Tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped`;
  if (process.env.CI === "true" && skipped > 0) {
    console.error("CI=true: skipped tests count as failures.");
    vitest.status = 1;
  }
  if (results.numTotalTestSuites > 0 && results.numFailedTestSuites > 0 && results.numFailedTests === 0) {
    summary = `Tests: ${results.numPassedTests} passed, ${results.numFailedTestSuites} failed`;
  }
} catch (error) {
  console.error(`Could not read ${report}: ${error.message}`);
}
console.log(summary);
process.exit(vitest.status ?? 1);
