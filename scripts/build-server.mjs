// Builds the server (src/server/main.ts and every module of ours it imports) into one ES module,
// dist/server/main.mjs, for `node scripts/server.mjs` (decision 0016). esbuild (the version tsx
// uses, so installed once) does what tsx did at every start (strip the types), once, in its own
// process; packages stay in node_modules, imported as they are. `node scripts/build-server.mjs [entry.ts out.mjs]` builds another entry the same way.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

export const root = fileURLToPath(new URL("..", import.meta.url));
export const serverEntry = join(root, "src/server/main.ts");
export const serverBundle = join(root, "dist/server/main.mjs");

/**
 * Our modules find files beside them with `new URL("./x", import.meta.url)` (migrations, the
 * catalog, the web UI). In one bundle every module would share the bundle's URL; here each module
 * keeps its own: `import.meta.url` becomes the module's source file, relative to the bundle, so
 * the bundle may move with the tree. `import.meta.dirname`, `.filename` and `.resolve` are refused
 * rather than rewritten: a build that fails is better than a path that is silently wrong.
 */
function ownImportMetaUrl(outfile) {
  return {
    name: "own-import-meta-url",
    setup(build) {
      build.onLoad({ filter: /\.[cm]?tsx?$/ }, (args) => {
        if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
        const source = readFileSync(args.path, "utf8");
        if (!source.includes("import.meta")) return undefined;
        const unsupported = /import\.meta\.(dirname|filename|resolve)\b/.exec(source);
        if (unsupported) {
          return {
            errors: [
              { text: `${unsupported[0]} is not supported by scripts/build-server.mjs; use import.meta.url` },
            ],
          };
        }
        const fromBundle = relative(dirname(outfile), args.path).split(sep).map(encodeURIComponent).join("/");
        const url = `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`;
        const loader = args.path.endsWith("x") ? "tsx" : "ts";
        return { contents: source.replaceAll("import.meta.url", url), loader };
      });
    },
  };
}

/**
 * Builds `entry` into `outfile`. Written to a temporary file and renamed, so processes starting
 * together (the two-process suite) never import a half-written bundle.
 */
export async function buildServer(entry = serverEntry, outfile = serverBundle) {
  const result = await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: `node${process.versions.node.split(".")[0]}`,
    packages: "external",
    // Class and function names as in the source (error names, logs).
    keepNames: true,
    // dist/server/main.mjs.map, for `node --enable-source-maps`; not loaded otherwise.
    sourcemap: "linked",
    sourcesContent: false,
    write: false,
    logLevel: "warning",
    absWorkingDir: root,
    tsconfig: join(root, "tsconfig.json"),
    plugins: [ownImportMetaUrl(outfile)],
  });
  for (const file of result.outputFiles) {
    mkdirSync(dirname(file.path), { recursive: true });
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
  await esbuild.stop?.();
  return outfile;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [entry, outfile] = process.argv.slice(2);
  if (entry && !existsSync(entry)) throw new Error(`no such entry: ${entry}`);
  await buildServer(entry ? resolve(entry) : serverEntry, outfile ? resolve(outfile) : serverBundle);
}
