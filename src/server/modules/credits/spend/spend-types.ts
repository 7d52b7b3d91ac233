import type { Settled } from "../../../batching/group-commit.js";
import type { IdempotencyClaim, MutationResult } from "../../../batching/idempotency.js";
import type { SpendDecision, SpendRequest } from "../spend-writer.js";

export type DecidedSpends = Extract<SpendDecision, { kind: "decided" }>;

/**
 * A request to the spend door: its spends and, with an Idempotency-Key, the key's claim and how its
 * decision becomes the response the key keeps (run in the transaction: a response that is an error,
 * a 402, releases the key, so a corrected retry may run).
 */
export interface SpendSubmission extends SpendRequest {
  idempotency?: { claim: IdempotencyClaim; respond: (decided: DecidedSpends) => MutationResult<unknown> };
}

/** A request's answer: its decision, or (with an Idempotency-Key) the response the key keeps or replays. */
export type SpendAnswer = { decided: DecidedSpends } | { response: MutationResult<unknown> };

/**
 * What one request came to in one transaction: decided, answered (replay, refusal), or to run again
 * (a cycle that ended; a keyed request refused while its key was not looked up, which might be a
 * replay).
 */
export type Written =
  | SpendDecision
  | { kind: "answered"; settled: Settled<SpendAnswer> }
  | { kind: "key_unchecked" };
