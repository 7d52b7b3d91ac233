// Issue 18, accessibility, continued from accessibility.test.ts (split so that the two files run
// side by side): the signed-out password pages, a page that failed to load, Activity, Webhooks, a
// scheduled change, a pending request and its approval, each state at 1280 and 375 px, light and
// dark, checked in place (decision 0036). Each test stays well within the test timeout on a slow
// 2-core machine (one test of these 14 states × 4 renderings took 70 s there).
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { type BillingApp, signIn, startBillingApp, waitForConfirmedPreview } from "./support/app.js";
import { focusedId } from "./support/assert.js";
import { expectNoAxeViolationsInEveryRendering as expectNoAxeViolations } from "./support/axe.js";
import { closeAllBrowsers, openBrowser, screenshotOnFailure } from "./support/browser.js";

describe("axe over more states, at 1280 and 375 px, light and dark", () => {
  let billing: BillingApp;

  beforeAll(async () => {
    billing = await startBillingApp();
    await billing.moveClock("2026-06-16T00:00:00Z");
    await billing.api("POST", "/subscription/changes", {
      seats: 11,
      additionalCreditBlocks: 2,
      interval: "month",
    });
    // A billing member's changes wait for an admin's approval.
    await billing.api("PATCH", "/organization/settings", { requireApproval: true });
  });
  afterEach(screenshotOnFailure());
  afterAll(async () => {
    await closeAllBrowsers();
    await billing?.close();
  });

  const open = async () => (await openBrowser({ baseUrl: billing.baseUrl, width: 1280, height: 800 })).page;

  test("signed out: forgot password (empty, refused, sent) and the reset page (with and without a link)", async () => {
    const guest = await open();
    await guest.goto("/forgot-password");
    await guest.getByRole("heading", { name: "Reset your password" }).waitFor();
    await expectNoAxeViolations(guest, "forgot password");
    await guest.getByRole("button", { name: "Send the link" }).click();
    await guest.getByRole("alert").waitFor();
    await expectNoAxeViolations(guest, "forgot password, refused");
    await guest.getByLabel("Email").fill("nobody@acme.test");
    await guest.getByRole("button", { name: "Send the link" }).click();
    await guest.getByRole("status").waitFor();
    await expectNoAxeViolations(guest, "forgot password, sent");
    await guest.goto("/reset-password?token=not-a-real-token");
    await guest.getByLabel("New password", { exact: true }).fill("short");
    await guest.getByRole("button", { name: "Save the new password" }).click();
    await guest.locator("#reset-password-error").waitFor();
    await expectNoAxeViolations(guest, "password reset, refused");
    await guest.goto("/reset-password?error=INVALID_TOKEN");
    await guest.getByRole("link", { name: "Ask for a new link" }).waitFor();
    await expectNoAxeViolations(guest, "password reset, link not valid");
  });

  test("a page whose code fails to load (the error boundary), Activity and Webhooks", async () => {
    const admin = await open();
    await signIn(admin, billing.admin.email);
    await admin.route("**/assets/ActivityPage-*.js", (route) => route.abort("failed"));
    const nav = admin.getByRole("navigation", { name: "Settings" });
    await nav.getByRole("link", { name: "Activity" }).click();
    await admin.getByTestId("page-error").waitFor();
    await expectNoAxeViolations(admin, "a page that failed to render");
    await admin.unroute("**/assets/ActivityPage-*.js");
    await admin.goto("/settings/activity");
    await admin.getByRole("heading", { name: "Activity", level: 1 }).waitFor();
    await admin.getByRole("table").first().waitFor();
    await expectNoAxeViolations(admin, "activity");
    await admin.goto("/settings/webhooks");
    await admin.getByRole("heading", { name: "Webhooks", level: 1 }).waitFor();
    await expectNoAxeViolations(admin, "webhooks");
    await admin.getByRole("button", { name: "Add endpoint" }).click();
    const endpoint = admin.getByRole("dialog", { name: "Add webhook endpoint" });
    await endpoint.getByLabel("Endpoint URL").fill("ftp://nowhere");
    await endpoint.getByRole("button", { name: "Add endpoint" }).click();
    await endpoint.locator(".field-error").waitFor();
    await expectNoAxeViolations(admin, "add webhook endpoint, refused");
    await admin.keyboard.press("Escape");
  });

  test("a scheduled change, a pending request, an approval", async () => {
    // A decrease scheduled for the renewal: the banner, and the editor that starts from it.
    const admin = await open();
    await signIn(admin, billing.admin.email);
    await billing.api("POST", "/subscription/changes", {
      seats: 10,
      additionalCreditBlocks: 2,
      interval: "month",
    });
    await admin.goto("/settings/billing");
    await admin.getByTestId("scheduled-change").waitFor();
    await expectNoAxeViolations(admin, "billing page with a scheduled change");
    await admin.getByRole("button", { name: "Manage Subscription" }).click();
    await waitForConfirmedPreview(admin);
    await expectNoAxeViolations(admin, "Manage Subscription with a scheduled change");
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
    await expectNoAxeViolations(requester, "Manage Subscription while a request is pending");
    await requester.keyboard.press("Escape");

    // The admin approves it: the outcome, and the focus kept on the page.
    await admin.reload();
    await admin.getByRole("link", { name: "Review request" }).click();
    await admin.getByRole("button", { name: "Approve" }).click();
    await admin.getByTestId("decision-outcome").waitFor();
    await expect.poll(() => focusedId(admin)).not.toBe("body");
    await expectNoAxeViolations(admin, "after an approval");
  });
});
