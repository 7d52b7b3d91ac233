import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";
import { jsonOf, runInTurn, type Statement } from "../db/adapter.js";
import type { Transaction } from "../db/client.js";
import { idempotencyKeys } from "../db/schema.js";
import { AppError } from "../errors.js";
import type { Principal } from "../modules/auth/principal.js";
import type { Settled } from "./group-commit.js";

/** The AES-256-GCM key for stored responses, derived from the deployment's secret. */
export function sealingKeyFrom(secret: string): Buffer {
  return createHash("sha256").update(`idempotency-responses:${secret}`).digest();
}

/**
 * A fresh 96-bit GCM nonce: 12 bytes cut from CSPRNG output drawn 4,096 nonces at a time. Each is
 * as random as `randomBytes(12)` and used once (a refill replaces the buffer, it never rewrites
 * one handed out); drawing them one by one cost about 8 µs each, paid inside a spend batch's
 * transaction for every kept key (decision 0142).
 */
const nonces = { pool: Buffer.alloc(0), offset: 0 };
function nonce(): Buffer {
  if (nonces.offset + 12 > nonces.pool.length) {
    nonces.pool = randomBytes(12 * 4096);
    nonces.offset = 0;
  }
  nonces.offset += 12;
  return nonces.pool.subarray(nonces.offset - 12, nonces.offset);
}

