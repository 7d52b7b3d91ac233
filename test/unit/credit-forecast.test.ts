import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { forecastCredits } from "../../src/core/credit-forecast.js";

const june = {
  cycleStart: new Date("2026-06-01T00:00:00Z"),
  cycleEnd: new Date("2026-07-01T00:00:00Z"),
  creditsPerBlock: 1000,
  blocksAvailable: 98,
};

describe("forecastCredits", () => {
  it("12,000 credits, 6,000 used in the first 10 days: they run out on day 20, 6,000 short, 6 blocks", () => {
    const forecast = forecastCredits({
      ...june,
      now: new Date("2026-06-11T00:00:00Z"),
      allocation: 12_000,
      used: 6000,
      byFeature: [
        { feature: "call_analysis", credits: 4000 },
        { feature: "email_drafts", credits: 2000 },
      ],
    });
    expect(forecast.kind).toBe("runs_out");
    expect(forecast.runOutAt?.toISOString()).toBe("2026-06-21T00:00:00.000Z");
    expect(forecast.perDay).toBe(600);
    expect(forecast.projected).toBe(18_000);
    expect(forecast.shortfall).toBe(6000);
    expect(forecast.blocksSuggested).toBe(6);
    expect(forecast.features).toEqual([
      { feature: "call_analysis", used: 4000, projected: 12_000 },
      { feature: "email_drafts", used: 2000, projected: 6000 },
    ]);
  });

  it("a light month lasts until the reset and suggests nothing", () => {
    const forecast = forecastCredits({
      ...june,
      now: new Date("2026-06-16T00:00:00Z"),
      allocation: 12_000,
      used: 1500,
      byFeature: [{ feature: "call_analysis", credits: 1500 }],
    });
    expect(forecast).toMatchObject({
      kind: "lasts",
      runOutAt: null,
      shortfall: 0,
      blocksSuggested: 0,
      projected: 3000,
    });
  });

  it("nothing used, or under an hour into the cycle: no rate, no suggestion", () => {
    const base = { ...june, allocation: 12_000, byFeature: [] };
    expect(forecastCredits({ ...base, now: new Date("2026-06-10T00:00:00Z"), used: 0 }).kind).toBe(
      "no_usage",
    );
    expect(forecastCredits({ ...base, now: new Date("2026-06-01T00:30:00Z"), used: 500 }).kind).toBe(
      "no_usage",
    );
  });

  it("all used: ran out; the suggestion is capped by the blocks the catalog still allows", () => {
    const forecast = forecastCredits({
      ...june,
      blocksAvailable: 3,
      now: new Date("2026-06-11T00:00:00Z"),
      allocation: 6000,
      used: 6000,
      byFeature: [],
    });
    expect(forecast.kind).toBe("ran_out");
    expect(forecast.blocksSuggested).toBe(3);
  });

  it("a projection a fraction above the allocation runs out before the reset with a shortfall of one credit", () => {
    // 6 of 11 credits in 376 hours of 720: 11.49 by the reset (fast-check's counterexample).
    const forecast = forecastCredits({
      ...june,
      blocksAvailable: 0,
      now: new Date(june.cycleStart.getTime() + 376 * 3_600_000),
      allocation: 11,
      used: 6,
      byFeature: [],
    });
    expect(forecast.kind).toBe("runs_out");
    expect(forecast.projected).toBe(12);
    expect(forecast.shortfall).toBe(1);
    expect(forecast.runOutAt?.getTime()).toBeLessThan(june.cycleEnd.getTime());
  });

  it("property: the suggested blocks cover the shortfall unless capped, and runOutAt lies inside the cycle", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 0, max: 200_000 }),
        fc.integer({ min: 2, max: 29 * 24 }),
        fc.integer({ min: 0, max: 100 }),
        (allocation, used, hours, blocksAvailable) => {
          const forecast = forecastCredits({
            ...june,
            blocksAvailable,
            now: new Date(june.cycleStart.getTime() + hours * 3_600_000),
            allocation,
            used,
            byFeature: [],
          });
          if (forecast.blocksSuggested < blocksAvailable) {
            expect(forecast.blocksSuggested * 1000).toBeGreaterThanOrEqual(forecast.shortfall);
          }
          if (forecast.runOutAt) {
            expect(forecast.runOutAt.getTime()).toBeLessThan(june.cycleEnd.getTime());
            expect(forecast.shortfall).toBeGreaterThan(0);
          }
          // Running out before the reset and falling short are one and the same.
          if (forecast.kind === "runs_out") expect(forecast.shortfall).toBeGreaterThan(0);
          if (forecast.kind === "lasts") expect(forecast.shortfall).toBe(0);
        },
      ),
    );
  });
});
