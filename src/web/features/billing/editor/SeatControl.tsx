import type { Catalog } from "../../../../core/catalog.js";
import { MessageText } from "../../../components/ui.js";
import type { PlanLevels, Subscription } from "../../../lib/api.js";
import { count, date, money, perInterval } from "../../../lib/format.js";
import { ScaledSlider } from "./ScaledSlider.js";

/** Seat Count: a slider and a number field that move together, its price and its error. */
export function SeatControl(props: {
  desired: PlanLevels;
  text: string;
  error: string | undefined;
  subscription: Subscription;
  catalog: Catalog;
  currency: string;
  currentInterval: PlanLevels["interval"];
  onSeats: (seats: number) => void;
  onText: (text: string) => void;
  /** While a request is pending or a save runs, nothing moves. */
  disabled: boolean;
}) {
  const { desired, subscription, catalog, error } = props;
  const { seats: limits } = catalog.limits;
  return (
    <div className={`control ${error ? "control-invalid" : ""}`}>
      <div className="control-head">
        <label htmlFor="seat-count-input" className="control-label">
          Seat Count
        </label>
        <span className="control-meta">
          {count(subscription.activeUsers)} active {subscription.activeUsers === 1 ? "user" : "users"}
        </span>
      </div>
      <div className="control-row">
        <ScaledSlider
          value={desired.seats}
          min={limits.min}
          max={limits.max}
          label="Seat Count"
          valueText={`${count(desired.seats)} seats`}
          unit="seat"
          disabled={props.disabled}
          onChange={props.onSeats}
        />
        <input
          id="seat-count-input"
          className="number-input"
          type="number"
          inputMode="numeric"
          min={limits.min}
          max={limits.max}
          step={1}
          value={props.text}
          disabled={props.disabled}
          onChange={(event) => props.onText(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby="seat-count-hint seat-count-error"
        />
      </div>
      <p className="field-hint" id="seat-count-hint">
        {money(catalog.currencies[props.currency]?.seat[desired.interval] ?? 0, props.currency)} per seat /{" "}
        {perInterval(desired.interval)}. Each active user needs one seat.
        {desired.seats < subscription.seats && desired.interval === props.currentInterval
          ? ` Fewer seats apply at the renewal on ${date(subscription.periodEnd)}, without refund.`
          : ""}
      </p>
      <p className="field-error" id="seat-count-error" role="alert" data-testid="seat-error">
        {error ? <MessageText text={error} /> : ""}
      </p>
    </div>
  );
}
