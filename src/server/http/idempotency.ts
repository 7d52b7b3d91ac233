import { createHash } from "node:crypto";
import type { FastifyRequest } from "fastify";
import {
  claimIdempotencyKeys,
  type IdempotencyClaim,
  idempotencyScopeOf,
  keptOf,
  type MutationResult,
  settleIdempotencyKeys,
} from "../batching/idempotency.js";
import type { Database, Transaction } from "../db/client.js";
import { retryingTransaction } from "../db/retry.js";
import { AppError } from "../errors.js";
import type { Principal } from "../modules/auth/principal.js";

/** The transport side of idempotency: the key a request carries and what it is bound to. */
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

/** What a key is bound to: method, route, params and canonical JSON body. */
export function requestHashOf(request: FastifyRequest): string {
  return createHash("sha256")
    .update(`${request.method} ${request.routeOptions.url ?? request.url}\n`)
    .update(JSON.stringify(request.params ?? {}))
    .update(canonicalJson(request.body ?? null))
    .digest("hex");
}

/**
 * The claim of the request's Idempotency-Key in the (authorized) caller's scope, or undefined
 * without one. Call it after authorization: a malformed key of a forbidden caller is a 403.
 */
export function idempotencyClaimOf(
  request: FastifyRequest,
  principal: Principal,
): IdempotencyClaim | undefined {
  const key = idempotencyKeyOf(request);
  if (key === undefined) return undefined;
  return { scope: idempotencyScopeOf(principal), key, requestHash: requestHashOf(request) };
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
  // A deadlock victim is run again: nothing of it was written (the test clock's claim of every due
  // row against a batch of changes is one such pair).
  if (key === undefined) return retryingTransaction(db, mutation);
  const claim = { scope: options.scope, key, requestHash: requestHashOf(options.request) };
  return retryingTransaction(db, async (tx) => {
    const [outcome] = await claimIdempotencyKeys(tx, [claim], options);
    if (!outcome) throw new Error("no claim outcome");
    if (!outcome.claimed) {
      if ("error" in outcome) throw outcome.error;
      return outcome.replay as MutationResult<T>;
    }
    const kept = keptOf(await mutation(tx));
    await settleIdempotencyKeys(tx, [{ ...claim, kept }], options.sealingKey);
    return kept.response;
  });
}
