import { describe, expect, it } from "vitest";
import defaultCatalogJson from "../../catalog/default.json" with { type: "json" };
import { parseCatalog } from "../../src/core/catalog-schema.js";

describe("catalog validation: amounts in range", () => {
  it("refuses at start a catalog whose largest possible invoice overflows, naming the currency", () => {
    const overflowing = {
      ...defaultCatalogJson,
      currencies: {
        USD: {
          seat: { month: 900_000_000_000_000, year: 900_000_000_000_000 },
          creditBlock: { month: 1000, year: 9600 },
        },
      },
      limits: { seats: { min: 1, max: 20 }, creditBlocks: { min: 0, max: 100 } },
    };
    expect(() => parseCatalog(overflowing)).toThrow(
      /Invalid catalog: currencies\.USD: the largest possible invoice \(20 seats and 100 credit blocks, yearly\)/,
    );
  });

  it("accepts the default catalog", () => {
    expect(parseCatalog(defaultCatalogJson).limits.seats.max).toBe(500);
  });
});
