import { fileURLToPath } from "node:url";
import type { Catalog } from "../core/catalog.js";
import { parseCatalog } from "../core/catalog-schema.js";
import { loadJsonFile } from "./json-file.js";

export const defaultCatalogFile = fileURLToPath(new URL("../../catalog/default.json", import.meta.url));

/** Loads and validates the price catalog at start; a bad file stops the server with its problems. */
export function loadCatalog(file: string = defaultCatalogFile): Catalog {
  return loadJsonFile("CATALOG_FILE", file, parseCatalog);
}
