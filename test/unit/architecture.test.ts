import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The rules of the house (ARCHITECTURE.md, docs/architecture.md), read from the import statements
// of src/server: which folder may import which, and no circle.

const root = path.resolve(import.meta.dirname, "../..");
const server = path.join(root, "src/server");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

// `import … from "x"`, `export … from "x"`, `import "x"` and `import("x")`, type-only ones too.
const importPattern =
  /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|(?:^|\n)\s*import\s*["']([^"']+)["']/g;

/** The files of src/server each file imports (relative imports only), as paths from the repository. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(server)) {
    const text = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, "");
    const targets: string[] = [];
    for (const match of text.matchAll(importPattern)) {
      const specifier = match[1] ?? match[2] ?? match[3];
      if (!specifier?.startsWith(".")) continue;
      const resolved = path.resolve(path.dirname(file), specifier).replace(/\.js$/, ".ts");
      targets.push(path.relative(root, resolved));
    }
    graph.set(path.relative(root, file), targets);
  }
  return graph;
}

const graph = importGraph();
const edges = [...graph].flatMap(([from, targets]) => targets.map((to) => ({ from, to })));
const within = (file: string, folder: string) => file.startsWith(`${folder}/`);

describe("the import structure of src/server", () => {
  it("reads the import statements (the graph is not empty)", () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(edges.length).toBeGreaterThan(100);
  });

  it("lets only the route files of a module import src/server/http", () => {
    const wrong = edges.filter(
      ({ from, to }) =>
        within(from, "src/server/modules") && !from.endsWith(".routes.ts") && within(to, "src/server/http"),
    );
    expect(wrong).toEqual([]);
  });

  it("keeps src/server/db free of modules (seeding is a feature that uses them)", () => {
    const wrong = edges.filter(
      ({ from, to }) => within(from, "src/server/db") && within(to, "src/server/modules"),
    );
    expect(wrong).toEqual([]);
  });

  it("keeps the transport-neutral layers (errors, validation, batching, db, cache, jobs) off src/server/http", () => {
    const neutral = [
      "src/server/db",
      "src/server/cache",
      "src/server/jobs",
      "src/server/batching",
      "src/server/validation",
    ];
    const wrong = edges.filter(
      ({ from, to }) =>
        (neutral.some((folder) => within(from, folder)) || from === "src/server/errors.ts") &&
        within(to, "src/server/http"),
    );
    expect(wrong).toEqual([]);
  });

  it("keeps src/core pure: nothing of src/core imports the server", () => {
    const core = sourceFiles(path.join(root, "src/core"));
    const wrong = core.filter((file) => /from\s+["'](?:\.\.\/)+server\//.test(readFileSync(file, "utf8")));
    expect(wrong).toEqual([]);
  });

  it("keeps the driver in db/adapter.ts: no database branch, raw decoding or library internals elsewhere", () => {
    const driverOnly = [
      /databaseKind\s*===/,
      /===\s*"t"/,
      /\$client\b/,
      /session\??\.client/,
      /\b_clients\b/,
      /new WeakSet\b/,
      /\.sqlToQuery\(/,
      /\.pipeline\s*=/,
    ];
    const opensTheDriver = new Set(["src/server/db/adapter.ts", "src/server/db/client.ts"]);
    const wrong = [...graph.keys()]
      .filter((file) => !opensTheDriver.has(file))
      .flatMap((file) => {
        const text = readFileSync(path.join(root, file), "utf8");
        return driverOnly.filter((pattern) => pattern.test(text)).map((pattern) => `${file}: ${pattern}`);
      });
    expect(wrong).toEqual([]);
  });

  it("leaves cache coherence to the after-commit owner: no hook, route flag or other file drops cached entries", () => {
    const dropsCaches =
      /caches\.(?:subscriptions|apiKeys)\??\.(?:invalidate|replace|clear)\(|caches\.clear\(\)|keepsReadCaches/;
    const wrong = [...graph.keys()].filter(
      (file) =>
        !within(file, "src/server/cache") && dropsCaches.test(readFileSync(path.join(root, file), "utf8")),
    );
    expect(wrong).toEqual([]);
  });

  it("loads the PDF and mail libraries with their first use, not at start (decision 0150)", () => {
    // A static import (or a top-level require) would load them in every process that starts,
    // serving requests or not; `await import(…)` inside the function that needs them does not.
    const onFirstUse =
      /(?:^|\n)\s*import\s[^;]*?from\s*["'](?:pdfkit|fontkit|nodemailer)["']|^(?:const|let)\s[^\n]*require\(["'](?:pdfkit|fontkit|nodemailer)["']\)/m;
    const wrong = [...graph.keys()].filter((file) =>
      onFirstUse.test(readFileSync(path.join(root, file), "utf8")),
    );
    expect(wrong).toEqual([]);
    const loaders = [...graph.keys()].filter((file) =>
      /import\(\s*["'](?:pdfkit|nodemailer)["']\s*\)/.test(readFileSync(path.join(root, file), "utf8")),
    );
    expect(loaders.sort()).toEqual([
      "src/server/documents/document-pdf.ts",
      "src/server/events/mail-sender.ts",
    ]);
  });

  it("has no import circle", () => {
    const circles: string[][] = [];
    const state = new Map<string, "open" | "done">();
    const stack: string[] = [];
    const visit = (file: string) => {
      state.set(file, "open");
      stack.push(file);
      for (const next of graph.get(file) ?? []) {
        if (!graph.has(next)) continue;
        if (state.get(next) === "open") circles.push([...stack.slice(stack.indexOf(next)), next]);
        else if (!state.has(next)) visit(next);
      }
      stack.pop();
      state.set(file, "done");
    };
    for (const file of graph.keys()) if (!state.has(file)) visit(file);
    expect(circles).toEqual([]);
  });
});
