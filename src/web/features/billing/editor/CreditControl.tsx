import { count, date, money, perInterval } from "../../../lib/format.js";
import { type LevelContext, LevelControl } from "./LevelControl.js";

/** Additional Credits: a slider in blocks and a number field in credits, its price and its error. */
export function CreditControl(
  props: LevelContext & {
    text: string;
    error: string | undefined;
    onBlocks: (blocks: number) => void;
    onText: (text: string) => void;
    onBlur: () => void;
  },
) {
  const { desired, subscription, catalog } = props;
  const { creditsPerBlock } = catalog;
  const includedCredits = desired.seats * catalog.creditsPerSeat;
  const extraCredits = desired.additionalCreditBlocks * creditsPerBlock;
  const blockDecrease =
    desired.additionalCreditBlocks < subscription.additionalCreditBlocks &&
    desired.interval === props.currentInterval;
  return (
    <LevelControl
      id="additional-credits"
      label="Additional Credits"
      meta={`${count(includedCredits + extraCredits)} credits a month in all`}
      slider={{
        value: desired.additionalCreditBlocks,
        ...catalog.limits.creditBlocks,
        valueText: `${count(extraCredits)} credits`,
        unit: `block of ${count(creditsPerBlock)} credits`,
      }}
      onSlide={props.onBlocks}
      text={props.text}
      onText={props.onText}
      input={{
        className: "number-input number-input-wide",
        type: "text",
        autoComplete: "off",
        onBlur: props.onBlur,
      }}
      unit="credits"
      hint={
        <>
          {money(catalog.currencies[props.currency]?.creditBlock[desired.interval] ?? 0, props.currency)} per{" "}
          {count(creditsPerBlock)} credits / {perInterval(desired.interval)}, on top of{" "}
          {count(catalog.creditsPerSeat)} credits per seat. Added credits are billed now for the whole credit
          cycle and granted at once.
          {blockDecrease
            ? ` A decrease applies at the renewal on ${date(subscription.periodEnd)}, without refund.`
            : ""}
        </>
      }
      error={props.error}
      errorTestId="credits-error"
      disabled={props.disabled}
    />
  );
}
