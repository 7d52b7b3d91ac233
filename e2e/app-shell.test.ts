// Sign-in and the app shell (Settings → Billing, Settings → Users); every control labelled and
// usable from the keyboard; the page at 375 px and 1280 px; loading and error states.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { type BillingApp, signIn, startBillingApp, waitForConfirmedPreview } from "./support/app.js";
import { expectText, expectTextContaining } from "./support/assert.js";
import { expectNoAxeViolations } from "./support/axe.js";
import { closeAllBrowsers, type OpenBrowser, openBrowser, screenshotOnFailure } from "./support/browser.js";

/** Controls in `scope` that have no accessible name (labels, aria-label(ledby), or their text). */
async function unlabelledControls(page: Page, scope: string) {
  return page.evaluate((selector) => {
    const root = document.querySelector(selector);
    if (!root) return [`no ${selector}`];
    const controls = root.querySelectorAll<HTMLElement>(
      "input, select, textarea, button, [role=slider], [role=switch], a[href]",
    );
    const missing: string[] = [];
    for (const control of controls) {
      // Not rendered (e.g. the slider's hidden form input), so not a control anyone can reach.
      if (control.closest("[aria-hidden=true]") || control.getClientRects().length === 0) continue;
      const labelledBy = control.getAttribute("aria-labelledby");
      const byIds = labelledBy
        ?.split(" ")
        .map((id) => document.getElementById(id)?.textContent ?? "")
        .join(" ");
      const labels = (control as HTMLInputElement).labels;
      const name = [
        control.getAttribute("aria-label"),
        byIds,
        labels ? [...labels].map((label) => label.textContent).join(" ") : "",
        ["BUTTON", "A"].includes(control.tagName) ? control.textContent : "",
      ]
        .join(" ")
        .trim();
      if (!name) missing.push(control.outerHTML.slice(0, 120));
    }
    return missing;
  }, scope);
}

