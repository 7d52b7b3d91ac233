// Issue 18, accessibility: axe runs over every page and dialog state at 1280 and 375 px, in light
// and dark, and fails on any violation. Each flow is walked once at 1280 px; every state it
// reaches is checked in the four renderings in place (decision 0036). Also: dialogs open on their
// first field, and the focus never drops to <body> after a decision or the "Review request" link.
// The signed-out pages, Activity, Webhooks and the scheduled and pending states are in
// accessibility-other-states.test.ts: two files run side by side on two workers.
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { type BillingApp, signIn, startBillingApp, waitForConfirmedPreview } from "./support/app.js";
import { focusedId } from "./support/assert.js";
import { expectNoAxeViolationsInEveryRendering as expectNoAxeViolations } from "./support/axe.js";
import { closeAllBrowsers, openBrowser, screenshotOnFailure } from "./support/browser.js";

describe("axe over every state, at 1280 and 375 px, light and dark", () => {
  let billing: BillingApp;

  beforeAll(async () => {
    billing = await startBillingApp();
    await billing.moveClock("2026-06-16T00:00:00Z");
    await billing.api("POST", "/subscription/changes", {
      seats: 11,
      additionalCreditBlocks: 2,
      interval: "month",
    });
  });
  afterEach(screenshotOnFailure());
  afterAll(async () => {
    await closeAllBrowsers();
    await billing?.close();
  });

  const open = async () => (await openBrowser({ baseUrl: billing.baseUrl, width: 1280, height: 800 })).page;

  test("the check fails on a violation found in one rendering only, and leaves the page as it was", async () => {
    const page = await open();
    // Grey on grey (about 1.3:1) only in dark mode on a narrow screen.
    await page.setContent(`<!doctype html><html lang="en"><head><title>t</title><style>
      @media (prefers-color-scheme: dark) and (max-width: 600px) { p { color: #777; background: #666; } }
    </style></head><body><main><h1>Check</h1><p>Only dark and narrow is unreadable.</p></main></body></html>`);
    const failure = await expectNoAxeViolations(page, "a test page").then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(failure).toContain("axe, a test page at 375 px, dark");
    expect(failure).toContain("color-contrast");
    expect(page.viewportSize()).toEqual({ width: 1280, height: 800 });
    expect(await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches)).toBe(false);
  });

  test("sign-in, then every admin page and dialog", async () => {
    const page = await open();
    await page.goto("/settings/billing");
    await page.getByLabel("Email").waitFor();
    await expectNoAxeViolations(page, "sign-in");
    await signIn(page, billing.admin.email);
    await expectNoAxeViolations(page, "billing page (admin)");

    await page.getByRole("button", { name: "Manage Subscription" }).click();
    const dialog = page.getByRole("dialog", { name: "Manage Subscription" });
    await waitForConfirmedPreview(page);
    // A dialog opens with the focus on its first field, not on ×.
    expect(await focusedId(page)).toBe("seat-count-input");
    await expectNoAxeViolations(page, "Manage Subscription, unchanged");
    await dialog.locator("#seat-count-input").fill("13");
    await dialog.getByRole("radio", { name: /Yearly/ }).check();
    await waitForConfirmedPreview(page);
    await expectNoAxeViolations(page, "Manage Subscription, yearly selected");
    await dialog.getByRole("radio", { name: /Monthly/ }).check();
    await dialog.locator("#seat-count-input").fill("2");
    await dialog.getByTestId("seat-error").getByRole("link").waitFor();
    await expectNoAxeViolations(page, "Manage Subscription, seats refused");
    await dialog.locator("#seat-count-input").fill("12");
    await waitForConfirmedPreview(page);
    await dialog.getByRole("button", { name: "Save Changes" }).click();
    await dialog.getByTestId("save-result").waitFor();
    await expectNoAxeViolations(page, "Manage Subscription, saved");
    await dialog.getByRole("button", { name: "Done" }).click();

    await page.getByRole("button", { name: "Manage billing info" }).click();
    const info = page.getByRole("dialog", { name: "Billing information" });
    await info.getByLabel("Company name").waitFor();
    expect(await focusedId(page)).toBe("bi-company");
    await info.getByLabel("Billing email").fill("not-an-email");
    await info.getByRole("button", { name: "Save" }).click();
    await info.locator("#bi-email-error").waitFor();
    await expectNoAxeViolations(page, "billing info, refused");
    await page.keyboard.press("Escape");

    await page.goto("/settings/invoices");
    await page.getByTestId("invoice-list").waitFor();
    await expectNoAxeViolations(page, "invoices");
    await page.getByTestId("invoice-list").getByRole("link").first().click();
    await page.getByRole("heading", { name: /^Invoice WP-/, level: 1 }).waitFor();
    await expectNoAxeViolations(page, "an invoice");

    await page.goto("/settings/users");
    await page.getByRole("heading", { name: "Users", level: 1 }).waitFor();
    await page.getByRole("table").first().waitFor();
    await expectNoAxeViolations(page, "users");
    // The invite form, refused for an empty e-mail.
    await page.getByRole("button", { name: "Invite", exact: true }).click();
    await page
      .locator(".invite-form [aria-invalid=true], .invite-form .field-error, .invite-form .form-error")
      .first()
      .waitFor();
    await expectNoAxeViolations(page, "users, invite refused");
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
    await expectNoAxeViolations(requester, "Manage Subscription, as a request");
    await dialog.getByRole("button", { name: "Submit Request" }).click();
    await dialog.getByTestId("submit-result").waitFor();
    await expectNoAxeViolations(requester, "request submitted");
    await dialog.getByRole("button", { name: "Done" }).click();
    await expectNoAxeViolations(requester, "billing page with a pending request");

    await admin.reload();
    await admin.getByRole("link", { name: "Review request" }).click();
    // The link lands on the request, with the focus on it.
    await expect.poll(() => admin.evaluate(() => document.activeElement?.id)).toBe("change-requests");
    await expectNoAxeViolations(admin, "admin with a pending request");
    await admin.getByRole("button", { name: "Reject" }).click();
    const reject = admin.getByRole("dialog", { name: "Reject change request" });
    await reject.waitFor();
    expect(await admin.evaluate(() => document.activeElement?.tagName)).toBe("TEXTAREA");
    await expectNoAxeViolations(admin, "reject dialog");
    await reject.getByRole("textbox").fill("Not this quarter");
    await reject.getByRole("button", { name: "Reject" }).click();
    await admin.getByTestId("decision-outcome").waitFor();
    await expect.poll(() => focusedId(admin)).not.toBe("body");
    await expectNoAxeViolations(admin, "after a rejection");

    const member = await open();
    await signIn(member, billing.member.email);
    await expectNoAxeViolations(member, "billing page (member)");
    await member.goto("/settings/invoices");
    await member.getByTestId("no-access").waitFor();
    expect(await member.getByRole("button", { name: "Retry" }).count()).toBe(0);
    await expectNoAxeViolations(member, "invoices, no access");
  });
});
