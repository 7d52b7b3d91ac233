import type { Catalog } from "../../../../core/catalog.js";
import type { Interval } from "../../../../core/period.js";
import { recurringTotal, yearlySavings } from "../../../../core/plan-change.js";
import { MessageText } from "../../../components/ui.js";
import type { PlanLevels } from "../../../lib/api.js";
import { intervalName, money, perInterval } from "../../../lib/format.js";

/** Billing Period: Monthly or Yearly, each with the recurring total of the chosen counts. */
export function IntervalControl(props: {
  desired: PlanLevels;
  error: string | undefined;
  catalog: Catalog;
  currency: string;
  onInterval: (interval: Interval) => void;
  disabled: boolean;
}) {
  const { desired, catalog, currency, error } = props;
  const price = (interval: Interval) =>
    recurringTotal(catalog, currency, interval, desired.seats, desired.additionalCreditBlocks);
  const savings = yearlySavings(catalog, currency, desired.seats, desired.additionalCreditBlocks);
  return (
    <fieldset className={`control billing-period ${error ? "control-invalid" : ""}`}>
      <legend className="control-label">Billing Period</legend>
      <div className="choices">
        {(["month", "year"] as const).map((interval) => (
          <label
            key={interval}
            className={`choice ${desired.interval === interval ? "choice-selected" : ""}`}
          >
            <input
              type="radio"
              name="billing-period"
              value={interval}
              checked={desired.interval === interval}
              disabled={props.disabled}
              onChange={() => props.onInterval(interval)}
              aria-describedby={interval === "year" ? "yearly-savings" : undefined}
            />
            <span className="choice-body">
              <span className="choice-title">{intervalName(interval)}</span>
              <span className="choice-price">
                {money(price(interval), currency)} / {perInterval(interval)}
              </span>
              {interval === "year" && savings > 0 ? (
                <span className="savings" id="yearly-savings" data-testid="yearly-savings">
                  Save {money(savings, currency)} a year
                </span>
              ) : null}
            </span>
          </label>
        ))}
      </div>
      <p className="field-error" role="alert" data-testid="interval-error">
        {error ? <MessageText text={error} /> : ""}
      </p>
    </fieldset>
  );
}
