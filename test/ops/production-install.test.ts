// The production path (README, Deployment): after `npm ci && npm run build`, a copy of the built
// tree with `npm ci --omit=dev --legacy-peer-deps` holds no test or build tooling and runs the
// server (`node dist/server/main.mjs`), web page and API alike (issue 17). Slow-ish (an npm ci,
// from npm's cache when it is warm).
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  benchOperatorToken,
  provisionOrganizations,
  root,
  type ServerProcess,
  startListening,
} from "../../bench/processes.js";

const testTooling = [
  "vitest",
  "vite",
  "rolldown",
  "drizzle-kit",
  "@vitest",
  "@biomejs",
  "typescript",
  "playwright-core",
];

describe("the production install", () => {
  const copy = mkdtempSync(join(tmpdir(), "wp-prod-"));
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.kill("SIGTERM");
    rmSync(copy, { recursive: true, force: true });
  });

  it("holds no test tooling and serves the built app", async () => {
    // The build step (`npm run build` without its typecheck): the web app and the server bundle.
    for (const script of ["scripts/build-web.mjs", "scripts/build-server.mjs"]) {
      const built = spawnSync(process.execPath, [script], { cwd: root, encoding: "utf8" });
      expect(built.status, built.stderr).toBe(0);
    }
    // What a deployment ships: the tracked files and the build output, without node_modules.
    const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" })
      .split("\0")
      .filter(Boolean);
    for (const file of tracked) if (existsSync(join(root, file))) cpSync(join(root, file), join(copy, file));
    cpSync(join(root, "dist"), join(copy, "dist"), { recursive: true });

    const install = spawnSync(
      "npm",
      ["ci", "--omit=dev", "--legacy-peer-deps", "--no-audit", "--no-fund", "--loglevel=error"],
      { cwd: copy, encoding: "utf8", timeout: 150_000 },
    );
    expect(install.status, install.stderr).toBe(0);
    const installed = new Set(readdirSync(join(copy, "node_modules")));
    expect(testTooling.filter((name) => installed.has(name))).toEqual([]);
    const size = execFileSync("du", ["-sm", join(copy, "node_modules")], { encoding: "utf8" }).split("\t")[0];
    console.log(`production node_modules: ${size} MB`);
    expect(Number(size)).toBeLessThan(200);

    const dataDir = join(copy, "data");
    server = await startListening(
      join(copy, "dist/server/main.mjs"),
      { DATA_DIR: dataDir, DATABASE_URL: "", OPERATOR_TOKEN: benchOperatorToken, SEED_DEMO: "true" },
      { readyPath: "/readyz", timeoutMs: 90_000 },
    );
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    // The database works: an organization is provisioned through the operator API.
    const [organization] = await provisionOrganizations(server.url, 1, { prefix: "prod" });
    expect(organization?.key).toMatch(/^wpk_/);
  }, 240_000);
});
