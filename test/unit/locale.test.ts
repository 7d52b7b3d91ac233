import { describe, expect, it } from "vitest";
import { pickLocale } from "../../src/web/lib/format.js";

describe("one locale per person for dates and numbers", () => {
  it("takes the browser's first English preference", () => {
    expect(pickLocale(["de-DE", "en-GB", "en-US"])).toBe("en-GB");
    expect(pickLocale(["en"])).toBe("en");
  });
  it("falls back to en-US when the browser prefers no English, so figures match the English text", () => {
    expect(pickLocale(["de-DE", "fr-FR"])).toBe("en-US");
    expect(pickLocale([])).toBe("en-US");
  });
});
