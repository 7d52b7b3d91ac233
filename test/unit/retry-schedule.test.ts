import { describe, expect, it } from "vitest";
import { isDeadLetter, retryDelayMs, retryPolicy } from "../../src/server/events/retry-schedule.js";

describe("webhook and e-mail retry schedule", () => {
  it("waits 5 s, 15 s, 45 s … without jitter's middle draw, capped at 10 h", () => {
    const middle = 0.5;
    expect([1, 2, 3, 4].map((attempts) => retryDelayMs(attempts, middle))).toEqual([
      5_000, 15_000, 45_000, 135_000,
    ]);
    expect(retryDelayMs(20, middle)).toBe(10 * 60 * 60 * 1000);
  });

  it("spreads each wait by ±20 %", () => {
    expect(retryDelayMs(3, 0)).toBe(36_000);
    expect(retryDelayMs(3, 0.999999)).toBe(54_000);
  });

  it("keeps retrying for more than a day, so the 26 h window is what ends it", () => {
    const waits = (random: number) =>
      Array.from({ length: retryPolicy.maxAttempts - 1 }, (_, index) =>
        retryDelayMs(index + 1, random),
      ).reduce((total, wait) => total + wait, 0);
    const hours = (ms: number) => ms / 3_600_000;
    expect(hours(waits(0))).toBeGreaterThan(24);
    expect(hours(retryPolicy.deadAfterMs)).toBe(26);
  });

  it("dead-letters at the last attempt or once the delivery is older than the window", () => {
    const createdAt = new Date("2026-06-01T00:00:00Z");
    const at = (hours: number) => new Date(createdAt.getTime() + hours * 3_600_000);
    expect(isDeadLetter({ attempts: retryPolicy.maxAttempts - 1, createdAt, now: at(20) })).toBe(false);
    expect(isDeadLetter({ attempts: retryPolicy.maxAttempts, createdAt, now: at(20) })).toBe(true);
    expect(isDeadLetter({ attempts: 3, createdAt, now: at(26) })).toBe(true);
  });
});
