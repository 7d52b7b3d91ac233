import { ManualClock } from "../../clock.js";
import type { AppDeps, Caller } from "../../context.js";
import { auditBy } from "../../context.js";
import type { Database, Transaction } from "../../db/client.js";
import { AppError } from "../../errors.js";
import { lockDueSubscriptions } from "../../jobs/due-work.repository.js";
import { type DueWorkResult, nextRenewalHorizon, processDueBatch } from "../../jobs/run-due-work.js";
import { recordAudit } from "../audit/audit.repository.js";
import { requireOperator } from "../auth/authenticate.js";
import {
  anyOrganizationExists,
  lockTestClock,
  readTestClock,
  saveTestClock,
} from "./test-clock.repository.js";
import type { TestClockBody } from "./test-clock.schemas.js";

/** The manual clock of this process, or nothing when BILLING_CLOCK is not manual. */
export function manualClockOf(deps: Pick<AppDeps, "clock" | "config">): ManualClock | undefined {
  if (deps.config.BILLING_CLOCK !== "manual") return undefined;
  return deps.clock instanceof ManualClock ? deps.clock : undefined;
}

/**
 * At start (and on reads), a process with a manual clock takes the persisted test-clock time, so
 * every process on one database tells the same time. The composition root may call this.
 */
export async function restoreTestClock(deps: { db: Database; clock: unknown }): Promise<Date | undefined> {
  if (!(deps.clock instanceof ManualClock)) return undefined;
  const persisted = await readTestClock(deps.db);
  if (persisted && persisted.getTime() > deps.clock.now().getTime()) deps.clock.set(persisted);
  return persisted;
}

export async function getTestClock(deps: AppDeps) {
  const clock = manualClockOf(deps);
  if (!clock)
    throw new AppError("clock_not_manual", "The test clock is off (BILLING_CLOCK is not manual).", 404);
  await restoreTestClock(deps);
  return { now: clock.now().toISOString(), mode: "manual" as const };
}

/**
 * Moves the test clock and, in the same transaction, runs every renewal and credit reset that
 * became due, organization by organization in time order, before answering. Backwards is refused
 * once an organization exists.
 */
export async function moveTestClock(tx: Transaction, deps: AppDeps, caller: Caller, body: TestClockBody) {
  requireOperator(caller.principal);
  const clock = manualClockOf(deps);
  if (!clock)
    throw new AppError("clock_not_manual", "The test clock is off (BILLING_CLOCK is not manual).", 404);
  const target = new Date(body.now);
  const current = await lockTestClock(tx, clock.now());
  const previous = current.getTime() > clock.now().getTime() ? current : clock.now();
  if (target.getTime() < previous.getTime() && (await anyOrganizationExists(tx))) {
    throw new AppError(
      "clock_backwards",
      `The test clock only moves forward once an organization exists (it is ${previous.toISOString()}).`,
      409,
      "now",
    );
  }
  await saveTestClock(tx, target);
  const ran: DueWorkResult = { subscriptions: 0, renewals: 0, creditResets: 0, batches: 0 };
  // One claim takes every due row (waiting for locks) before any invoice number is reserved: this
  // transaction then never waits for a row while holding the number counter, which a subscription
  // change (row, then counter, then credits) would need: no deadlock. Later rounds only revisit
  // rows it holds (catch-ups longer than one plan).
  // Numbers follow issue dates across organizations (issue 15): after that claim, the catch-up goes
  // one renewal day at a time over rows it already holds.
  await lockDueSubscriptions(tx, target);
  let horizon: Date | undefined;
  for (;;) {
    horizon = await nextRenewalHorizon(tx, target, horizon);
    const batch = await processDueBatch(tx, deps, horizon, { wait: true, batchSize: 1_000_000 });
    ran.subscriptions += batch.subscriptions;
    ran.renewals += batch.renewals;
    ran.creditResets += batch.creditResets;
    ran.batches++;
    if (batch.claimed === 0 && horizon.getTime() >= target.getTime()) break;
  }
  await recordAudit(tx, {
    ...auditBy(caller, null),
    action: "test_clock.moved",
    entityType: "test_clock",
    entityId: null,
    before: { now: previous.toISOString() },
    after: { now: target.toISOString(), ...ran },
    occurredAt: target,
  });
  return {
    now: target.toISOString(),
    previous: previous.toISOString(),
    ran: { renewals: ran.renewals, creditResets: ran.creditResets, subscriptions: ran.subscriptions },
  };
}
