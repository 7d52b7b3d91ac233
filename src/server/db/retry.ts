import { sqlState } from "./adapter.js";
import type { Database, Transaction } from "./client.js";

/**
 * PostgreSQL's answers that mean "nothing was written, run the same transaction again": this
 * transaction was chosen as a deadlock's victim (40P01), or could not be serialized (40001).
 */
const retryableCodes = new Set(["40P01", "40001"]);

export function isRetryableTransactionError(error: unknown): boolean {
  const code = sqlState(error);
  return code !== undefined && retryableCodes.has(code);
}

/**
 * Runs `transaction` (one whole transaction: it begins and ends inside) again, `attempts` times in
 * all, while it fails as a deadlock's victim or a serialization failure. It must do nothing outside
 * its transaction that a second run would repeat.
 */
export async function retrying<T>(transaction: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (error) {
      if (attempt >= attempts || !isRetryableTransactionError(error)) throw error;
    }
  }
}

/** `db.transaction(work)`, run again as `retrying` says (every mutation here is one transaction). */
export function retryingTransaction<T>(
  db: Pick<Database, "transaction">,
  work: (tx: Transaction) => Promise<T>,
  attempts = 3,
): Promise<T> {
  return retrying(() => db.transaction(work), attempts);
}
