import { fileURLToPath } from "node:url";
import { parseSeller, type Seller } from "../core/seller-schema.js";
import { loadJsonFile } from "./json-file.js";

export const defaultSellerFile = fileURLToPath(new URL("../../seller/default.json", import.meta.url));

/** Loads and validates the seller profile (SELLER_FILE) at start, like the catalog. */
export function loadSeller(file: string = defaultSellerFile): Seller {
  return loadJsonFile("SELLER_FILE", file, parseSeller);
}
