import { allocateBatch, crossedThresholds, type SpendOutcome } from "../../../core/credits.js";
import type { Clock } from "../../clock.js";
import type { Transaction } from "../../db/client.js";
import {
  type CycleSnapshot,
  findRecordedSpends,
  lockCreditBalances,
  type NewCreditNotice,
  type NewSpendEntry,
  recordCreditNotices,
  recordSpends,
} from "./credits.repository.js";
import type { SpendEventBody } from "./credits.schemas.js";

/** One request's spends: a single event or a batch, of one organization, decided in order. */
export interface SpendRequest {
  organizationId: string;
  events: readonly SpendEventBody[];
}

/** An event's outcome and when it (or, for a repeat, its first occurrence) occurred. */
export type DecidedSpend = SpendOutcome & { occurredAt: Date };

export type SpendDecision =
  | {
      kind: "decided";
      /** The cycle charged; its balance is the one right after this request's events. */
      cycle: CycleSnapshot;
      outcomes: DecidedSpend[];
      /** Credits this request spent (repeats and refusals spend nothing). */
      spent: number;
    }
  /** The organization has no credit cycle. */
  | { kind: "no_cycle" }
  /** The cycle ended and its reset has not run: nothing of this request was written. */
  | { kind: "cycle_ended" };

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/**
 * Writes the spends of many requests, of many organizations, in the caller's transaction, in a
 * fixed number of statements whatever their number: the balance rows are locked in one
 * statement (organization order), the already recorded event ids read in one, each
 * organization's events decided in arrival order by the pure `allocateBatch` (exactly as
 * one-by-one spends would be), every ledger entry written and every balance debited in one, and
 * the low-balance notices crossed by each request recorded with their outbox events.
 *
 * "Now" is read once, after the rows are locked (a reset that ran while this transaction waited
 * is then in the past of the clock read).
 */
export async function writeSpends(
  tx: Transaction,
  clock: Clock,
  requests: readonly SpendRequest[],
): Promise<SpendDecision[]> {
  const organizationIds = [...new Set(requests.map((request) => request.organizationId))].sort();
  const cycles = await lockCreditBalances(tx, organizationIds);
  const now = clock.now();
  const decisions: SpendDecision[] = requests.map((request) => {
    const cycle = cycles.get(request.organizationId);
    if (!cycle) return { kind: "no_cycle" };
    if (cycle.cycleEnd.getTime() <= now.getTime()) return { kind: "cycle_ended" };
    return { kind: "decided", cycle, outcomes: [], spent: 0 };
  });
  const open = requests
    .map((request, index) => ({ request, index }))
    .filter(({ index }) => decisions[index]?.kind === "decided");
  if (open.length === 0) return decisions;

  const pairs = new Map<string, { organizationId: string; eventId: string }>();
  for (const { request } of open) {
    for (const event of request.events) {
      pairs.set(JSON.stringify([request.organizationId, event.eventId]), {
        organizationId: request.organizationId,
        eventId: event.eventId,
      });
    }
  }
  const recorded = await findRecordedSpends(tx, [...pairs.values()]);

  const entries: NewSpendEntry[] = [];
  const notices: NewCreditNotice[] = [];
  const planned = new Map<string, number>();
  for (const [organizationId, group] of groupBy(open, ({ request }) => request.organizationId)) {
    const cycle = cycles.get(organizationId) as CycleSnapshot;
    const known = recorded.get(organizationId) ?? new Map();
    const events = group.flatMap(({ request }) => request.events);
    const batch = allocateBatch({ balance: cycle.balance, events, recorded: known });
    // When each event id first occurred: recorded earlier, or its first accepted event here.
    const firstOccurred = new Map<string, Date>();
    for (const [eventId, first] of known) firstOccurred.set(eventId, first.occurredAt);
    let position = 0;
    let balance = cycle.balance;
    for (const { request, index } of group) {
      const balanceBefore = balance;
      const outcomes: DecidedSpend[] = [];
      let spent = 0;
      for (const event of request.events) {
        const outcome = batch.outcomes[position++] as SpendOutcome;
        const occurredAt = new Date(event.occurredAt);
        if (outcome.status === "spent") {
          balance = outcome.balanceAfter;
          spent += outcome.credits;
          firstOccurred.set(outcome.eventId, occurredAt);
          entries.push({
            organizationId,
            cycleStart: cycle.cycleStart,
            eventId: outcome.eventId,
            feature: outcome.feature,
            credits: outcome.credits,
            balanceAfter: outcome.balanceAfter,
            occurredAt,
          });
        }
        outcomes.push({
          ...outcome,
          occurredAt:
            outcome.status === "duplicate" ? (firstOccurred.get(outcome.eventId) ?? occurredAt) : occurredAt,
        });
      }
      decisions[index] = { kind: "decided", cycle: { ...cycle, balance }, outcomes, spent };
      if (spent > 0) {
        const usedAfter = cycle.allocation - balance;
        for (const threshold of crossedThresholds({
          allocation: cycle.allocation,
          usedBefore: cycle.allocation - balanceBefore,
          usedAfter,
        })) {
          notices.push({
            organizationId,
            cycleStart: cycle.cycleStart,
            threshold,
            allocation: cycle.allocation,
            used: usedAfter,
          });
        }
      }
    }
    if (balance !== batch.balanceAfter) throw new Error("spend plan diverged from allocateBatch");
    if (batch.spent > 0) planned.set(organizationId, batch.balanceAfter);
  }

  const balances = await recordSpends(tx, entries, now);
  for (const [organizationId, balance] of planned) {
    if (balances.get(organizationId) !== balance) {
      throw new Error(`the balance of ${organizationId} diverged from its spend plan`);
    }
  }
  await recordCreditNotices(tx, notices, now);
  return decisions;
}
