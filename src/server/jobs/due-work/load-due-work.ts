import type { Transaction } from "../../db/client.js";
import { type ClaimCursor, type ClaimedSubscription, claimDueSubscriptions } from "../due-work.repository.js";
import type { DueWorkOptions } from "./due-work-types.js";

/**
 * Step 1 of a due-work batch, load: claims a batch of due subscriptions with their credit cycles
 * (rows locked: `FOR UPDATE SKIP LOCKED`, or waiting with `wait`), after the cursor of the batch
 * before. The cursor of this one is its last row.
 */
export async function loadDueWork(
  tx: Transaction,
  now: Date,
  options: DueWorkOptions & { after?: ClaimCursor | undefined },
): Promise<{ claimed: ClaimedSubscription[]; cursor: ClaimCursor | undefined }> {
  const claimed = await claimDueSubscriptions(tx, {
    now,
    limit: options.batchSize ?? 500,
    skipLocked: !options.wait,
    organizationId: options.organizationId,
    after: options.after,
  });
  const last = claimed.at(-1);
  const cursor = last ? { cycleEnd: last.cycle.end, organizationId: last.organizationId } : undefined;
  return { claimed, cursor };
}
