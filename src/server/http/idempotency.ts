import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import type { Database, Transaction } from "../db/client.js";
import { idempotencyKeys } from "../db/schema.js";
import { AppError } from "./errors.js";

/** The AES-256-GCM key for stored responses, derived from the deployment's secret. */
export function sealingKeyFrom(secret: string): Buffer {
  return createHash("sha256").update(`idempotency-responses:${secret}`).digest();
}

function seal(text: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(text, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
}

function unseal(sealed: string, key: Buffer): string {
  const raw = Buffer.from(sealed, "base64");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
}

export interface MutationResult<T = unknown> {
  statusCode: number;
  body: T;
}

const keyPattern = /^[\x21-\x7e]{1,255}$/;

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const header = request.headers["idempotency-key"];
  if (header === undefined) return undefined;
  const key = Array.isArray(header) ? header[0] : header;
  if (key === undefined || !keyPattern.test(key)) {
    throw new AppError(
      "idempotency_key_invalid",
      "Idempotency-Key must be 1 to 255 visible ASCII characters.",
      400,
      "Idempotency-Key",
    );
  }
  return key;
}

/**
 * Runs one mutation in one transaction. With an Idempotency-Key, the key row is inserted first in
 * the same transaction: a concurrent replay waits on it, then reads the stored response; a replay
 * after commit returns it at once; the same key with another body is refused. A mutation that
 * fails rolls back its key too, so a corrected retry may run.
 */
export async function runMutation<T>(
  db: Database,
  options: { scope: string; request: FastifyRequest; now: Date; sealingKey: Buffer },
  mutation: (tx: Transaction) => Promise<MutationResult<T>>,
): Promise<MutationResult<T>> {
  const key = idempotencyKeyOf(options.request);
  if (key === undefined) return db.transaction(mutation);
  const requestHash = createHash("sha256")
    .update(`${options.request.method} ${options.request.routeOptions.url ?? options.request.url}\n`)
    .update(JSON.stringify(options.request.params ?? {}))
    .update(canonicalJson(options.request.body ?? null))
    .digest("hex");
  const where = and(eq(idempotencyKeys.scope, options.scope), eq(idempotencyKeys.key, key));
  return db.transaction(async (tx) => {
    const claimed = await tx
      .insert(idempotencyKeys)
      .values({
        scope: options.scope,
        key,
        requestHash,
        statusCode: 0,
        responseBody: {},
        createdAt: options.now,
      })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (claimed.length === 0) {
      const [stored] = await tx.select().from(idempotencyKeys).where(where);
      if (!stored) throw new Error("idempotency key vanished");
      if (stored.requestHash !== requestHash) {
        throw new AppError(
          "idempotency_key_reused",
          "This Idempotency-Key was already used with a different request.",
          422,
          "Idempotency-Key",
        );
      }
      // node-postgres parses jsonb, PGlite through drizzle may hand back its text.
      const wrapper =
        typeof stored.responseBody === "string" ? JSON.parse(stored.responseBody) : stored.responseBody;
      const { sealed } = wrapper as { sealed: string };
      const json = unseal(sealed, options.sealingKey);
      return { statusCode: stored.statusCode, body: JSON.parse(json) as T };
    }
    const result = await mutation(tx);
    // Kept as sealed JSON text inside the jsonb: jsonb would reorder keys (a replay answers with
    // the same bytes), and a response may carry a secret shown once (an API key, an invitation).
    const serialized = JSON.stringify(result.body ?? null);
    await tx
      .update(idempotencyKeys)
      .set({ statusCode: result.statusCode, responseBody: { sealed: seal(serialized, options.sealingKey) } })
      .where(where);
    return { statusCode: result.statusCode, body: JSON.parse(serialized) as T };
  });
}
