import type { InputHTMLAttributes, ReactNode } from "react";
import type { Catalog } from "../../../../core/catalog.js";
import { MessageText } from "../../../components/ui.js";
import type { PlanLevels, Subscription } from "../../../lib/api.js";
import { ScaledSlider } from "./ScaledSlider.js";

/** What every level control of the editor reads: the levels chosen, today's and the prices. */
export interface LevelContext {
  desired: PlanLevels;
  subscription: Subscription;
  catalog: Catalog;
  currency: string;
  currentInterval: PlanLevels["interval"];
  /** While a request is pending or a save runs, nothing moves. */
  disabled: boolean;
}

/**
 * One level of the plan (Seat Count, Additional Credits): a slider and a number field that move
 * together, its price as the hint and its error, both tied to the field (`${id}-hint`, `${id}-error`).
 */
export function LevelControl(props: {
  id: string;
  label: string;
  meta: ReactNode;
  slider: { value: number; min: number; max: number; valueText: string; unit: string };
  onSlide: (value: number) => void;
  text: string;
  onText: (text: string) => void;
  /** The field's own attributes (its type and bounds, or a blur that rounds it). */
  input: InputHTMLAttributes<HTMLInputElement>;
  /** A unit printed after the field ("credits"). */
  unit?: string;
  hint: ReactNode;
  error: string | undefined;
  errorTestId: string;
  disabled: boolean;
}) {
  const { id, error } = props;
  const field = (
    <input
      id={`${id}-input`}
      inputMode="numeric"
      {...props.input}
      value={props.text}
      disabled={props.disabled}
      onChange={(event) => props.onText(event.target.value)}
      aria-invalid={error ? true : undefined}
      aria-describedby={`${id}-hint ${id}-error`}
    />
  );
  return (
    <div className={`control ${error ? "control-invalid" : ""}`}>
      <div className="control-head">
        <label htmlFor={`${id}-input`} className="control-label">
          {props.label}
        </label>
        <span className="control-meta">{props.meta}</span>
      </div>
      <div className="control-row">
        <ScaledSlider
          {...props.slider}
          label={props.label}
          disabled={props.disabled}
          onChange={props.onSlide}
        />
        {props.unit ? (
          <div className="number-with-unit">
            {field}
            <span className="unit" aria-hidden="true">
              {props.unit}
            </span>
          </div>
        ) : (
          field
        )}
      </div>
      <p className="field-hint" id={`${id}-hint`}>
        {props.hint}
      </p>
      <p className="field-error" id={`${id}-error`} role="alert" data-testid={props.errorTestId}>
        {error ? <MessageText text={error} /> : ""}
      </p>
    </div>
  );
}
