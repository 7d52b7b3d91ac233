// The integrator's program (packages/sdk/examples/integrator.ts), which uses only
// @wiseparts/billing-sdk, against the real server on each database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { integratorScenario } from "../../packages/sdk/examples/integrator.js";
import { dialects, operatorToken, startTestApp, type TestApp } from "../support/harness.js";

describe.each(dialects)("the SDK against the server on %s", (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect);
  });
  afterAll(async () => {
    await app?.close();
  });

  it("provisions, quotes and applies a seat change, spends, reads invoices, handles 402 and 409", async () => {
    const result = await integratorScenario({ baseUrl: app.baseUrl, operatorToken });
    expect(result.seatsAfter).toBe(5);
    expect(result.invoiceNumbers.length).toBe(2);
    expect(result.invoiceNumbers[0]).toBeGreaterThan(result.invoiceNumbers[1] as number);
    expect(result.duplicateSpendNoticed).toBe(true);
    expect(result.batchResults).toEqual([
      "summary-0001:spent",
      "summary-0002:spent",
      "too-big-0001:insufficient_credits",
    ]);
    expect(result.handled).toEqual(["402 insufficient_credits", "409 conflict"]);
    // One spend of 25 (its repeat spent nothing) and the two batch events of 10.
    expect(result.spendsInLedger).toEqual([-10, -10, -25]);
    expect(result.balanceAfterSpends).toBe(result.ledgerBalance);
  });
});
