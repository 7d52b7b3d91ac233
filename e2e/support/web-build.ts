import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmdirSync, statSync } from "node:fs";

const lock = "test-results/.web-build.lock";

/**
 * Builds the web UI (scripts/build-web.mjs, a no-op when dist/web is current) once, even when
 * several browser test files start together: the first takes a lock directory, the others wait.
 */
export async function ensureWebBuilt() {
  mkdirSync("test-results", { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock left by a killed run is stale after three minutes.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 180_000) rmdirSync(lock);
      if (Date.now() > deadline) throw new Error(`waited too long for ${lock}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    const result = spawnSync(process.execPath, ["scripts/build-web.mjs"], { stdio: "inherit" });
    if (result.status !== 0) throw new Error("building the web UI failed (node scripts/build-web.mjs)");
    if (!existsSync("dist/web/index.html")) throw new Error("dist/web/index.html is missing after the build");
  } finally {
    rmdirSync(lock);
  }
}
