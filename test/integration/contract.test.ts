// The API contract (issue 14): the committed OpenAPI document and the SDK's generated types are
// what the server's zod schemas produce today (regenerated here, compared byte for byte), the
// document passes Redocly's recommended rules with 0 errors and 0 warnings, and the SDK and the
// integrator's example compile with `tsc --strict`. Every answer of the integration suite is also
// checked against the document by the harness (test/support/contract.ts).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildDocument, documentFile, documentText, schemaFile, schemaText } from "../../scripts/openapi.js";

const regenerate = "npx tsx scripts/openapi.ts";

describe("the OpenAPI document and the generated SDK types", () => {
  let document: Record<string, any>;
  let text: string;
  beforeAll(async () => {
    document = await buildDocument();
    text = documentText(document);
  });

  it(`is committed as generated (else run: ${regenerate})`, async () => {
    expect(readFileSync(documentFile, "utf8"), `${documentFile} is out of date: ${regenerate}`).toBe(text);
    expect(readFileSync(schemaFile, "utf8"), `${schemaFile} is out of date: ${regenerate}`).toBe(
      await schemaText(document),
    );
  });

  it("passes Redocly lint (recommended rules) with 0 errors and 0 warnings", () => {
    // The freshly generated document, linted under the repository's redocly.yaml and ignore file.
    const folder = mkdtempSync(join(tmpdir(), "openapi-lint-"));
    const file = join(folder, "openapi.json");
    writeFileSync(file, text);
    const lint = (path: string) =>
      spawnSync("npx", ["redocly", "lint", path, "--config", "redocly.yaml", "--format=json"], {
        encoding: "utf8",
        env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
      });
    const result = lint(documentFile);
    const report = JSON.parse(result.stdout.slice(result.stdout.indexOf("{"))) as {
      totals: { errors: number; warnings: number; ignored: number };
      problems: { ruleId: string; message: string }[];
    };
    expect(
      report.problems.map((problem) => `${problem.ruleId}: ${problem.message}`),
      "Redocly problems",
    ).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    expect(result.status).toBe(0);
    // The linted file is the one just generated.
    expect(readFileSync(file, "utf8")).toBe(readFileSync(documentFile, "utf8"));
  });

  it("documents every operation with an operationId, its errors and the Idempotency-Key of mutations", () => {
    const operations = Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(
      ([path, item]) => Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
    );
    expect(operations.length).toBeGreaterThanOrEqual(43);
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, operation } of operations) {
      expect(operation.operationId, `${method} ${path}`).toMatch(/^[a-z][A-Za-z]+$/);
      expect(
        Object.keys(operation.responses).some((status) => /^2/.test(status)),
        `${method} ${path}`,
      ).toBe(true);
      if (path.startsWith("/api/v1/")) {
        expect(operation.responses["400"], `${method} ${path}`).toBeDefined();
        expect(operation.responses["500"], `${method} ${path}`).toBeDefined();
      }
    }
    const keyed = operations.filter(({ operation }) =>
      (operation.parameters ?? []).some(
        (parameter: any) => parameter.$ref === "#/components/parameters/IdempotencyKey",
      ),
    );
    expect(keyed.map(({ method, path }) => `${method} ${path}`)).toEqual(
      expect.arrayContaining([
        "post /api/v1/organizations",
        "post /api/v1/subscription/changes",
        "post /api/v1/credits/spend",
        "post /api/v1/credits/spend/batch",
        "put /api/v1/billing-info",
      ]),
    );
    expect(document.paths["/api/v1/subscription/changes"].post.responses["503"]).toBeDefined();
    expect(document.paths["/api/v1/credits/spend"].post.responses["402"]).toBeDefined();
    expect(document.paths["/api/v1/organizations"].post.responses["201"]).toBeDefined();
    expect(document.paths["/api/v1/invoices"].get.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "limit", schema: expect.objectContaining({ type: "integer" }) }),
      ]),
    );
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual([
      "apiKey",
      "operatorToken",
      "session",
    ]);
    expect(document.paths["/healthz"]).toBeDefined();
    expect(document.paths["/api/auth/sign-in/email"]).toBeDefined();
  });

  it("compiles the SDK and the integrator's example with tsc --strict", () => {
    for (const project of ["packages/sdk", "packages/sdk/examples"]) {
      const result = spawnSync("npx", ["tsc", "-p", project, "--strict"], { encoding: "utf8" });
      expect(`${result.stdout}${result.stderr}`, project).toBe("");
      expect(result.status, project).toBe(0);
    }
  });
});
