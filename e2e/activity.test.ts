// Issue 18, Activity: an admin reads the organization's own audit trail in plain words, filters
// it on the server (area, person, days; the filters in the address, so a view can be shared) and
// exports the filtered trail as CSV; others have no Activity page. Axe at 1280 and 375 px, light
// and dark.
import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { type BillingApp, signIn, startBillingApp } from "./support/app.js";
import { expectTextContaining, textOf } from "./support/assert.js";
import { expectNoAxeViolationsInEveryScheme } from "./support/axe.js";
import { closeAllBrowsers, openBrowser, screenshotOnFailure } from "./support/browser.js";
import { widths } from "./support/layout.js";

// Each flow is walked at both widths; its states are checked light and dark in place (decision 0036).
describe.each(widths)("Activity at $width px", ({ width, height }) => {
  let billing: BillingApp;
  const at = (state: string) => `${state} at ${width} px`;

  beforeAll(async () => {
    billing = await startBillingApp();
    await billing.moveClock("2026-06-16T00:00:00Z");
  });
  afterEach(screenshotOnFailure(`${width}`));
  afterAll(async () => {
    await closeAllBrowsers();
    await billing?.close();
  });

  test("who changed what, from where; filtered on the server by area, person and days; shared by its address; exported as CSV", async () => {
    const { page } = await openBrowser({ baseUrl: billing.baseUrl, width, height });
    await signIn(page, billing.admin.email);
    await page.getByRole("button", { name: "Manage billing info" }).click();
    const info = page.getByRole("dialog", { name: "Billing information" });
    await info.getByLabel("Billing email").fill("ap@acme.test");
    await info.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => info.count()).toBe(0);

    await page.getByRole("link", { name: "Activity" }).click();
    const list = page.getByTestId("activity-list");
    await expectTextContaining(list, "Ada Admin updated the billing information");
    await expectTextContaining(list, "Billing email");
    await expectNoAxeViolationsInEveryScheme(page, at("activity"));

    const rows = page.getByTestId("activity-row");
    const asked: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/api/v1/audit-events")) asked.push(new URL(request.url()).search);
    });
    await page.getByLabel("Area").selectOption("billing_info");
    await expect.poll(() => rows.count()).toBe(1);
    expect(new URL(page.url()).searchParams.get("area")).toBe("billing_info");
    // The server filtered: the page asked for the area, it did not sift loaded pages.
    expect(asked.some((search) => search.includes("area=billing_info"))).toBe(true);
    await page.getByLabel("Area").selectOption("user");
    await expect.poll(() => rows.count()).toBe(7);
    for (const action of await rows.evaluateAll((all) => all.map((row) => row.getAttribute("data-action")))) {
      expect(action?.startsWith("user.")).toBe(true);
    }
    await page.getByLabel("Area").selectOption("");
    await page.getByLabel("Person").selectOption({ label: "Ada Admin" });
    await expect.poll(() => rows.count()).toBe(1);
    for (const text of await rows.allInnerTexts()) expect(text.startsWith("Ada Admin")).toBe(true);
    await page.getByLabel("Person").selectOption({ label: "An API key" });
    await expect.poll(() => rows.count()).toBe(7);
    for (const text of await rows.allInnerTexts()) expect(text.startsWith("An API key")).toBe(true);

    // Days: the members were invited on June 1, the billing email changed on June 16.
    await page.getByLabel("Person").selectOption("");
    await page.getByLabel("From").fill("2026-06-02");
    await expect.poll(() => rows.count()).toBe(1);
    await expectTextContaining(rows.first(), "Ada Admin updated the billing information");
    await page.getByLabel("To").fill("2026-06-01");
    await page.getByRole("alert").filter({ hasText: "The start must not be after the end." }).waitFor();
    await expectNoAxeViolationsInEveryScheme(page, at("activity, dates out of order"));
    await page.getByLabel("To").fill("2026-06-30");
    await expect.poll(() => rows.count()).toBe(1);
    await expectNoAxeViolationsInEveryScheme(page, at("activity, filtered"));

    // The address is the view: another admin opening it sees the same rows.
    const shared = page.url();
    expect(new URL(shared).search).toBe("?from=2026-06-02&to=2026-06-30");
    const other = await openBrowser({ baseUrl: billing.baseUrl, width, height });
    await signIn(other.page, billing.admin.email);
    await other.page.goto(shared);
    await expect.poll(() => other.page.getByTestId("activity-row").count()).toBe(1);
    expect(await other.page.getByLabel("From").inputValue()).toBe("2026-06-02");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Export CSV" }).click(),
    ]);
    const csv = readFileSync((await download.path()) as string, "utf8")
      .trimEnd()
      .split("\r\n");
    expect(csv[0]).toBe("time (UTC),who,action,what,from,request");
    expect(csv).toHaveLength(2);
    expect(csv[1]).toContain("billing_info.updated");
    expect(await textOf(page.getByTestId("activity-count"))).toBe("1 event matches these filters");

    await page.getByRole("button", { name: "Clear filters" }).click();
    expect(new URL(page.url()).search).toBe("");
    await expect.poll(() => rows.count()).toBeGreaterThan(8);
  });

  test("a billing member has no Activity link and the page says there is no access", async () => {
    const { page } = await openBrowser({ baseUrl: billing.baseUrl, width, height });
    await signIn(page, billing.billing.email);
    expect(await page.getByRole("link", { name: "Activity" }).count()).toBe(0);
    await page.goto("/settings/activity?area=user");
    await page.getByTestId("no-access").waitFor();
    expect(await page.getByRole("button", { name: "Retry" }).count()).toBe(0);
    // Nor filters, nor an export the server would refuse.
    expect(await page.getByLabel("Area").count()).toBe(0);
    expect(await page.getByRole("link", { name: "Export CSV" }).count()).toBe(0);
    await expectNoAxeViolationsInEveryScheme(page, at("activity, no access"));
  });
});