async function horizontalOverflow(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe("Sign-in, the app shell, keyboard, widths and states", () => {
  let billing: BillingApp;
  let desktop: OpenBrowser;

  beforeAll(async () => {
    billing = await startBillingApp();
    await billing.moveClock("2026-06-16T00:00:00Z");
    desktop = await openBrowser({ baseUrl: billing.baseUrl });
  });
  afterEach(screenshotOnFailure());
  afterAll(async () => {
    await closeAllBrowsers();
    await billing?.close();
  });

  test("sign-in refuses a wrong password and opens the Billing page with the right one", async () => {
    const { page } = desktop;
    await page.goto("/settings/billing");
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await page.getByLabel("Email").fill(billing.admin.email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expectText(
      page.getByRole("alert"),
      "The e-mail or password is not correct, or the account is not active.",
    );
    await page.getByLabel("Password").fill("correct-horse-battery");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Billing", level: 1 }).waitFor();
    await expectTextContaining(page.locator(".account-name"), "Ada Admin");
    expect(new URL(page.url()).pathname).toBe("/settings/billing");
  });

  test("the first page loads at most 130 KiB of gzipped JavaScript (issue 18)", async () => {
    const { page } = desktop;
    const scripts = new Set<string>();
    const listener = (request: { url: () => string; resourceType: () => string }) => {
      if (request.resourceType() === "script") scripts.add(new URL(request.url()).pathname);
    };
    page.on("request", listener);
    await page.goto("/settings/billing");
    await page.getByTestId("credits-used").waitFor();
    page.off("request", listener);
    expect(scripts.size).toBeGreaterThan(0);
    const gzipped = [...scripts].reduce(
      (total, path) => total + gzipSync(readFileSync(join("dist/web", path))).length,
      0,
    );
    console.log(
      `first page JavaScript: ${[...scripts].join(", ")} = ${(gzipped / 1024).toFixed(1)} KiB gzip`,
    );
    expect(gzipped).toBeLessThanOrEqual(130 * 1024);
  });

  test("the shell has Settings → Billing, Invoices, Users, Activity and Webhooks", async () => {
    const { page } = desktop;
    const nav = page.getByRole("navigation", { name: "Settings" });
    expect(await nav.getByRole("link").allInnerTexts()).toEqual([
      "Billing",
      "Invoices",
      "Users",
      "Activity",
      "Webhooks",
    ]);
    expect(await nav.getByRole("link", { name: "Billing" }).getAttribute("aria-current")).toBe("page");
    await nav.getByRole("link", { name: "Users" }).click();
    await page.getByRole("heading", { name: "Users", level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/settings/users");
    expect(await nav.getByRole("link", { name: "Users" }).getAttribute("aria-current")).toBe("page");
    await page.goBack();
    await page.getByRole("heading", { name: "Billing", level: 1 }).waitFor();
    // A deep link loads the page directly (the server answers index.html).
    await page.goto("/settings/invoices");
    await page.getByRole("heading", { name: "Invoices", level: 1 }).waitFor();
    await page.goto("/settings/billing");
    await page.getByRole("heading", { name: "Subscription" }).waitFor();
  });

  test("every control on the Billing page and in its dialogs has a label", async () => {
    const { page } = desktop;
    expect(await unlabelledControls(page, "#root")).toEqual([]);
    await page.getByRole("button", { name: "Manage Subscription" }).click();
    await waitForConfirmedPreview(page);
    expect(await unlabelledControls(page, "[role=dialog]")).toEqual([]);
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Manage billing info" }).click();
    await page.getByRole("dialog").getByLabel("Billing email").waitFor();
    expect(await unlabelledControls(page, "[role=dialog]")).toEqual([]);
    await page.keyboard.press("Escape");
  });

  test("the Manage Subscription dialog works from the keyboard alone", async () => {
    const { page } = desktop;
    const manage = page.getByRole("button", { name: "Manage Subscription" });
    await manage.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Manage Subscription" });
    await waitForConfirmedPreview(page);
    const focusedLabel = () =>
      page.evaluate(() => {
        const element = document.activeElement as HTMLElement | null;
        return (
          element?.getAttribute("aria-label") ??
          (element as HTMLInputElement | null)?.labels?.[0]?.textContent ??
          element?.textContent ??
          ""
        ).trim();
      });
    const seats = dialog.getByRole("spinbutton", { name: "Seat Count" });
    // The dialog opens on its first field, the Seat Count number.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("seat-count-input");
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("ArrowUp");
    expect(await seats.inputValue()).toBe("12");
    // Before it: the + stepper, then the slider, which the arrow keys move by one seat.
    await page.keyboard.press("Shift+Tab");
    expect(await focusedLabel()).toBe("One seat more");
    await page.keyboard.press("Enter");
    expect(await seats.inputValue()).toBe("13");
    await page.keyboard.press("Shift+Tab");
    expect(await focusedLabel()).toBe("Seat Count");
    await page.keyboard.press("ArrowRight");
    expect(await seats.inputValue()).toBe("14");
    await page.keyboard.press("ArrowLeft");
    expect(await seats.inputValue()).toBe("13");
    // Billing Period: arrows move between Monthly and Yearly.
    await dialog.getByRole("radio", { name: /Monthly/ }).focus();
    await page.keyboard.press("ArrowRight");
    expect(await dialog.getByRole("radio", { name: /Yearly/ }).isChecked()).toBe(true);
    await waitForConfirmedPreview(page);
    // Escape closes it and gives the focus back to Manage Subscription.
    await page.keyboard.press("Escape");
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => manage.evaluate((element) => element === document.activeElement)).toBe(true);
    expect((await billing.api("GET", "/subscription")).seats).toBe(10);
  });

  test("the page and the dialog work at 375 px and at 1280 px", async () => {
    expect(await horizontalOverflow(desktop.page)).toBe(0);
    const phone = await openBrowser({ baseUrl: billing.baseUrl, width: 375, height: 812 });
    try {
      const { page } = phone;
      await signIn(page, billing.billing.email);
      await page.getByTestId("seats-used").waitFor();
      expect(await horizontalOverflow(page)).toBe(0);
      const manage = page.getByRole("button", { name: "Manage Subscription" });
      const box = await manage.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 375).toBe(true);

      await manage.click();
      const dialog = page.getByRole("dialog", { name: "Manage Subscription" });
      await waitForConfirmedPreview(page);
      await dialog.getByRole("spinbutton", { name: "Seat Count" }).fill("12");
      await waitForConfirmedPreview(page);
      const dialogBox = await dialog.boundingBox();
      expect(dialogBox?.width).toBeLessThanOrEqual(375);
      // The footer stays on screen while the dialog scrolls.
      const save = dialog.getByRole("button", { name: "Save Changes" });
      const saveBox = await save.boundingBox();
      expect(saveBox && saveBox.y + saveBox.height <= 812 && saveBox.x + saveBox.width <= 375).toBe(true);
      await dialog.getByTestId("due-today-total").scrollIntoViewIfNeeded();
      expect(await dialog.getByTestId("due-today-total").isVisible()).toBe(true);
      await save.click();
      await dialog.getByTestId("save-result").waitFor();
      expect((await billing.api("GET", "/subscription")).seats).toBe(12);
    } finally {
      await phone.close();
    }
  });

  test("loading and error states are shown, never a blank page, and Retry recovers", async () => {
    const { page } = desktop;
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route("**/api/v1/subscription", async (route) => {
      await held;
      await route.fulfill({
        status: 500,
        contentType: "application/json",
        body: JSON.stringify({
          error: { code: "internal_error", message: "Something went wrong on our side. It was logged." },
        }),
      });
    });
    await page.reload();
    await expectText(
      page.getByRole("status").filter({ hasText: "subscription" }),
      "Loading your subscription…",
    );
    release();
    const error = page.getByRole("alert").filter({ hasText: "Your subscription could not be loaded" });
    await error.waitFor({ timeout: 15_000 });
    await expectTextContaining(error, "Something went wrong on our side. It was logged.");
    await page.unroute("**/api/v1/subscription");
    await error.getByRole("button", { name: "Retry" }).click();
    await expectText(page.getByTestId("seats-used"), "8 of 12 seats used");
  });

  test("a page whose code fails to load shows a way out, and the rest of the app keeps working", async () => {
    const { page } = desktop;
    // As after a deploy that removed the old chunk: the Activity page's code does not arrive.
    await page.route("**/assets/ActivityPage-*.js", (route) => route.abort("failed"));
    await page.goto("/settings/billing");
    await page.getByRole("heading", { name: "Billing", level: 1 }).waitFor();
    const nav = page.getByRole("navigation", { name: "Settings" });
    await nav.getByRole("link", { name: "Activity" }).click();
    const failure = page.getByTestId("page-error");
    await expectTextContaining(failure, "This page could not be shown");
    expect(await failure.getByRole("button", { name: "Reload" }).isVisible()).toBe(true);
    expect(await failure.getByRole("link", { name: "Contact support" }).getAttribute("href")).toMatch(
      /^mailto:/,
    );
    await expectNoAxeViolations(page, "a page that failed to render");
    // The shell is still there, and another page renders in place of the failed one.
    await nav.getByRole("link", { name: "Billing" }).click();
    await page.getByRole("heading", { name: "Billing", level: 1 }).waitFor();
    expect(await page.getByTestId("page-error").count()).toBe(0);
    await page.unroute("**/assets/ActivityPage-*.js");
    // Reload fetches the code again: the page works once it arrives.
    await page.goto("/settings/activity");
    await page.getByRole("heading", { name: "Activity", level: 1 }).waitFor();
  });

  test("signing out ends the session and shows the sign-in page", async () => {
    const { page } = desktop;
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    const status = await page.evaluate(() => fetch("/api/v1/me").then((response) => response.status));
    expect(status).toBe(401);
  });
});
