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

  test("password pages, Activity, Webhooks, a failed page, a scheduled change, a pending request, an approval", async () => {
    // Signed out: forgot password (empty, refused, sent) and the reset page (with and without a link).
    const guest = await open();
    await guest.goto("/forgot-password");
    await guest.getByRole("heading", { name: "Reset your password" }).waitFor();
    await expectNoAxeViolations(guest, at("forgot password"));
    await guest.getByRole("button", { name: "Send the link" }).click();
    await guest.getByRole("alert").waitFor();
    await expectNoAxeViolations(guest, at("forgot password, refused"));
    await guest.getByLabel("Email").fill("nobody@acme.test");
    await guest.getByRole("button", { name: "Send the link" }).click();
    await guest.getByRole("status").waitFor();
    await expectNoAxeViolations(guest, at("forgot password, sent"));
    await guest.goto("/reset-password?token=not-a-real-token");
    await guest.getByLabel("New password", { exact: true }).fill("short");
    await guest.getByRole("button", { name: "Save the new password" }).click();
    await guest.locator("#reset-password-error").waitFor();
    await expectNoAxeViolations(guest, at("password reset, refused"));
    await guest.goto("/reset-password?error=INVALID_TOKEN");
    await guest.getByRole("link", { name: "Ask for a new link" }).waitFor();
    await expectNoAxeViolations(guest, at("password reset, link not valid"));

    // The admin: a page whose code fails to load (the error boundary), then Activity and Webhooks.
    const admin = await open();
    await signIn(admin, billing.admin.email);
    await admin.route("**/assets/ActivityPage-*.js", (route) => route.abort("failed"));
    const nav = admin.getByRole("navigation", { name: "Settings" });
    await nav.getByRole("link", { name: "Activity" }).click();
    await admin.getByTestId("page-error").waitFor();
    await expectNoAxeViolations(admin, at("a page that failed to render"));
    await admin.unroute("**/assets/ActivityPage-*.js");
    await admin.goto("/settings/activity");
    await admin.getByRole("heading", { name: "Activity", level: 1 }).waitFor();
    await admin.getByRole("table").first().waitFor();
    await expectNoAxeViolations(admin, at("activity"));
    await admin.goto("/settings/webhooks");
    await admin.getByRole("heading", { name: "Webhooks", level: 1 }).waitFor();
    await expectNoAxeViolations(admin, at("webhooks"));
    await admin.getByRole("button", { name: "Add endpoint" }).click();
    const endpoint = admin.getByRole("dialog", { name: "Add webhook endpoint" });
    await endpoint.getByLabel("Endpoint URL").fill("ftp://nowhere");
    await endpoint.getByRole("button", { name: "Add endpoint" }).click();
    await endpoint.locator(".field-error").waitFor();
    await expectNoAxeViolations(admin, at("add webhook endpoint, refused"));
    await admin.keyboard.press("Escape");

    // A decrease scheduled for the renewal: the banner, and the editor that starts from it.
    await billing.api("POST", "/subscription/changes", {
      seats: 10,
      additionalCreditBlocks: 2,
      interval: "month",
    });
    await admin.goto("/settings/billing");
    await admin.getByTestId("scheduled-change").waitFor();
    await expectNoAxeViolations(admin, at("billing page with a scheduled change"));
    await admin.getByRole("button", { name: "Manage Subscription" }).click();
    await waitForConfirmedPreview(admin);
    await expectNoAxeViolations(admin, at("Manage Subscription with a scheduled change"));
    await admin.keyboard.press("Escape");

    // A billing member's pending request: the editor is closed to changes while it waits.
    const requester = await open();
    await signIn(requester, billing.billing.email);
    await requester.getByRole("button", { name: "Manage Subscription" }).click();
    const dialog = requester.getByRole("dialog", { name: "Manage Subscription" });
    await waitForConfirmedPreview(requester);
    await dialog.locator("#seat-count-input").fill("15");
    await waitForConfirmedPreview(requester);
    await dialog.getByRole("button", { name: "Submit Request" }).click();
    await dialog.getByTestId("submit-result").waitFor();
    await dialog.getByRole("button", { name: "Done" }).click();
    await requester.getByRole("button", { name: "Manage Subscription" }).click();
    await expect.poll(() => dialog.locator("#seat-count-input").isDisabled()).toBe(true);
    await expectNoAxeViolations(requester, at("Manage Subscription while a request is pending"));
    await requester.keyboard.press("Escape");

    // The admin approves it: the outcome, and the focus kept on the page.
    await admin.reload();
    await admin.getByRole("link", { name: "Review request" }).click();
    await admin.getByRole("button", { name: "Approve" }).click();
    await admin.getByTestId("decision-outcome").waitFor();
    await expect.poll(() => focusedId(admin)).not.toBe("body");
    await expectNoAxeViolations(admin, at("after an approval"));
  });
});
