// The credit forecast: from the current cycle's burn rate, when the credits run out (or that they
// last until the reset), per feature, and how many credit blocks would cover the rest of the
// cycle. Pure: the caller passes the instant; the web prices the suggestion with planChange.

export interface CreditForecastInput {
  cycleStart: Date;
  /** The reset: a new allocation arrives then. */
  cycleEnd: Date;
  now: Date;
  allocation: number;
  used: number;
  byFeature: readonly { feature: string; credits: number }[];
  creditsPerBlock: number;
  /** Blocks that may still be added (the catalog's maximum less today's). */
  blocksAvailable: number;
}

export interface FeatureForecast {
  feature: string;
  used: number;
  /** Used by the reset at this cycle's rate. */
  projected: number;
}

export interface CreditForecast {
  /** Too little of the cycle has passed, or nothing was used: no rate to speak of. */
  kind: "no_usage" | "lasts" | "runs_out" | "ran_out";
  /** Credits used per day so far this cycle. */
  perDay: number;
  /** When the credits run out at this rate (only for runs_out). */
  runOutAt: Date | null;
  /** Used by the reset at this rate, and how far short of the allocation that falls. */
  projected: number;
  shortfall: number;
  /** Blocks that would cover the shortfall (capped by blocksAvailable), 0 when none is needed. */
  blocksSuggested: number;
  features: FeatureForecast[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function forecastCredits(input: CreditForecastInput): CreditForecast {
  const start = input.cycleStart.getTime();
  const end = input.cycleEnd.getTime();
  const now = Math.min(Math.max(input.now.getTime(), start), end);
  const elapsed = now - start;
  const left = end - now;
  const remaining = Math.max(0, input.allocation - input.used);
  const features = (rate: number) =>
    input.byFeature
      .map((feature) => ({
        feature: feature.feature,
        used: feature.credits,
        projected: Math.round(feature.credits + (rate > 0 ? (feature.credits / elapsed) * left : 0)),
      }))
      .sort((a, b) => b.projected - a.projected || a.feature.localeCompare(b.feature));
  // Less than an hour of a cycle says nothing about its rate.
  if (input.used <= 0 || elapsed < HOUR) {
    return {
      kind: "no_usage",
      perDay: 0,
      runOutAt: null,
      projected: input.used,
      shortfall: 0,
      blocksSuggested: 0,
      features: features(0),
    };
  }
  const rate = input.used / elapsed;
  // Rounded up: the rest of the cycle runs out exactly when the projection exceeds the
  // allocation, so a forecast that runs out always shows a shortfall (rounding to the nearest
  // credit showed none for 11.49 credits against 11, with a run-out date before the reset).
  const projected = Math.ceil(input.used + rate * left);
  const shortfall = Math.max(0, projected - input.allocation);
  const blocksSuggested =
    shortfall > 0
      ? Math.min(Math.max(0, input.blocksAvailable), Math.ceil(shortfall / input.creditsPerBlock))
      : 0;
  const base = {
    perDay: Math.round(rate * DAY),
    projected,
    shortfall,
    blocksSuggested,
    features: features(rate),
  };
  if (remaining === 0) return { ...base, kind: "ran_out", runOutAt: null };
  // The same test as the shortfall's, so the two never disagree by a float's rounding.
  if (shortfall === 0) return { ...base, kind: "lasts", runOutAt: null };
  const runOut = Math.min(Math.floor(now + remaining / rate), end - 1);
  return { ...base, kind: "runs_out", runOutAt: new Date(runOut) };
}
