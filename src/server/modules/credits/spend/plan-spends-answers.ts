import { KeySettlement } from "../../../batching/idempotency.js";
import type { CycleSnapshot, RecordedEvent } from "../credits.repository.js";
import { planSpends, type SpendDecision } from "../spend-writer.js";
import type { SpendSubmission, Written } from "./spend-types.js";

/**
 * Step 2 of a spend batch, plan: the requests not answered at load are decided in arrival order
 * (`planSpends`, src/core's allocateBatch), and each keyed decision becomes the response its key
 * keeps (a refusal, a single spend's 402, keeps no key: a corrected retry may run). When the keys
 * were not looked up (decision 0141), a keyed refusal runs again with them: it may be a replay.
 */
export function planSpendAnswers(
  requests: readonly SpendSubmission[],
  loaded: {
    cycles: ReadonlyMap<string, CycleSnapshot>;
    recorded: ReadonlyMap<string, ReadonlyMap<string, RecordedEvent>>;
    answered: readonly (Written | undefined)[];
  },
  options: { now: Date; keysLookedUp: boolean },
) {
  const written = [...loaded.answered];
  const open = requests.flatMap((_, index) => (written[index] === undefined ? [index] : []));
  const plan = planSpends(
    open.map((index) => requests[index] as SpendSubmission),
    loaded.cycles,
    loaded.recorded,
    options.now,
  );
  // Kept as plain JSON: a spend's response holds no secret, only what the ledger write beside it
  // stores in plain (decision 0144).
  const keys = new KeySettlement({ sealed: false });
  open.forEach((index, position) => {
    const decision = plan.decisions[position] as SpendDecision;
    const idempotency = (requests[index] as SpendSubmission).idempotency;
    // A refusal stores no key, so only a looked-up key may answer with it (else it might be a replay).
    const unchecked: Written | undefined =
      idempotency && !options.keysLookedUp ? { kind: "key_unchecked" } : undefined;
    if (!idempotency || decision.kind !== "decided") {
      written[index] = decision.kind === "no_cycle" ? (unchecked ?? decision) : decision;
      return;
    }
    try {
      const response = keys.keep(idempotency.claim, idempotency.respond(decision));
      written[index] = { kind: "answered", settled: { ok: true, value: { response } } };
    } catch (error) {
      written[index] = unchecked ?? { kind: "answered", settled: { ok: false, error } };
    }
  });
  return { plan, keys, written: written as Written[] };
}