function seal(text: string, key: Buffer): string {
  const iv = nonce();
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

/** A kept response's body as stored: its JSON text, sealed or (a door that keeps no secret) plain. */
type StoredBody = { sealed: string } | { json: string };

function replayOf(stored: { statusCode: number; responseBody: unknown }, sealingKey: Buffer) {
  const body = jsonOf(stored.responseBody) as StoredBody;
  const json = "sealed" in body ? unseal(body.sealed, sealingKey) : body.json;
  return { statusCode: stored.statusCode, body: JSON.parse(json) as unknown };
}

type StoredKey = { requestHash: string; statusCode: number; responseBody: unknown };

export const claimIdOf = (claim: Pick<IdempotencyClaim, "scope" | "key">) =>
  JSON.stringify([claim.scope, claim.key]);

/** The stored rows of these keys, in one statement (one probe of the primary key each). */
function storedKeys(claims: readonly IdempotencyClaim[]): Statement<Map<string, StoredKey>> {
  const wanted = JSON.stringify(claims.map(({ scope, key }) => ({ scope, key })));
  return {
    sql:
      claims.length === 0
        ? undefined
        : sql`
      SELECT k.scope, k.key, k.request_hash, k.status_code, k.response_body
      FROM jsonb_to_recordset(${wanted}::jsonb) AS w(scope text, key text)
      CROSS JOIN LATERAL (
        -- OFFSET 0 keeps this a probe of the primary key per key: flattened, the planner (which
        -- guesses 100 rows for the recordset) hashes a scan of the whole table instead.
        SELECT * FROM idempotency_keys WHERE scope = w.scope AND key = w.key OFFSET 0
      ) k`,
    read: (rows) =>
      new Map(
        rows.map((row) => [
          claimIdOf({ scope: String(row.scope), key: String(row.key) }),
          {
            requestHash: String(row.request_hash),
            statusCode: Number(row.status_code),
            responseBody: row.response_body,
          },
        ]),
      ),
  };
}

/** What a key already stored answers: its response (a replay), or a refusal when reused. */
function answerOf(claim: IdempotencyClaim, row: StoredKey, sealingKey: Buffer): ClaimOutcome {
  if (row.requestHash !== claim.requestHash) return { claimed: false, error: keyReused() };
  return { claimed: false, replay: replayOf(row, sealingKey) };
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
  const claimed = new Set(claimedRows.map(claimIdOf));
  const [stored] = await runInTurn(tx, [
    storedKeys(claims.filter((claim) => !claimed.has(claimIdOf(claim)))),
  ]);
  return claims.map((claim): ClaimOutcome => {
    if (claimed.has(claimIdOf(claim))) return { claimed: true };
    const row = stored.get(claimIdOf(claim));
    if (!row) throw new Error("idempotency key vanished");
    return answerOf(claim, row, options.sealingKey);
  });
}

/** The answers of a batch's outcomes: undefined for the requests that go on (and for those without a key). */
function batchAnswersOf(
  claims: readonly (IdempotencyClaim | undefined)[],
  outcomeOf: (claim: IdempotencyClaim) => ClaimOutcome,
): (Settled<MutationResult<unknown>> | undefined)[] {
  return claims.map((claim) => {
    if (!claim) return undefined;
    const outcome = outcomeOf(claim);
    if (outcome.claimed) return undefined;
    return "error" in outcome ? { ok: false, error: outcome.error } : { ok: true, value: outcome.replay };
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
  const keyed = claims.filter((claim): claim is IdempotencyClaim => claim !== undefined);
  const claimed = await claimIdempotencyKeys(tx, keyed, options);
  const outcomes = new Map(keyed.map((claim, index) => [claim, claimed[index] as ClaimOutcome]));
  return batchAnswersOf(claims, (claim) => outcomes.get(claim) as ClaimOutcome);
}

/**
 * The replay step of a door whose requests of one key scope already run one after another under a
 * row lock taken first (the spend door: a key's scope lies in one organization, and every spend of
 * an organization locks its balance row). Run after that lock, it reads the batch's keys in one
 * statement and comes to the answers of replays and reused keys (undefined for the requests that
 * go on, and for those without a key). It writes no claim row: the keys of the requests that go on
 * are stored once, with their responses (`KeySettlement#storing`).
 */
export function keyReplays(
  claims: readonly (IdempotencyClaim | undefined)[],
  sealingKey: Buffer,
): Statement<(Settled<MutationResult<unknown>> | undefined)[]> {
  const lookup = storedKeys(claims.filter((claim): claim is IdempotencyClaim => claim !== undefined));
  return {
    sql: lookup.sql,
    read: (rows) => {
      const stored = lookup.read(rows);
      return batchAnswersOf(claims, (claim) => {
        const row = stored.get(claimIdOf(claim));
        return row ? answerOf(claim, row, sealingKey) : { claimed: true };
      });
    },
  };
}

/**
 * Settles claimed keys in one statement: a key whose mutation succeeded keeps its response, sealed
 * as JSON text inside the jsonb (jsonb would reorder keys, and a replay answers with the same bytes;
 * a response may carry a secret shown once); a key whose mutation failed is released, so a
 * corrected retry may run (decision 0006). A kept response is sealed from its JSON as `keptOf` wrote it.
 */
export async function settleIdempotencyKeys(
  tx: Transaction,
  settled: readonly (IdempotencyClaim & { kept: KeptResponse<unknown> | null })[],
  sealingKey: Buffer,
  options: { sealed: boolean } = { sealed: true },
): Promise<void> {
  if (settled.length === 0) return;
  const json = JSON.stringify(
    settled.map(({ scope, key, kept }) => ({
      scope,
      key,
      status_code: kept?.response.statusCode ?? null,
      response_body: kept ? storedBody(kept.json, sealingKey, options) : null,
    })),
  );
  // The keys are this transaction's claims: each is found by one probe of the primary key (OFFSET
  // 0, as in storedKeys), then updated or deleted by its row address (a join would scan the table).
  await tx.execute(sql`
    WITH settled AS (
      SELECT s.*, k.ctid AS row_id
      FROM jsonb_to_recordset(${json}::jsonb)
        AS s(scope text, key text, status_code integer, response_body jsonb)
      CROSS JOIN LATERAL (
        SELECT ctid FROM idempotency_keys WHERE scope = s.scope AND key = s.key OFFSET 0
      ) k
    ), kept AS (
      UPDATE idempotency_keys k
      SET (status_code, response_body) =
        (SELECT s.status_code, s.response_body FROM settled s WHERE s.row_id = k.ctid)
      WHERE k.ctid = ANY (ARRAY(SELECT row_id FROM settled WHERE status_code IS NOT NULL))
    )
    DELETE FROM idempotency_keys
    WHERE ctid = ANY (ARRAY(SELECT row_id FROM settled WHERE status_code IS NULL))`);
}

/**
 * The settle step of a batch: each claimed key keeps its request's response (`keep`, which
 * returns the response as a replay will read it) or is released (`release`); `write` settles them
 * all in one statement, in the batch's transaction.
 */
export class KeySettlement {
  readonly #settled: (IdempotencyClaim & { kept: KeptResponse<unknown> | null })[] = [];
  readonly #sealed: boolean;

  /**
   * `sealed: false` keeps the responses as plain JSON text, for a door whose responses carry
   * nothing the database does not already hold in plain (the spend door: its responses repeat the
   * ledger entries and balance it writes beside them; decision 0144). Responses that may carry a
   * secret shown once are always sealed (the default).
   */
  constructor(options: { sealed: boolean } = { sealed: true }) {
    this.#sealed = options.sealed;
  }

  keep<T>(claim: IdempotencyClaim, response: MutationResult<T>): MutationResult<T> {
    const kept = keptOf(response);
    this.#settled.push({ ...claim, kept });
    return kept.response;
  }

  release(claim: IdempotencyClaim): void {
    this.#settled.push({ ...claim, kept: null });
  }

  write(tx: Transaction, sealingKey: Buffer): Promise<void> {
    return settleIdempotencyKeys(tx, this.#settled, sealingKey, { sealed: this.#sealed });
  }

  /**
   * After `keyReplays` (no claim rows): the statement that stores the kept keys with their
   * responses (a released key was never written); undefined when none is kept. An INSERT without
   * RETURNING, so a door may run it as a part of its own write statement (the spend door puts it
   * beside its ledger write). A key that another kind of request of the same caller claimed
   * meanwhile makes it wait for that transaction, then fail as a unique violation of
   * `idempotencyKeyConstraint` if that one kept its key: run the batch again, and `keyReplays`
   * answers it.
   */
  storing(options: { now: Date; sealingKey: Buffer }): SQL | undefined {
    const keptKeys = this.#settled.flatMap(({ kept, ...claim }) => (kept ? [{ claim, kept }] : []));
    if (keptKeys.length === 0) return undefined;
    const rows = JSON.stringify(
      keptKeys.map(({ claim, kept }): [string, string, string, number, StoredBody] => [
        claim.scope,
        claim.key,
        claim.requestHash,
        kept.response.statusCode,
        storedBody(kept.json, options.sealingKey, { sealed: this.#sealed }),
      ]),
    );
    return sql`
      INSERT INTO idempotency_keys (scope, key, request_hash, status_code, response_body, created_at)
      SELECT r->>0, r->>1, r->>2, (r->>3)::integer, r->4, ${options.now.toISOString()}::timestamptz
      FROM jsonb_array_elements(${rows}::jsonb) AS r`;
  }
}

/** The primary key of the stored keys: a violation means another request stored the key first. */
export const idempotencyKeyConstraint = "idempotency_keys_scope_key_pk";

/**
 * A response's JSON text as its key row keeps it, inside the jsonb (see settleIdempotencyKeys):
 * sealed, or plain for a door whose responses hold no secret (decision 0144).
 */
function storedBody(json: string, sealingKey: Buffer, options: { sealed: boolean }): StoredBody {
  return options.sealed ? { sealed: seal(json, sealingKey) } : { json };
}

/** A response as its key keeps it: the body's JSON text (sealed into the row) and the response a replay returns, parsed from that text. */
export interface KeptResponse<T> {
  response: MutationResult<T>;
  json: string;
}

/** Writes the body's JSON once: the response answered now is the one a replay will return. */
export function keptOf<T>(result: MutationResult<T>): KeptResponse<T> {
  const json = JSON.stringify(result.body ?? null);
  return { response: { statusCode: result.statusCode, body: JSON.parse(json) as T }, json };
}
