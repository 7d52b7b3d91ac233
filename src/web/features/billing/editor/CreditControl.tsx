import type { Catalog } from "../../../../core/catalog.js";
import { MessageText } from "../../../components/ui.js";
import type { PlanLevels, Subscription } from "../../../lib/api.js";
import { count, date, money, perInterval } from "../../../lib/format.js";
import { ScaledSlider } from "./ScaledSlider.js";

/** Additional Credits: a slider in blocks and a number field in credits, its price and its error. */
export function CreditControl(props: {
  desired: PlanLevels;
  text: string;
  error: string | undefined;
  subscription: Subscription;
  catalog: Catalog;
  currency: string;
  currentInterval: PlanLevels["interval"];
  onBlocks: (blocks: number) => void;
  onText: (text: string) => void;
  onBlur: () => void;
  disabled: boolean;
}) {
  const { desired, subscription, catalog, error } = props;
  const { creditsPerBlock } = catalog;
  const limits = catalog.limits.creditBlocks;
  const includedCredits = desired.seats * catalog.creditsPerSeat;
  const extraCredits = desired.additionalCreditBlocks * creditsPerBlock;
  const blockDecrease =
    desired.additionalCreditBlocks < subscription.additionalCreditBlocks &&
    desired.interval === props.currentInterval;
  return (
    <div className={`control ${error ? "control-invalid" : ""}`}>
      <div className="control-head">
        <label htmlFor="additional-credits-input" className="control-label">
          Additional Credits
        </label>
        <span className="control-meta">{count(includedCredits + extraCredits)} credits a month in all</span>
      </div>
      <div className="control-row">
        <ScaledSlider
          value={desired.additionalCreditBlocks}
          min={limits.min}
          max={limits.max}
          label="Additional Credits"
          valueText={`${count(extraCredits)} credits`}
          unit={`block of ${count(creditsPerBlock)} credits`}
          disabled={props.disabled}
          onChange={props.onBlocks}
        />
        <div className="number-with-unit">
          <input
            id="additional-credits-input"
            className="number-input number-input-wide"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            value={props.text}
            disabled={props.disabled}
            onChange={(event) => props.onText(event.target.value)}
            onBlur={props.onBlur}
            aria-invalid={error ? true : undefined}
            aria-describedby="additional-credits-hint additional-credits-error"
          />
          <span className="unit" aria-hidden="true">
            credits
          </span>
        </div>
      </div>
      <p className="field-hint" id="additional-credits-hint">
        {money(catalog.currencies[props.currency]?.creditBlock[desired.interval] ?? 0, props.currency)} per{" "}
        {count(creditsPerBlock)} credits / {perInterval(desired.interval)}, on top of{" "}
        {count(catalog.creditsPerSeat)} credits per seat. Added credits are billed now for the whole credit
        cycle and granted at once.
        {blockDecrease
          ? ` A decrease applies at the renewal on ${date(subscription.periodEnd)}, without refund.`
          : ""}
      </p>
      <p className="field-error" id="additional-credits-error" role="alert" data-testid="credits-error">
        {error ? <MessageText text={error} /> : ""}
      </p>
    </div>
  );
}
