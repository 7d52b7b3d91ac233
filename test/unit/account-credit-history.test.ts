import { describe, expect, it } from "vitest";
import { describeAccountCreditMovement } from "../../src/core/account-credit-history.js";
import { csvCell, csvOf } from "../../src/server/documents/csv.js";

describe("account credit movements in words", () => {
  const invoice = { displayNumber: "WP-000007" };
  it("names the credit note, the invoice and why credit arrived", () => {
    expect(
      describeAccountCreditMovement({
        type: "credited",
        reason: "interval_switch",
        creditNote: { displayNumber: "WP-CN-000003" },
        invoice,
      }),
    ).toBe("Credit note WP-CN-000003 for invoice WP-000007: unused time of the billing period switch");
    expect(describeAccountCreditMovement({ type: "applied", reason: null, creditNote: null, invoice })).toBe(
      "Applied to invoice WP-000007",
    );
    expect(
      describeAccountCreditMovement({
        type: "credited",
        reason: "negative_invoice",
        creditNote: null,
        invoice,
      }),
    ).toBe("Invoice WP-000007: unused time");
  });
});

describe("CSV cells", () => {
  it("defuses a cell a spreadsheet would run, keeps a negative decimal a number, quotes per RFC 4180", () => {
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("-27.00")).toBe("-27.00");
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell('say "hi", then')).toBe('"say ""hi"", then"');
    expect(csvCell(null)).toBe("");
    expect(csvOf(["a", "b"], [["=x", 1]])).toBe("a,b\r\n'=x,1\r\n");
  });
});
