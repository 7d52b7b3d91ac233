// Loaded on demand (React.lazy): the credit forecast and its priced suggestion.
import { useQuery } from "@tanstack/react-query";
import type { Catalog } from "../../../core/catalog.js";
import { forecastCredits } from "../../../core/credit-forecast.js";
import type { Credits, Quote, Subscription } from "../../lib/api.js";
import { api } from "../../lib/api.js";
import { count, date, money, perInterval, plural } from "../../lib/format.js";
import { featureName } from "./CreditUsageChart.js";
import { currentLevels, localPlan, stateOf } from "./plan.js";
import { noteServerTime, serverNow } from "./serverClock.js";

/**
 * "At this rate your credits run out on <date>" or "last until the reset", per feature, and the
 * credit blocks that would cover the rest of the cycle, priced by the same core as every change.
 */
export default function CreditForecast(props: {
  credits: Credits;
  subscription: Subscription;
  catalog: Catalog;
  canChange: boolean;
  onAddCredits: (blocks: number) => void;
}) {
  const { credits, subscription, catalog } = props;
  // The billing clock is the server's: an unchanged quote says what time it is there.
  const clock = useQuery({
    queryKey: ["billing-clock", subscription.version],
    queryFn: async ({ signal }) => {
      const quote = await api.query<Quote>("/subscription/preview", currentLevels(subscription), signal);
      noteServerTime(quote.quotedAt);
      return quote.quotedAt;
    },
    staleTime: 60_000,
  });
  const now = clock.data ? (serverNow() ?? new Date(clock.data)) : null;
  if (!now) return null;
  const forecast = forecastCredits({
    cycleStart: new Date(credits.cycleStart),
    cycleEnd: new Date(credits.cycleEnd),
    now,
    allocation: credits.allocation,
    used: credits.used,
    byFeature: credits.byFeature,
    creditsPerBlock: catalog.creditsPerBlock,
    blocksAvailable: catalog.limits.creditBlocks.max - subscription.additionalCreditBlocks,
  });
  const blocks = forecast.blocksSuggested;
  let price: number | null = null;
  if (blocks > 0) {
    try {
      const levels = currentLevels(subscription);
      const plan = localPlan({
        state: stateOf(subscription),
        change: { ...levels, additionalCreditBlocks: levels.additionalCreditBlocks + blocks },
        catalog,
        now,
      });
      price = plan.violations.length === 0 ? plan.total : null;
    } catch {
      price = null;
    }
  }
  const headline = {
    no_usage: "No credits used yet this cycle: nothing to forecast.",
    lasts: `At this rate your credits last until the reset on ${date(credits.resetAt)}.`,
    runs_out: `At this rate your credits run out on ${forecast.runOutAt ? date(forecast.runOutAt.toISOString()) : ""}, before the reset on ${date(credits.resetAt)}.`,
    ran_out: `Your credits for this cycle are used up; they reset on ${date(credits.resetAt)}.`,
  }[forecast.kind];
  return (
    <section className="forecast" aria-labelledby="forecast-title" data-testid="credit-forecast">
      <h4 id="forecast-title" className="preview-subhead">
        Forecast
      </h4>
      <p data-testid="forecast-headline" data-kind={forecast.kind}>
        {headline}
      </p>
      {forecast.kind !== "no_usage" ? (
        <p className="muted small">
          About {count(forecast.perDay)} credits a day so far; {count(forecast.projected)} by the reset of{" "}
          {count(credits.allocation)}.
        </p>
      ) : null}
      {forecast.features.length > 1 && forecast.kind !== "no_usage" ? (
        <table className="table forecast-features" data-testid="forecast-features">
          <caption className="visually-hidden">Credits by feature: used and expected by the reset</caption>
          <thead>
            <tr>
              <th scope="col">Feature</th>
              <th scope="col" className="num">
                Used
              </th>
              <th scope="col" className="num">
                By the reset
              </th>
            </tr>
          </thead>
          <tbody>
            {forecast.features.map((feature) => (
              <tr key={feature.feature}>
                <th scope="row">{featureName(feature.feature)}</th>
                <td className="num">{count(feature.used)}</td>
                <td className="num">{count(feature.projected)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {blocks > 0 ? (
        <div className="forecast-suggestion" data-testid="forecast-suggestion">
          <p>
            {count(blocks * catalog.creditsPerBlock)} more credits ({plural(blocks, "block")}) would cover the
            rest of this cycle
            {price !== null ? (
              <>
                : <strong>{money(price, subscription.currency)}</strong> today, then{" "}
                {money(
                  catalog.currencies[subscription.currency]?.creditBlock[subscription.interval] ?? 0,
                  subscription.currency,
                )}{" "}
                per block / {perInterval(subscription.interval)}
              </>
            ) : null}
            .
          </p>
          {props.canChange ? (
            <button type="button" className="button" onClick={() => props.onAddCredits(blocks)}>
              Add {count(blocks * catalog.creditsPerBlock)} credits…
            </button>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
