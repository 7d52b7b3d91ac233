// Issue 18, Activity: an admin reads the organization's own audit trail in plain words, filters
// it and exports it as CSV; others have no Activity page.
import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { type BillingApp, signIn, startBillingApp } from "./support/app.js";
import { expectTextContaining, textOf } from "./support/assert.js";
import { expectNoAxeViolations } from "./support/axe.js";
import { closeAllBrowsers, openBrowser, screenshotOpenPages } from "./support/browser.js";

describe.each([
  { width: 1280, height: 800 },
  { width: 375, height: 667 },
])("Activity at $width px", ({ width, height }) => {
  let billing: BillingApp;

  beforeAll(async () => {
    billing = await startBillingApp();
    await billing.moveClock("2026-06-16T00:00:00Z");
  });
  afterEach(async (context) => {
    if (context.task.result?.state === "fail") await screenshotOpenPages(`${context.task.name} ${width}`);
  });
  afterAll(async () => {
    await closeAllBrowsers();
    await billing?.close();
  });

  test("who changed what, from where; filtered by area and person; exported as CSV", async () => {
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
    await expectNoAxeViolations(page, `activity at ${width} px`);

    await page.getByLabel("Area").selectOption("billing_info");
    const rows = page.getByTestId("activity-row");
    await expect.poll(() => rows.count()).toBe(1);
    await page.getByLabel("Area").selectOption("user");
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    for (const action of await rows.evaluateAll((all) => all.map((row) => row.getAttribute("data-action")))) {
      expect(action?.startsWith("user.")).toBe(true);
    }
    await page.getByLabel("Area").selectOption("");
    await page.getByLabel("Person").selectOption({ label: "Ada Admin" });
    for (const text of await rows.allInnerTexts()) expect(text.startsWith("Ada Admin")).toBe(true);

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export CSV" }).click(),
    ]);
    const csv = readFileSync((await download.path()) as string, "utf8");
    expect(csv.split("\r\n")[0]).toBe("time (UTC),who,action,what,from,request");
    expect(csv).toContain("billing_info.updated");
    expect(csv).not.toContain("An API key");
    expect(await textOf(page.getByTestId("activity-count"))).toMatch(/of \d+ events/);
  });

  test("a billing member has no Activity link and the page says there is no access", async () => {
    const { page } = await openBrowser({ baseUrl: billing.baseUrl, width, height });
    await signIn(page, billing.billing.email);
    expect(await page.getByRole("link", { name: "Activity" }).count()).toBe(0);
    await page.goto("/settings/activity");
    await page.getByTestId("no-access").waitFor();
    expect(await page.getByRole("button", { name: "Retry" }).count()).toBe(0);
  });
});
