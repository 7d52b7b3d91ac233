// Loaded on demand: AI credit use of past cycles (GET /credits/usage/daily?cycleStart=) and a CSV
// export of a cycle's daily use by feature.
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { creditCycleContaining } from "../../../core/credits.js";
import { QueryState } from "../../components/QueryState.js";
import { Field, Options } from "../../components/ui.js";
import type { DailyUsage } from "../../lib/api.js";
import { api } from "../../lib/api.js";
import { count, date } from "../../lib/format.js";
import { CreditUsageChart } from "./CreditUsageChart.js";

const CYCLES = 12;

/** The current cycle and up to eleven before it (none before the anchor), newest first. */
export function pastCycles(anchor: Date, currentStart: Date): { start: Date; end: Date }[] {
  const cycles: { start: Date; end: Date }[] = [];
  let instant = currentStart;
  for (let index = 0; index < CYCLES && instant.getTime() >= anchor.getTime(); index++) {
    // No cycle before the subscription's anchor.
    const cycle = creditCycleContaining(anchor, instant);
    cycles.push(cycle);
    instant = new Date(cycle.start.getTime() - 1);
  }
  return cycles;
}

const csvOf = (usage: DailyUsage) => {
  const rows = ["date,feature,credits"];
  for (const day of usage.days) {
    for (const [feature, credits] of Object.entries(day.byFeature)) {
      rows.push(
        `${day.date},${/^[=+\-@]/.test(feature) ? `'${feature}` : feature.replaceAll(",", " ")},${credits}`,
      );
    }
  }
  return `${rows.join("\r\n")}\r\n`;
};

export default function UsageHistory({ anchor, cycleStart }: { anchor: string; cycleStart: string }) {
  const cycles = useMemo(() => pastCycles(new Date(anchor), new Date(cycleStart)), [anchor, cycleStart]);
  const [chosen, setChosen] = useState(0);
  const cycle = cycles[chosen] ?? cycles[0];
  const start = cycle?.start.toISOString() ?? cycleStart;
  const usage = useQuery({
    queryKey: ["daily-usage", start],
    queryFn: () => api.get<DailyUsage>(`/credits/usage/daily?cycleStart=${encodeURIComponent(start)}`),
  });
  const total = usage.data?.days.reduce((sum, day) => sum + day.credits, 0) ?? 0;
  const download = () => {
    if (!usage.data) return;
    const url = URL.createObjectURL(new Blob([csvOf(usage.data)], { type: "text/csv;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = `credit-usage-${start.slice(0, 10)}.csv`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <div className="usage-history" data-testid="usage-history">
      <div className="filters">
        <Field id="usage-cycle" label="Cycle">
          <select id="usage-cycle" value={chosen} onChange={(event) => setChosen(Number(event.target.value))}>
            <Options
              items={cycles.map((item, index) => ({
                value: String(index),
                label: `${date(item.start.toISOString())} – ${date(item.end.toISOString())}${index === 0 ? " (this cycle)" : ""}`,
              }))}
            />
          </select>
        </Field>
        <button type="button" className="button" onClick={download} disabled={!usage.data}>
          Export usage CSV
        </button>
      </div>
      <QueryState query={usage} loading="Loading use…" failed="Use could not be loaded">
        {(days) => (
          <>
            <p className="muted" data-testid="usage-history-total">
              {count(total)} credits used in this cycle.
            </p>
            <CreditUsageChart usage={days} />
          </>
        )}
      </QueryState>
    </div>
  );
}
