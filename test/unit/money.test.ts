import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatMoney, roundHalfAwayFromZero } from "../../src/core/money.js";

describe("roundHalfAwayFromZero", () => {
  it.each([
    [5n, 2n, 3n],
    [-5n, 2n, -3n],
    [7n, 3n, 2n],
    [-7n, 3n, -2n],
    [154839n, 100n, 1548n],
    [3n, 2n, 2n],
    [1n, 3n, 0n],
    [10n, 5n, 2n],
    [5n, -2n, -3n],
  ])("rounds %s/%s to %s", (numerator, denominator, expected) => {
    expect(roundHalfAwayFromZero(numerator, denominator)).toBe(expected);
  });

  it("is within half a unit of the exact quotient and symmetric around zero", () => {
    fc.assert(
      fc.property(fc.bigInt(-(10n ** 18n), 10n ** 18n), fc.bigInt(1n, 10n ** 12n), (n, d) => {
        const rounded = roundHalfAwayFromZero(n, d);
        // |n/d - rounded| <= 1/2  <=>  |n - rounded*d| * 2 <= d
        const error = n - rounded * d;
        expect((error < 0n ? -error : error) * 2n <= d).toBe(true);
        expect(roundHalfAwayFromZero(-n, d)).toBe(-rounded);
      }),
    );
  });

  it("refuses division by zero", () => {
    expect(() => roundHalfAwayFromZero(1n, 0n)).toThrow(RangeError);
  });
});

describe("formatMoney", () => {
  it("formats minor units by the currency's own digits", () => {
    expect(formatMoney(1548, "USD")).toBe("$15.48");
    expect(formatMoney(-1548, "USD")).toBe("-$15.48");
    expect(formatMoney(1548, "JPY")).toBe("¥1,548");
    expect(formatMoney(123456, "KWD")).toBe("KWD\u00a0123.456");
    expect(formatMoney(900719925474099, "USD")).toBe("$9,007,199,254,740.99");
  });
});
