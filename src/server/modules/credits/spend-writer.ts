import { allocateBatch, crossedThresholds, type SpendOutcome } from "../../../core/credits.js";
import type { Clock } from "../../clock.js";
import type { Transaction } from "../../db/client.js";
import {
  type CycleSnapshot,
  findRecordedSpends,
  lockCreditBalances,
  type NewCreditNotice,
  type NewSpendEntry,
  type NewSpends,
  type RecordedEvent,
  recordCreditNotices,
  recordSpends,
} from "./credits.repository.js";
import type { SpendEventBody } from "./credits.schemas.js";

/** One request's spends: a single event or a batch, of one organization, decided in order. */
export interface SpendRequest {
  organizationId: string;
  events: readonly SpendEventBody[];
}

export type SpendDecision =
  | {
      kind: "decided";
      /** The cycle charged; its balance is the one right after this request's events. */
      cycle: CycleSnapshot;
      /** One per event, in order (allocateBatch's). */
      outcomes: SpendOutcome[];
      /** Credits this request spent (repeats and refusals spend nothing). */
      spent: number;
      /** When the first occurrence of each repeated event id of this request occurred. */
      firstOccurredAt: ReadonlyMap<string, Date>;
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
    return { kind: "decided", cycle, outcomes: [], spent: 0, firstOccurredAt: new Map() };
  });
  const open = requests
    .map((request, index) => ({ request, index }))
    .filter(({ index }) => decisions[index]?.kind === "decided");
  if (open.length === 0) return decisions;

  const eventIds = new Map<string, Set<string>>();
  for (const { request } of open) {
    let ids = eventIds.get(request.organizationId);
    if (!ids) {
      ids = new Set();
      eventIds.set(request.organizationId, ids);
    }
    for (const event of request.events) ids.add(event.eventId);
  }
  const recorded = await findRecordedSpends(tx, eventIds);

  const spends: NewSpends[] = [];
  const notices: NewCreditNotice[] = [];
  const planned = new Map<string, number>();
  for (const [organizationId, group] of groupBy(open, ({ request }) => request.organizationId)) {
    const cycle = cycles.get(organizationId) as CycleSnapshot;
    const known = recorded.get(organizationId) ?? new Map<string, RecordedEvent>();
    const events =
      group.length === 1 ? (group[0]?.request.events ?? []) : group.flatMap(({ request }) => request.events);
    const batch = allocateBatch({ balance: cycle.balance, events, recorded: known });
    const entries: NewSpendEntry[] = [];
    // When each event id accepted here occurred (a repeat answers with its first occurrence).
    const acceptedAt = new Map<string, string>();
    let position = 0;
    let balance = cycle.balance;
    for (const { request, index } of group) {
      const balanceBefore = balance;
      const outcomes = batch.outcomes.slice(position, position + request.events.length);
      const firstOccurredAt = new Map<string, Date>();
      let spent = 0;
      request.events.forEach((event, offset) => {
        const outcome = outcomes[offset] as SpendOutcome;
        if (outcome.status === "spent") {
          const occurredAt = new Date(event.occurredAt).toISOString();
          balance = outcome.balanceAfter;
          spent += outcome.credits;
          acceptedAt.set(outcome.eventId, occurredAt);
          entries.push([outcome.eventId, outcome.feature, outcome.credits, outcome.balanceAfter, occurredAt]);
        } else if (outcome.status === "duplicate") {
          const first = known.get(outcome.eventId)?.occurredAt ?? acceptedAt.get(outcome.eventId);
          if (first !== undefined) firstOccurredAt.set(outcome.eventId, new Date(first));
        }
      });
      position += request.events.length;
      decisions[index] = { kind: "decided", cycle: { ...cycle, balance }, outcomes, spent, firstOccurredAt };
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
    if (batch.spent > 0) {
      planned.set(organizationId, batch.balanceAfter);
      spends.push({ organizationId, cycleStart: cycle.cycleStart, entries });
    }
  }

  const balances = await recordSpends(tx, spends, now);
  for (const [organizationId, balance] of planned) {
    if (balances.get(organizationId) !== balance) {
      throw new Error(`the balance of ${organizationId} diverged from its spend plan`);
    }
  }
  await recordCreditNotices(tx, notices, now);
  return decisions;
}
