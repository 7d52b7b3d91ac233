import { readFileSync } from "node:fs";

/**
 * Reads a JSON configuration file at start and validates it with `parse`; every failure stops
 * the server with a message naming the variable, the file and the problems.
 */
export function loadJsonFile<T>(variable: string, file: string, parse: (json: unknown) => T): T {
  let raw: string;
  try {
    raw = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`Cannot read ${variable} ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new Error(`${variable} ${file} is not valid JSON: ${(error as Error).message}`);
  }
  try {
    return parse(json);
  } catch (error) {
    throw new Error(`${variable} ${file}: ${(error as Error).message}`);
  }
}
