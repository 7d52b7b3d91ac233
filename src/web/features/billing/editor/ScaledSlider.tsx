import * as Slider from "@radix-ui/react-slider";
import { POSITIONS, positionOf, valueAfterKey, valueAt } from "./scale.js";

/**
 * A slider on a logarithmic scale with − and + steppers beside it. The keyboard moves the value by
 * one (Page keys by ten), whatever the scale; screen readers hear the value, not the position.
 */
export function ScaledSlider(props: {
  value: number;
  min: number;
  max: number;
  label: string;
  valueText: string;
  unit: string;
  disabled: boolean;
  onChange: (value: number) => void;
}) {
  const { value, min, max, disabled } = props;
  const set = (next: number) => {
    const clamped = Math.min(max, Math.max(min, next));
    if (clamped !== value) props.onChange(clamped);
  };
  return (
    <div className="scaled-slider">
      <button
        type="button"
        className="stepper"
        aria-label={`One ${props.unit} fewer`}
        disabled={disabled || value <= min}
        onClick={() => set(value - 1)}
      >
        <span aria-hidden="true">−</span>
      </button>
      <Slider.Root
        className="slider"
        min={0}
        max={POSITIONS}
        step={1}
        disabled={disabled}
        value={[positionOf(value, min, max)]}
        onValueChange={([position]) => position !== undefined && set(valueAt(position, min, max))}
      >
        <Slider.Track className="slider-track">
          <Slider.Range className="slider-range" />
        </Slider.Track>
        <Slider.Thumb
          className="slider-thumb"
          aria-label={props.label}
          aria-valuetext={props.valueText}
          onKeyDown={(event) => {
            const next = valueAfterKey(event.key, value, min, max);
            if (next === null) return;
            // Radix's own keys move positions; on this scale they must move the value.
            event.preventDefault();
            set(next);
          }}
        />
      </Slider.Root>
      <button
        type="button"
        className="stepper"
        aria-label={`One ${props.unit} more`}
        disabled={disabled || value >= max}
        onClick={() => set(value + 1)}
      >
        <span aria-hidden="true">+</span>
      </button>
    </div>
  );
}
