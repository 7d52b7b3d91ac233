import type { KeySettlement } from "../../../batching/idempotency.js";
import { runInTurn } from "../../../db/adapter.js";
import type { Transaction } from "../../../db/client.js";
import { recordCreditNotices, spendsRecord } from "../credits.repository.js";
import { checkSpendBalances, type SpendPlan } from "../spend-writer.js";

/**
 * Steps 3 and 4 of a spend batch, execute and check: ONE statement writes the ledger entries,
 * debits the balances and stores the kept keys (`spendsRecord` with the keys' insert alongside);
 * the balances it returns must be the planned ones, else the transaction must not commit; then
 * the low-balance notices, if any.
 */
export async function executeSpends(
  tx: Transaction,
  planned: { plan: SpendPlan; keys: KeySettlement },
  now: Date,
  sealingKey: Buffer,
): Promise<void> {
  const { plan, keys } = planned;
  const [balances] = await runInTurn(tx, [spendsRecord(plan.spends, now, keys.storing({ now, sealingKey }))]);
  checkSpendBalances(plan, balances);
  await recordCreditNotices(tx, plan.notices, now);
}
