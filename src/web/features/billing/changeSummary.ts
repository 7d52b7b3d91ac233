import type { ChangeRequest, PlanLevels } from "../../lib/api.js";
import { count, date, intervalName } from "../../lib/format.js";

export interface ChangeRow {
  label: string;
  before: string;
  after: string;
  changed: boolean;
}

/** Before → after, in the words of the Manage Subscription dialog. */
export function changeRows(current: PlanLevels, requested: PlanLevels, creditsPerBlock: number): ChangeRow[] {
  const credits = (blocks: number) => `${count(blocks * creditsPerBlock)} credits`;
  return [
    {
      label: "Seats",
      before: count(current.seats),
      after: count(requested.seats),
      changed: current.seats !== requested.seats,
    },
    {
      label: "Additional Credits",
      before: credits(current.additionalCreditBlocks),
      after: credits(requested.additionalCreditBlocks),
      changed: current.additionalCreditBlocks !== requested.additionalCreditBlocks,
    },
    {
      label: "Billing Period",
      before: intervalName(current.interval),
      after: intervalName(requested.interval),
      changed: current.interval !== requested.interval,
    },
  ];
}

/** "Seats 10 → 12, Billing Period Monthly → Yearly" */
export function changeSentence(current: PlanLevels, requested: PlanLevels, creditsPerBlock: number): string {
  const rows = changeRows(current, requested, creditsPerBlock).filter((row) => row.changed);
  if (rows.length === 0) return "no change";
  return rows.map((row) => `${row.label} ${row.before} → ${row.after}`).join(", ");
}

/** " from <date>" when the request lowers something, which then waits for the renewal. */
export function scheduledSuffix(request: ChangeRequest): string {
  const scheduled = request.quoteAtSubmission?.scheduled;
  return scheduled ? ` from ${date(scheduled.effectiveAt)}` : "";
}
