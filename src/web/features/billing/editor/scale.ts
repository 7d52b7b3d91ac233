// The sliders' scale: logarithmic, so small counts get room (1–500 seats on a straight track put
// 10 seats at 2% of it). The track has POSITIONS steps; the keyboard moves the value itself by 1.

export const POSITIONS = 1000;

export function positionOf(value: number, min: number, max: number): number {
  const span = max - min;
  if (span <= 0) return 0;
  const clamped = Math.min(Math.max(value, min), max);
  return Math.round((POSITIONS * Math.log1p(clamped - min)) / Math.log1p(span));
}

export function valueAt(position: number, min: number, max: number): number {
  const span = max - min;
  if (span <= 0) return min;
  const t = Math.min(Math.max(position, 0), POSITIONS) / POSITIONS;
  return Math.min(max, Math.max(min, min + Math.round(Math.expm1(t * Math.log1p(span)))));
}

/** The value a key moves to: arrows by 1, Page keys by 10, Home and End to the limits. */
export function valueAfterKey(key: string, value: number, min: number, max: number): number | null {
  const step = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1, PageUp: 10, PageDown: -10 }[key];
  if (key === "Home") return min;
  if (key === "End") return max;
  if (step === undefined) return null;
  return Math.min(max, Math.max(min, value + step));
}
