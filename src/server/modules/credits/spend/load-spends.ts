import { keyReplays } from "../../../batching/idempotency.js";
import { readTogether, runInTurn } from "../../../db/adapter.js";
import type { Transaction } from "../../../db/client.js";
import { spendReads } from "../spend-writer.js";
import type { SpendSubmission, Written } from "./spend-types.js";

/**
 * Step 1 of a spend batch, load, in one flight (sent at once on PostgreSQL, `runInTurn`): lock the
 * group's balance rows (organization order), then ONE statement reads its keys and the event ids
 * already recorded (`readTogether`), with a snapshot taken once the locks are held. A replay or a
 * reused key is answered here (`answered`); undefined for the requests that go on.
 */
export async function loadSpends(
  tx: Transaction,
  requests: readonly SpendSubmission[],
  options: { sealingKey: Buffer; lookUpKeys: boolean },
) {
  const reads = spendReads(requests);
  const replaysOf = keyReplays(
    requests.map((request) => (options.lookUpKeys ? request.idempotency?.claim : undefined)),
    options.sealingKey,
  );
  const [cycles, [replays, recorded]] = await runInTurn(tx, [
    reads.lock,
    readTogether(replaysOf, reads.recorded),
  ]);
  const answered: (Written | undefined)[] = replays.map((answer) =>
    answer === undefined
      ? undefined
      : { kind: "answered", settled: answer.ok ? { ok: true, value: { response: answer.value } } : answer },
  );
  return { cycles, recorded, answered };
}
