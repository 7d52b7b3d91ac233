// How the server is started, by `npm start` and by the benchmarks and fault suites alike
// (bench/processes.ts): `node scripts/server.mjs`. It builds src/server into dist/server/main.mjs in
// a short-lived child process (scripts/build-server.mjs, esbuild), then runs that bundle in this
// process, so this process's pid is the server's. Why not `tsx src/server/main.ts`: tsx's module
// loader runs in a thread of its own in every process it starts, and with it the server was about
// 75 MB larger for its whole life (decision 0016). `npm run dev` still uses tsx (watch mode).
import { spawnSync } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";

const buildScript = fileURLToPath(new URL("./build-server.mjs", import.meta.url));
const bundle = fileURLToPath(new URL("../dist/server/main.mjs", import.meta.url));

const built = spawnSync(process.execPath, [buildScript], { stdio: "inherit" });
if (built.status !== 0) {
  console.error(`Building the server failed (${built.error?.message ?? `exit code ${built.status}`}).`);
  process.exit(built.status || 1);
}
await import(pathToFileURL(bundle).href);
