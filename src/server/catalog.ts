import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Catalog } from "../core/catalog.js";
import { parseCatalog } from "../core/catalog-schema.js";

export const defaultCatalogFile = fileURLToPath(new URL("../../catalog/default.json", import.meta.url));

/** Loads and validates the price catalog at start; a bad file stops the server with its problems. */
export function loadCatalog(file: string = defaultCatalogFile): Catalog {
  let raw: string;
  try {
    raw = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`Cannot read CATALOG_FILE ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new Error(`CATALOG_FILE ${file} is not valid JSON: ${(error as Error).message}`);
  }
  try {
    return parseCatalog(json);
  } catch (error) {
    throw new Error(`CATALOG_FILE ${file}: ${(error as Error).message}`);
  }
}
