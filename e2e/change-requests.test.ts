// Help article, "Change Requests": Submit Request instead of saving, the yellow banner while it is
// pending (no new changes until it is reviewed), and the admins' Approve and Reject.
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { messages } from "../src/core/errors.js";
import { type BillingApp, signIn, startBillingApp, waitForConfirmedPreview } from "./support/app.js";
import { expectText, expectTextContaining, textOf, usd } from "./support/assert.js";
import { closeAllBrowsers, type OpenBrowser, openBrowser, screenshotOnFailure } from "./support/browser.js";

describe("Change requests in the browser", () => {
  let billing: BillingApp;
  let admin: OpenBrowser;
  let requester: OpenBrowser;

  const pendingRequests = async () => (await billing.api("GET", "/change-requests?status=pending")).data;
  const banner = (browser: OpenBrowser) =>
    browser.page.getByRole("region", { name: "Pending change request" });

  async function submitRequest(seats: number, note?: string) {
    const { page } = requester;
    await page.getByRole("button", { name: "Manage Subscription" }).click();
    const dialog = page.getByRole("dialog", { name: "Manage Subscription" });
    await waitForConfirmedPreview(page);
    await dialog.getByRole("spinbutton", { name: "Seat Count" }).fill(String(seats));
    if (note) await dialog.getByLabel(/Note for the approver/).fill(note);
    await waitForConfirmedPreview(page);
    const shown = await textOf(dialog.getByTestId("due-today-total"));
    await dialog.getByRole("button", { name: "Submit Request" }).click();
    await dialog.getByTestId("submit-result").waitFor();
    await dialog.getByRole("button", { name: "Done" }).click();
    return shown;
  }

  beforeAll(async () => {
    billing = await startBillingApp();
    await billing.moveClock("2026-06-16T00:00:00Z");
    admin = await openBrowser({ baseUrl: billing.baseUrl });
    requester = await openBrowser({ baseUrl: billing.baseUrl });
    await signIn(admin.page, billing.admin.email);
    await signIn(requester.page, billing.billing.email);
  });
  afterEach(screenshotOnFailure());
  afterAll(async () => {
    await closeAllBrowsers();
    await billing?.close();
  });

  test("an admin turns on Require approval for subscription changes", async () => {
    const { page } = admin;
    const setting = page.getByRole("switch", { name: "Require approval for subscription changes" });
    expect(await setting.isChecked()).toBe(false);
    await setting.check();
    expect(await setting.isChecked()).toBe(true);
    // Saved once the switch is usable again; the server has it.
    await expect.poll(() => setting.isEnabled()).toBe(true);
    expect((await billing.api("GET", "/organization")).requireApproval).toBe(true);
    // The admin is told, in a live region, what the switch now does.
    await expectText(
      page.getByTestId("approval-saved"),
      "Saved. Billing members now submit subscription changes for an admin to approve.",
    );
  });

  test("a billing member sees Submit Request instead of Save Changes, and submits the change with its cost", async () => {
    // The admin had the dialog open with a change of their own before the request arrives.
    await admin.page.getByRole("button", { name: "Manage Subscription" }).click();
    const adminDialog = admin.page.getByRole("dialog", { name: "Manage Subscription" });
    await waitForConfirmedPreview(admin.page);
    await adminDialog.getByRole("spinbutton", { name: "Seat Count" }).fill("11");
    await waitForConfirmedPreview(admin.page);

    await requester.page.reload();
    await requester.page.getByRole("button", { name: "Manage Subscription" }).click();
    const dialog = requester.page.getByRole("dialog", { name: "Manage Subscription" });
    await dialog.getByRole("button", { name: "Submit Request" }).waitFor();
    expect(await dialog.getByRole("button", { name: "Save Changes" }).count()).toBe(0);
    await dialog.getByRole("button", { name: "Cancel" }).click();

    const shown = await submitRequest(12, "Two new hires in July");
    const [request] = await pendingRequests();
    expect(request).toMatchObject({
      status: "pending",
      requestedBy: { name: billing.billing.name },
      current: { seats: 10, additionalCreditBlocks: 2, interval: "month" },
      requested: { seats: 12, additionalCreditBlocks: 2, interval: "month" },
      note: "Two new hires in July",
    });
    expect(request.quoteAtSubmission.dueNow.total).toBe(4000);
    expect(usd(request.quoteAtSubmission.dueNow.total)).toBe(shown);
  });

  test("a second change is refused while the request is pending, even from a dialog opened before it", async () => {
    // The admin's dialog was opened before the request arrived: the server refuses the save.
    const adminDialog = admin.page.getByRole("dialog", { name: "Manage Subscription" });
    await adminDialog.getByRole("button", { name: "Save Changes" }).click();
    // The server's confirming preview refuses it before anything is written.
    await expectTextContaining(
      adminDialog.getByRole("alert").filter({ hasText: "pending" }),
      messages.changeRequestPending,
    );
    await adminDialog.getByTestId("pending-request-banner").waitFor();
    expect(await adminDialog.getByRole("button", { name: "Save Changes" }).isDisabled()).toBe(true);
    expect((await billing.api("GET", "/subscription")).seats).toBe(10);
    await admin.page.keyboard.press("Escape");

    // The requester's dialog shows the banner and cannot submit.
    await requester.page.getByRole("button", { name: "Manage Subscription" }).click();
    const dialog = requester.page.getByRole("dialog", { name: "Manage Subscription" });
    await dialog.getByTestId("pending-request-banner").waitFor();
    // Nothing moves while the request is pending: no price of a change that cannot be sent.
    expect(await dialog.getByRole("spinbutton", { name: "Seat Count" }).isDisabled()).toBe(true);
    expect(await dialog.getByRole("slider", { name: "Seat Count" }).getAttribute("data-disabled")).toBe("");
    expect(await dialog.getByRole("button", { name: "One seat more" }).isDisabled()).toBe(true);
    expect(await dialog.getByRole("textbox", { name: "Additional Credits" }).isDisabled()).toBe(true);
    expect(await dialog.getByRole("radio", { name: /Yearly/ }).isDisabled()).toBe(true);
    expect(await dialog.getByRole("button", { name: "Submit Request" }).isDisabled()).toBe(true);
    await requester.page.keyboard.press("Escape");

    const refused = await billing.app.request("POST", "/api/v1/change-requests", {
      token: billing.adminKey,
      body: { seats: 13, additionalCreditBlocks: 2, interval: "month" },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: "change_request_pending",
      message: messages.changeRequestPending,
    });
    expect(await pendingRequests()).toHaveLength(1);
  });

  test("the yellow banner describes the pending request to the requester and the admin", async () => {
    const requesterBanner = banner(requester);
    await expectTextContaining(requesterBanner, "A subscription change request is pending");
    await expectTextContaining(
      requester.page.getByTestId("pending-request-summary"),
      "You requested on Jun 16, 2026",
    );
    await expectTextContaining(requester.page.getByTestId("pending-request-summary"), "Seats 10 → 12");
    await expectTextContaining(requesterBanner, "You cannot submit new changes until it's reviewed.");
    const color = await requesterBanner.evaluate((element) => getComputedStyle(element).backgroundColor);
    expect(color).toBe("rgb(255, 248, 214)");

    await admin.page.reload();
    await expectTextContaining(
      admin.page.getByTestId("pending-request-summary"),
      `${billing.billing.name} requested on`,
    );
    await expectTextContaining(admin.page.getByTestId("pending-request-summary"), "Seats 10 → 12");
    await expectTextContaining(banner(admin), "“Two new hires in July”");
  });

  test("the admin's Change Requests section shows before → after and the cost if approved now; Approve applies it", async () => {
    const { page } = admin;
    const section = page.getByRole("region", { name: "Change Requests" });
    const card = section.getByTestId("pending-request");
    await expectText(card.getByRole("row", { name: /^Seats/ }), "Seats 10 12");
    const [request] = await pendingRequests();
    const quote = await billing.api("GET", `/change-requests/${request.id}/quote`);
    expect(quote.dueNow.total).toBe(4000);
    await expectText(card.getByTestId("approval-total"), usd(quote.dueNow.total));
    await expectText(card.getByTestId("approval-recurring"), `${usd(quote.recurring.total)} / month`);

    await card.getByRole("button", { name: "Approve" }).click();
    await expectTextContaining(page.getByTestId("decision-outcome"), "Approved: Seats 10 → 12.");
    const subscription = await billing.api("GET", "/subscription");
    expect(subscription.seats).toBe(12);
    expect(subscription.pendingChangeRequest).toBeNull();
    const [invoice] = (await billing.api("GET", "/invoices")).data;
    expect(invoice.total).toBe(quote.dueNow.total);
    await expectTextContaining(
      page.getByTestId("decision-outcome"),
      `Invoice #${invoice.number} charged ${usd(invoice.total)}`,
    );
    // "Request approved", the invoice a link to it, and the focus on the outcome, not <body>.
    const outcome = page.getByTestId("decision-outcome");
    expect(await outcome.locator(".notice-title").textContent()).toBe("Request approved");
    expect(await outcome.getByRole("link", { name: `Invoice #${invoice.number}` }).getAttribute("href")).toBe(
      `/settings/invoices/${invoice.id}`,
    );
    await expect.poll(() => page.evaluate(() => document.activeElement === document.body)).toBe(false);
    await expectText(page.getByTestId("seats-used"), "8 of 12 seats used");
    expect(await banner(admin).count()).toBe(0);
    await expectTextContaining(section.getByTestId("history-row").first(), "Approved");
  });

  test("the requester is told the request was approved", async () => {
    const { page } = requester;
    await page.reload();
    const notice = page.getByRole("region", { name: "Change request outcome" });
    await expectTextContaining(notice, "Your change request was approved");
    await expectTextContaining(notice, `Seats 10 → 12 — approved by ${billing.admin.name}`);
    expect(await banner(requester).count()).toBe(0);
    await notice.getByRole("button", { name: "Dismiss" }).click();
    await expect.poll(() => notice.count()).toBe(0);
  });

  test("Reject with a reason: nothing changes and the requester sees the reason", async () => {
    await billing.moveClock("2026-06-16T09:00:00Z");
    await requester.page.reload();
    await submitRequest(14);
    const { page } = admin;
    await page.reload();
    const card = page.getByTestId("pending-request");
    await expectText(card.getByRole("row", { name: /^Seats/ }), "Seats 12 14");
    await card.getByRole("button", { name: "Reject" }).click();
    const rejectDialog = page.getByRole("dialog", { name: "Reject change request" });
    await rejectDialog.getByLabel(/Reason/).fill("Over budget this quarter");
    await rejectDialog.getByRole("button", { name: "Reject" }).click();
    await expectTextContaining(page.getByTestId("decision-outcome"), "Rejected: Seats 12 → 14.");
    // A rejection is no green "Done".
    expect(await page.getByTestId("decision-outcome").locator(".notice-title").textContent()).toBe(
      "Request rejected",
    );
    expect(await page.getByTestId("decision-outcome").getAttribute("class")).toContain("notice-info");
    const [rejected] = (await billing.api("GET", "/change-requests?status=rejected")).data;
    expect(rejected).toMatchObject({
      reason: "Over budget this quarter",
      decidedBy: { name: billing.admin.name },
    });
    expect((await billing.api("GET", "/subscription")).seats).toBe(12);
    await expectTextContaining(page.getByTestId("history-row").first(), "Rejected");
    await expectTextContaining(page.getByTestId("history-row").first(), "Over budget this quarter");

    await requester.page.reload();
    const notice = requester.page.getByRole("region", { name: "Change request outcome" });
    await expectTextContaining(notice, "Your change request was rejected");
    await expectText(requester.page.getByTestId("decision-reason"), "Reason: Over budget this quarter");
  });

  test("the requester can withdraw a pending request", async () => {
    await billing.moveClock("2026-06-16T10:00:00Z");
    await submitRequest(13);
    const { page } = requester;
    await banner(requester).getByRole("button", { name: "Withdraw request" }).click();
    await expect.poll(() => banner(requester).count()).toBe(0);
    expect(await pendingRequests()).toHaveLength(0);
    const [withdrawn] = (await billing.api("GET", "/change-requests?status=withdrawn")).data;
    expect(withdrawn.requested.seats).toBe(13);
    await page.getByRole("button", { name: "Manage Subscription" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Submit Request" }).waitFor();
    await page.keyboard.press("Escape");
  });
});
