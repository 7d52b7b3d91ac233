// Issue 18, accessibility: axe runs over every page and dialog state at 1280 and 375 px, in light
// and dark, and fails on any violation. Also: dialogs open on their first field, and the focus
// never drops to <body> after a decision or the "Review request" link.
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { type BillingApp, signIn, startBillingApp, waitForConfirmedPreview } from "./support/app.js";
import { expectNoAxeViolations } from "./support/axe.js";
import { closeAllBrowsers, openBrowser, screenshotOpenPages } from "./support/browser.js";

const focusedId = (page: import("playwright-core").Page) =>
  page.evaluate(() =>
    document.activeElement === document.body
      ? "body"
      : document.activeElement?.id || document.activeElement?.tagName,
  );

describe.each([
  { width: 1280, height: 800, colorScheme: "light" as const },
  { width: 375, height: 667, colorScheme: "light" as const },
  { width: 1280, height: 800, colorScheme: "dark" as const },
  { width: 375, height: 667, colorScheme: "dark" as const },
])("axe at $width px, $colorScheme", ({ width, height, colorScheme }) => {
  let billing: BillingApp;
  const at = (state: string) => `${state} at ${width} px, ${colorScheme}`;

  beforeAll(async () => {
    billing = await startBillingApp();
    await billing.moveClock("2026-06-16T00:00:00Z");
    await billing.api("POST", "/subscription/changes", {
      seats: 11,
      additionalCreditBlocks: 2,
      interval: "month",
    });
  });
  afterEach(async (context) => {
    if (context.task.result?.state === "fail")
      await screenshotOpenPages(`${context.task.name} ${width} ${colorScheme}`);
  });
  afterAll(async () => {
    await closeAllBrowsers();
    await billing?.close();
  });

  const open = async () => {
    const browser = await openBrowser({ baseUrl: billing.baseUrl, width, height });
    await browser.page.emulateMedia({ colorScheme });
    return browser.page;
  };

  test("sign-in, then every admin page and dialog", async () => {
    const page = await open();
    await page.goto("/settings/billing");
    await page.getByLabel("Email").waitFor();
    await expectNoAxeViolations(page, at("sign-in"));
    await signIn(page, billing.admin.email);
    await expectNoAxeViolations(page, at("billing page (admin)"));

    await page.getByRole("button", { name: "Manage Subscription" }).click();
    const dialog = page.getByRole("dialog", { name: "Manage Subscription" });
    await waitForConfirmedPreview(page);
    // A dialog opens with the focus on its first field, not on ×.
    expect(await focusedId(page)).toBe("seat-count-input");
    await expectNoAxeViolations(page, at("Manage Subscription, unchanged"));
    await dialog.locator("#seat-count-input").fill("13");
    await dialog.getByRole("radio", { name: /Yearly/ }).check();
    await waitForConfirmedPreview(page);
    await expectNoAxeViolations(page, at("Manage Subscription, yearly selected"));
    await dialog.getByRole("radio", { name: /Monthly/ }).check();
    await dialog.locator("#seat-count-input").fill("2");
    await dialog.getByTestId("seat-error").getByRole("link").waitFor();
    await expectNoAxeViolations(page, at("Manage Subscription, seats refused"));
    await dialog.locator("#seat-count-input").fill("12");
    await waitForConfirmedPreview(page);
    await dialog.getByRole("button", { name: "Save Changes" }).click();
    await dialog.getByTestId("save-result").waitFor();
    await expectNoAxeViolations(page, at("Manage Subscription, saved"));
    await dialog.getByRole("button", { name: "Done" }).click();

    await page.getByRole("button", { name: "Manage billing info" }).click();
    const info = page.getByRole("dialog", { name: "Billing information" });
    await info.getByLabel("Company name").waitFor();
    expect(await focusedId(page)).toBe("bi-company");
    await info.getByLabel("Billing email").fill("not-an-email");
    await info.getByRole("button", { name: "Save" }).click();
    await info.locator("#bi-email-error").waitFor();
    await expectNoAxeViolations(page, at("billing info, refused"));
    await page.keyboard.press("Escape");

    await page.goto("/settings/invoices");
    await page.getByTestId("invoice-list").waitFor();
    await expectNoAxeViolations(page, at("invoices"));
    await page.getByTestId("invoice-list").getByRole("link").first().click();
    await page.getByRole("heading", { name: /^Invoice WP-/, level: 1 }).waitFor();
    await expectNoAxeViolations(page, at("an invoice"));

    await page.goto("/settings/users");
    await page.getByRole("heading", { name: "Users", level: 1 }).waitFor();
    await page.getByRole("table").first().waitFor();
    await expectNoAxeViolations(page, at("users"));
    // The invite form, refused for an empty e-mail.
    await page.getByRole("button", { name: "Invite", exact: true }).click();
    await page
      .locator(".invite-form [aria-invalid=true], .invite-form .field-error, .invite-form .form-error")
      .first()
      .waitFor();
    await expectNoAxeViolations(page, at("users, invite refused"));
  });

  test("a billing member's request, the admin's review and decisions, a member's pages", async () => {
    const admin = await open();
    await signIn(admin, billing.admin.email);
    await admin.getByRole("switch", { name: "Require approval for subscription changes" }).check();

    const requester = await open();
    await signIn(requester, billing.billing.email);
    await requester.getByRole("button", { name: "Manage Subscription" }).click();
    const dialog = requester.getByRole("dialog", { name: "Manage Subscription" });
    await waitForConfirmedPreview(requester);
    await dialog.locator("#seat-count-input").fill("14");
    await waitForConfirmedPreview(requester);
    await expectNoAxeViolations(requester, at("Manage Subscription, as a request"));
    await dialog.getByRole("button", { name: "Submit Request" }).click();
    await dialog.getByTestId("submit-result").waitFor();
    await expectNoAxeViolations(requester, at("request submitted"));
    await dialog.getByRole("button", { name: "Done" }).click();
    await expectNoAxeViolations(requester, at("billing page with a pending request"));

    await admin.reload();
    await admin.getByRole("link", { name: "Review request" }).click();
    // The link lands on the request, with the focus on it.
    await expect.poll(() => admin.evaluate(() => document.activeElement?.id)).toBe("change-requests");
    await expectNoAxeViolations(admin, at("admin with a pending request"));
    await admin.getByRole("button", { name: "Reject" }).click();
    const reject = admin.getByRole("dialog", { name: "Reject change request" });
    await reject.waitFor();
    expect(await admin.evaluate(() => document.activeElement?.tagName)).toBe("TEXTAREA");
    await expectNoAxeViolations(admin, at("reject dialog"));
    await reject.getByRole("textbox").fill("Not this quarter");
    await reject.getByRole("button", { name: "Reject" }).click();
    await admin.getByTestId("decision-outcome").waitFor();
    await expect.poll(() => focusedId(admin)).not.toBe("body");
    await expectNoAxeViolations(admin, at("after a rejection"));

    const member = await open();
    await signIn(member, billing.member.email);
    await expectNoAxeViolations(member, at("billing page (member)"));
    await member.goto("/settings/invoices");
    await member.getByTestId("no-access").waitFor();
    expect(await member.getByRole("button", { name: "Retry" }).count()).toBe(0);
    await expectNoAxeViolations(member, at("invoices, no access"));
  });
});
