import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { and, eq, or, sql } from "drizzle-orm";
import { jsonOf } from "../db/adapter.js";
import type { Transaction } from "../db/client.js";
import { idempotencyKeys } from "../db/schema.js";
import { AppError } from "../errors.js";
import type { Principal } from "../modules/auth/principal.js";
import type { Settled } from "./group-commit.js";

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

/**
 * The scope an Idempotency-Key is stored under: the organization and the principal that sent it
 * (an API key, or a user), or the operator. Another caller's key of the same name is another key.
 */
export function idempotencyScopeOf(principal: Principal): string {
  return principal.kind === "member"
    ? `org:${principal.organizationId}:${principal.actorType}:${principal.actorId}`
    : "operator";
}

export interface MutationResult<T = unknown> {
  statusCode: number;
  body: T;
}

export interface IdempotencyClaim {
  scope: string;
  key: string;
  requestHash: string;
}

/** A claim this transaction now holds (its mutation runs), or the answer a replay gets. */
export type ClaimOutcome =
  | { claimed: true }
  | { claimed: false; replay: MutationResult<unknown> }
  | { claimed: false; error: AppError };

const keyReused = () =>
  new AppError(
    "idempotency_key_reused",
    "This Idempotency-Key was already used with a different request.",
    422,
    "Idempotency-Key",
  );

function replayOf(stored: { statusCode: number; responseBody: unknown }, sealingKey: Buffer) {
  const { sealed } = jsonOf(stored.responseBody) as { sealed: string };
  return { statusCode: stored.statusCode, body: JSON.parse(unseal(sealed, sealingKey)) as unknown };
}

/**
 * Claims several keys in one statement (distinct scope and key each). A key another transaction
 * holds makes the statement wait for it; a key already stored is answered from its sealed
 * response, or refused when it was used with another request.
 */
export async function claimIdempotencyKeys(
  tx: Transaction,
  claims: readonly IdempotencyClaim[],
  options: { now: Date; sealingKey: Buffer },
): Promise<ClaimOutcome[]> {
  if (claims.length === 0) return [];
  const id = (scope: string, key: string) => JSON.stringify([scope, key]);
  const claimedRows = await tx
    .insert(idempotencyKeys)
    .values(
      claims.map((claim) => ({
        scope: claim.scope,
        key: claim.key,
        requestHash: claim.requestHash,
        statusCode: 0,
        responseBody: {},
        createdAt: options.now,
      })),
    )
    .onConflictDoNothing()
    .returning({ scope: idempotencyKeys.scope, key: idempotencyKeys.key });
  const claimed = new Set(claimedRows.map((row) => id(row.scope, row.key)));
  const taken = claims.filter((claim) => !claimed.has(id(claim.scope, claim.key)));
  const stored = new Map<string, { requestHash: string; statusCode: number; responseBody: unknown }>();
  if (taken.length > 0) {
    const rows = await tx
      .select()
      .from(idempotencyKeys)
      .where(
        or(
          ...taken.map((claim) =>
            and(eq(idempotencyKeys.scope, claim.scope), eq(idempotencyKeys.key, claim.key)),
          ),
        ),
      );
    for (const row of rows) stored.set(id(row.scope, row.key), row);
  }
  return claims.map((claim): ClaimOutcome => {
    if (claimed.has(id(claim.scope, claim.key))) return { claimed: true };
    const row = stored.get(id(claim.scope, claim.key));
    if (!row) throw new Error("idempotency key vanished");
    if (row.requestHash !== claim.requestHash) return { claimed: false, error: keyReused() };
    return { claimed: false, replay: replayOf(row, options.sealingKey) };
  });
}

/**
 * Claims the keys of a batch's requests (undefined: a request without a key) in one statement;
 * answers each request whose key was already used: its stored response (a replay) or the refusal
 * of a key reused with another request. Undefined for the requests that go on.
 */
export async function claimBatchKeys(
  tx: Transaction,
  claims: readonly (IdempotencyClaim | undefined)[],
  options: { now: Date; sealingKey: Buffer },
): Promise<(Settled<MutationResult<unknown>> | undefined)[]> {
  const keyed = claims.flatMap((claim, index) => (claim ? [{ index, claim }] : []));
  const outcomes = await claimIdempotencyKeys(
    tx,
    keyed.map(({ claim }) => claim),
    options,
  );
  const answers: (Settled<MutationResult<unknown>> | undefined)[] = claims.map(() => undefined);
  outcomes.forEach((outcome, position) => {
    if (outcome.claimed) return;
    const { index } = keyed[position] as { index: number };
    answers[index] =
      "error" in outcome ? { ok: false, error: outcome.error } : { ok: true, value: outcome.replay };
  });
  return answers;
}

/**
 * Settles claimed keys in one statement: a key whose mutation succeeded keeps its response, sealed
 * as JSON text inside the jsonb (jsonb would reorder keys, and a replay answers with the same bytes;
 * a response may carry a secret shown once); a key whose mutation failed is released, so a
 * corrected retry may run (decision 0006). Returns each kept response as a replay will read it.
 */
export async function settleIdempotencyKeys(
  tx: Transaction,
  settled: readonly (IdempotencyClaim & { result: MutationResult<unknown> | null })[],
  sealingKey: Buffer,
): Promise<void> {
  if (settled.length === 0) return;
  const json = JSON.stringify(
    settled.map(({ scope, key, result }) => ({
      scope,
      key,
      status_code: result?.statusCode ?? null,
      response_body: result ? { sealed: seal(JSON.stringify(result.body ?? null), sealingKey) } : null,
    })),
  );
  await tx.execute(sql`
    WITH settled AS (
      SELECT * FROM jsonb_to_recordset(${json}::jsonb)
        AS x(scope text, key text, status_code integer, response_body jsonb)
    ), kept AS (
      UPDATE idempotency_keys k SET status_code = s.status_code, response_body = s.response_body
      FROM settled s WHERE k.scope = s.scope AND k.key = s.key AND s.status_code IS NOT NULL
    )
    DELETE FROM idempotency_keys k USING settled s
    WHERE k.scope = s.scope AND k.key = s.key AND s.status_code IS NULL`);
}

/**
 * The settle step of a batch: each claimed key keeps its request's response (`keep`, which
 * returns the response as a replay will read it) or is released (`release`); `write` settles them
 * all in one statement, in the batch's transaction.
 */
export class KeySettlement {
  readonly #settled: (IdempotencyClaim & { result: MutationResult<unknown> | null })[] = [];

  keep<T>(claim: IdempotencyClaim, response: MutationResult<T>): MutationResult<T> {
    const stored = asStored(response);
    this.#settled.push({ ...claim, result: stored });
    return stored;
  }

  release(claim: IdempotencyClaim): void {
    this.#settled.push({ ...claim, result: null });
  }

  write(tx: Transaction, sealingKey: Buffer): Promise<void> {
    return settleIdempotencyKeys(tx, this.#settled, sealingKey);
  }
}

/** The response as a replay will return it: the JSON of the body, parsed again. */
export function asStored<T>(result: MutationResult<T>): MutationResult<T> {
  return { statusCode: result.statusCode, body: JSON.parse(JSON.stringify(result.body ?? null)) as T };
}
