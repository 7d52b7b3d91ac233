// The OpenAPI document and the SDK's types generated from it (issue 14, decision 0062):
// `npx tsx scripts/openapi.ts` writes packages/sdk/openapi.json and packages/sdk/src/schema.ts;
// test/unit/contract.test.ts regenerates both and fails on a difference.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";
import { loadCatalog } from "../src/server/catalog.js";
import { ManualClock } from "../src/server/clock.js";
import { loadConfig } from "../src/server/config.js";
import { migrateDatabase, openDatabase } from "../src/server/db/client.js";
import { buildApp } from "../src/server/http/app.js";

export const documentFile = "packages/sdk/openapi.json";
export const schemaFile = "packages/sdk/src/schema.ts";

/** The document as the server serves it with the test clock on (BILLING_CLOCK=manual). */
export async function buildDocument(): Promise<Record<string, unknown>> {
  const handle = await openDatabase({});
  try {
    await migrateDatabase(handle);
    const config = loadConfig({
      OPERATOR_TOKEN: "openapi-document-0123456789",
      BILLING_CLOCK: "manual",
      SEED_DEMO: "false",
      LOG_LEVEL: "silent",
    });
    const { app } = await buildApp(
      {
        db: handle.db,
        databaseKind: handle.kind,
        clock: new ManualClock(new Date("2026-01-01T00:00:00Z")),
        catalog: loadCatalog(),
        config,
      },
      { logger: false },
    );
    await app.ready();
    const document = JSON.parse(JSON.stringify(app.swagger())) as Record<string, unknown>;
    await app.close();
    return document;
  } finally {
    await handle.close();
  }
}

export const documentText = (document: unknown) => `${JSON.stringify(document, null, 2)}\n`;

export async function schemaText(document: Record<string, unknown>): Promise<string> {
  const ast = await openapiTS(document as never, { alphabetize: false, exportType: false });
  return `// Generated from openapi.json by scripts/openapi.ts (openapi-typescript). Do not edit.\n${astToString(ast)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const document = await buildDocument();
  writeFileSync(documentFile, documentText(document));
  writeFileSync(schemaFile, await schemaText(document));
  console.log(`wrote ${documentFile} and ${schemaFile}`);
}
