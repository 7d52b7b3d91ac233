// Issue 12 in the browser: a decrease is scheduled for the renewal ("No charge today. From <date>:
// <new recurring total>"), the Billing page shows it with Cancel scheduled change (through a change
// request where approval is required), the Users page explains why adding a user is refused while
// it stands, and the credits card shows the prorated grant of added seats.
import { describe, expect, test } from "vitest";
import { type BillingApp, signIn, waitForConfirmedPreview } from "./support/app.js";
import { expectText, expectTextContaining, usd } from "./support/assert.js";
import { type OpenBrowser, openBrowser } from "./support/browser.js";
import { signedInBrowser } from "./support/signed-in.js";

describe("Scheduled decreases in the browser", () => {
  let billing: BillingApp;
  let browser: OpenBrowser;

  signedInBrowser({
    // 10 seats, 8 active users, 2,000 additional credits; 15 of 30 days of June left.
    at: "2026-06-16T00:00:00Z",
    ready: (signedIn) => ({ billing, browser } = signedIn),
  });

  test("lowering seats previews no charge today and the new total from the renewal, and saves a scheduled change", async () => {
    const { page } = browser;
    await page.getByRole("button", { name: "Manage Subscription" }).click();
    const dialog = page.getByRole("dialog", { name: "Manage Subscription" });
    await waitForConfirmedPreview(page);
    await dialog.getByRole("spinbutton", { name: "Seat Count" }).fill("8");
    await waitForConfirmedPreview(page);
    const quote = await billing.api("POST", "/subscription/preview", {
      seats: 8,
      additionalCreditBlocks: 2,
      interval: "month",
    });
    expect(quote.dueNow.total).toBe(0);
    expect(quote.scheduled).toEqual({
      seats: 8,
      additionalCreditBlocks: 2,
      interval: "month",
      effectiveAt: "2026-07-01T00:00:00.000Z",
      recurringTotal: 34_000,
    });
    await expectText(
      dialog.getByTestId("preview-summary"),
      `No charge today. From Jul 1, 2026: ${usd(34_000)} / month.`,
    );
    await expectTextContaining(
      dialog.getByTestId("preview-scheduled"),
      "8 seats and 2,000 additional credits from then on",
    );
    await dialog.getByRole("button", { name: "Save Changes" }).click();
    await dialog.getByTestId("save-result").waitFor();
    const subscription = await billing.api("GET", "/subscription");
    expect(subscription).toMatchObject({ seats: 10, accountCredit: 0, scheduled: { seats: 8 } });
    expect((await billing.api("GET", "/invoices")).data).toHaveLength(1);
    await dialog.getByRole("button", { name: "Done" }).click();

    const notice = page.getByTestId("scheduled-change");
    await expectText(notice.locator(".notice-title"), "Scheduled for Jul 1, 2026");
    await expectText(
      page.getByTestId("scheduled-change-summary"),
      `Seat Count 10 → 8 on Jul 1, 2026. From then on: ${usd(34_000)} / month.`,
    );
    // The seats stay usable until the renewal.
    await expectText(page.getByTestId("seats-used"), "8 of 10 seats used");
  });

  test("the Users page explains why adding a user is refused while the decrease stands", async () => {
    const { page } = browser;
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Users" }).click();
    await page.getByRole("heading", { name: "Users", level: 1 }).waitFor();
    await expectText(
      page.getByTestId("users-scheduled-decrease"),
      "Seats drop to 8 on Jul 1, 2026. Until then no more than 8 users can be active: cancel the scheduled change on the Billing page or add seats first.",
    );
    await page.getByLabel("Name", { exact: true }).fill("Nina New");
    await page.getByLabel("Email", { exact: true }).fill("nina@acme.test");
    await page.getByRole("button", { name: "Invite" }).click();
    await expectText(
      page.locator(".invite-form ~ .form-error"),
      "Seats drop to 8 on Jul 1, 2026. Cancel the scheduled change or add seats first.",
    );
    const users = await billing.api("GET", "/users");
    expect(users.data.some((user: { email: string }) => user.email === "nina@acme.test")).toBe(false);
  });

  test("Cancel scheduled change keeps today's seats: nothing is charged and the notice goes away", async () => {
    const { page } = browser;
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Billing" }).click();
    await page.getByTestId("scheduled-change").waitFor();
    await page.getByRole("button", { name: "Cancel scheduled change" }).click();
    await expect.poll(() => page.getByTestId("scheduled-change").count()).toBe(0);
    const subscription = await billing.api("GET", "/subscription");
    expect(subscription).toMatchObject({ seats: 10, scheduled: null, recurring: { total: 42_000 } });
    expect((await billing.api("GET", "/invoices")).data).toHaveLength(1);
    await expectText(page.getByTestId("recurring"), `${usd(42_000)} / month`);
  });

  test("adding seats grants their credits prorated for the rest of the cycle, shown in the preview and the credits card", async () => {
    const { page } = browser;
    await page.getByRole("button", { name: "Manage Subscription" }).click();
    const dialog = page.getByRole("dialog", { name: "Manage Subscription" });
    await waitForConfirmedPreview(page);
    await dialog.getByRole("spinbutton", { name: "Seat Count" }).fill("12");
    await waitForConfirmedPreview(page);
    // 2 seats × 1,000 credits × 15/30 of the credit cycle.
    await expectText(
      dialog.getByTestId("preview-credits-granted"),
      "1,000 AI credits added today (the added seats' credits prorated for the rest of this credit cycle).",
    );
    const before = await billing.api("GET", "/credits");
    await dialog.getByRole("button", { name: "Save Changes" }).click();
    await dialog.getByTestId("save-result").waitFor();
    await dialog.getByRole("button", { name: "Done" }).click();
    const after = await billing.api("GET", "/credits");
    expect(after.allocation - before.allocation).toBe(1000);
    expect(after.addedThisCycle).toEqual([{ credits: 1000, occurredAt: "2026-06-16T00:00:00.000Z" }]);
    await expectText(
      page.getByTestId("credits-added"),
      "Includes 1,000 credits granted on Jun 16, 2026 for seats and credits added this cycle (added seats' credits prorated to the rest of the cycle).",
    );
  });

  test("where approval is required, a billing member's Cancel scheduled change submits a change request", async () => {
    await billing.api("PATCH", "/organization/settings", { requireApproval: true });
    await billing.api("POST", "/subscription/changes", {
      seats: 11,
      additionalCreditBlocks: 2,
      interval: "month",
    });
    const member = await openBrowser({ baseUrl: billing.baseUrl });
    await signIn(member.page, billing.billing.email);
    const { page } = member;
    await page.getByTestId("scheduled-change").waitFor();
    await page.getByRole("button", { name: "Cancel scheduled change" }).click();
    await page.getByTestId("pending-request-banner").waitFor();
    await expectTextContaining(page.getByTestId("pending-request-summary"), "Seats 11 → 12");
    const requests = await billing.api("GET", "/change-requests?status=pending");
    expect(requests.data[0]).toMatchObject({ requested: { seats: 12 }, current: { seats: 11 } });
    // Still scheduled until an admin approves it.
    expect((await billing.api("GET", "/subscription")).scheduled).toMatchObject({ seats: 11 });

    // The admin approves; then the member asks for a decrease: banner and section say "from <date>".
    await billing.api("POST", `/change-requests/${requests.data[0].id}/approve`, {});
    await page.reload();
    await page.getByRole("button", { name: "Manage Subscription" }).click();
    const dialog = page.getByRole("dialog", { name: "Manage Subscription" });
    await waitForConfirmedPreview(page);
    await dialog.getByRole("spinbutton", { name: "Seat Count" }).fill("10");
    await waitForConfirmedPreview(page);
    await expectText(
      dialog.getByTestId("preview-summary"),
      `No charge today. From Jul 1, 2026: ${usd(42_000)} / month.`,
    );
    await dialog.getByRole("button", { name: "Submit Request" }).click();
    await dialog.getByTestId("submit-result").waitFor();
    await dialog.getByRole("button", { name: "Done" }).click();
    await expectTextContaining(page.getByTestId("pending-request-summary"), "Seats 12 → 10 from Jul 1, 2026");
    const admin = browser.page;
    await admin.reload();
    await expectTextContaining(admin.getByTestId("approval-cost"), "From Jul 1, 2026");
    await expectTextContaining(admin.getByTestId("pending-request-summary"), "from Jul 1, 2026");
  });
});
