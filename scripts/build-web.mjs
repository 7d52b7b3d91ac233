// Builds the web UI into dist/web when there is one and it is out of date, so `npm start` serves
// a current UI without a separate step.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const webRoot = "src/web";
const output = "dist/web/index.html";

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

if (!existsSync(join(webRoot, "index.html"))) process.exit(0);
const sources = Math.max(newest(webRoot), newest("src/core"));
if (existsSync(output) && statSync(output).mtimeMs >= sources && !process.argv.includes("--force")) {
  process.exit(0);
}
const result = spawnSync("npx", ["vite", "build", "--logLevel", "warn"], { stdio: "inherit" });
process.exit(result.status ?? 1);
