import { count, date, money, perInterval } from "../../../lib/format.js";
import { type LevelContext, LevelControl } from "./LevelControl.js";

/** Seat Count: a slider and a number field that move together, its price and its error. */
export function SeatControl(
  props: LevelContext & {
    text: string;
    error: string | undefined;
    onSeats: (seats: number) => void;
    onText: (text: string) => void;
  },
) {
  const { desired, subscription, catalog } = props;
  const { seats: limits } = catalog.limits;
  return (
    <LevelControl
      id="seat-count"
      label="Seat Count"
      meta={`${count(subscription.activeUsers)} active ${subscription.activeUsers === 1 ? "user" : "users"}`}
      slider={{ value: desired.seats, ...limits, valueText: `${count(desired.seats)} seats`, unit: "seat" }}
      onSlide={props.onSeats}
      text={props.text}
      onText={props.onText}
      input={{ className: "number-input", type: "number", ...limits, step: 1 }}
      hint={
        <>
          {money(catalog.currencies[props.currency]?.seat[desired.interval] ?? 0, props.currency)} per seat /{" "}
          {perInterval(desired.interval)}. Each active user needs one seat.
          {desired.seats < subscription.seats && desired.interval === props.currentInterval
            ? ` Fewer seats apply at the renewal on ${date(subscription.periodEnd)}, without refund.`
            : ""}
        </>
      }
      error={props.error}
      errorTestId="seat-error"
      disabled={props.disabled}
    />
  );
}
