// Invoices (list and detail: lines, credit applied, total) and Users (role, status, invite,
// deactivate, reactivate, seat usage), with an invited member choosing a password.
import { sql } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { messages } from "../src/core/errors.js";
import { type BillingApp, signIn } from "./support/app.js";
import { countRequests, expectText, expectTextContaining, textOf, usd } from "./support/assert.js";
import { type OpenBrowser, openBrowser } from "./support/browser.js";
import { signedInBrowser } from "./support/signed-in.js";

describe("Invoices and users in the browser", () => {
  let billing: BillingApp;
  let browser: OpenBrowser;

  signedInBrowser({
    at: "2026-06-16T00:00:00Z",
    // Account credit left from the old rules (or granted by the operator) pays part of the next
    // charge. One seat removed (scheduled, nothing refunded), then 11: one seat beyond today's 10.
    prepare: async (app) => {
      await app.app.handle.db.execute(
        sql`UPDATE subscriptions SET account_credit = 1000 WHERE organization_id = ${app.organizationId}`,
      );
      for (const seats of [9, 11])
        await app.api("POST", "/subscription/changes", {
          seats,
          additionalCreditBlocks: 2,
          interval: "month",
        });
    },
    ready: (signedIn) => ({ billing, browser } = signedIn),
  });

  test("Invoices lists every invoice with its total, newest first", async () => {
    const { page } = browser;
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Invoices" }).click();
    await page.getByRole("heading", { name: "Invoices", level: 1 }).waitFor();
    const invoices = (await billing.api("GET", "/invoices")).data;
    expect(invoices.map((invoice: { total: number }) => invoice.total)).toEqual([1000, 42_000]);
    await expect.poll(() => page.getByTestId("invoice-row").count()).toBe(invoices.length);
    const totals = await page.getByTestId("invoice-row-total").allInnerTexts();
    expect(totals).toEqual(invoices.map((invoice: { total: number }) => usd(invoice.total)));
  });

  test("an invoice shows its lines, the account credit applied and the total", async () => {
    const { page } = browser;
    const [invoice] = (await billing.api("GET", "/invoices")).data;
    expect(invoice).toMatchObject({ subtotal: 2000, creditApplied: 1000, total: 1000 });
    await page.getByRole("link", { name: invoice.displayNumber, exact: true }).click();
    await page.getByRole("heading", { name: `Invoice ${invoice.displayNumber}`, level: 1 }).waitFor();
    await expectText(
      page.getByTestId("invoice-line"),
      `1 additional seat, prorated for the rest of the period Jun 16, 2026 – Jul 1, 2026 1 ${usd(4000)} ${usd(2000)}`,
    );
    await expectText(page.getByTestId("invoice-subtotal"), usd(invoice.subtotal));
    await expectText(page.getByTestId("invoice-credit-applied"), usd(-invoice.creditApplied));
    await expectText(page.getByTestId("invoice-total"), usd(invoice.total));
  });

  test("Users lists each member with role and status, and the seat usage", async () => {
    const { page } = browser;
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Users" }).click();
    await page.getByRole("heading", { name: "Users", level: 1 }).waitFor();
    const users = await billing.api("GET", "/users");
    expect(users.seats).toEqual({ total: 11, used: 8 });
    await expectText(page.getByTestId("users-seats-used"), "8 of 11 seats used");
    await expect.poll(() => page.getByTestId("user-row").count()).toBe(users.data.length);
    // An admin sees each other member's role in a select, set to it.
    await expect
      .poll(() => page.locator('[data-email="bea@acme.test"] td').nth(1).locator("select").inputValue())
      .toBe("billing");
    await expectText(page.locator('[data-email="bea@acme.test"] td').nth(2), "Active");
  });

  test("an admin changes another member's role in the list, but not their own", async () => {
    const { page } = browser;
    const roleOf = async (email: string) =>
      (await billing.api("GET", "/users")).data.find((user: { email: string }) => user.email === email).role;
    const select = page.getByLabel("Role of Max Member");
    await select.selectOption("billing");
    await expect.poll(() => roleOf("max@acme.test")).toBe("billing");
    await expect.poll(() => select.inputValue()).toBe("billing");
    await select.selectOption("member");
    await expect.poll(() => roleOf("max@acme.test")).toBe("member");
    // The signed-in admin's own row shows the role as text.
    const own = page.locator(`[data-email="${billing.admin.email}"]`);
    await expect.poll(() => own.locator("select").count()).toBe(0);
    await expectText(own.locator("td").nth(1), "Admin");
  });

  test("inviting a user takes a seat and gives a one-time link", async () => {
    const { page } = browser;
    await page.getByLabel("Name", { exact: true }).fill("Nina New");
    await page.getByLabel("Email", { exact: true }).fill("nina@acme.test");
    await page.getByLabel("Role", { exact: true }).selectOption("member");
    await page.getByRole("button", { name: "Invite" }).click();
    await expectTextContaining(page.getByTestId("invitation"), "Nina New is invited");
    const url = await textOf(page.getByTestId("invitation-url"));
    expect(url).toMatch(new RegExp(`^${billing.baseUrl}/invite/[A-Za-z0-9_-]{20,}$`));
    await expectText(page.getByTestId("users-seats-used"), "9 of 11 seats used");
    const users = await billing.api("GET", "/users");
    expect(users.data.some((user: { email: string }) => user.email === "nina@acme.test")).toBe(true);
  });

  test("deactivating frees a seat and reactivating takes it again; a full organization refuses an invite", async () => {
    const { page } = browser;
    const row = page.locator('[data-email="max@acme.test"]');
    await row.getByRole("button", { name: "Deactivate Max Member" }).click();
    await expectText(row.locator("td").nth(2).locator(".badge"), "Deactivated");
    await expectText(page.getByTestId("users-seats-used"), "8 of 11 seats used");
    await row.getByRole("button", { name: "Reactivate Max Member" }).click();
    await expectText(row.locator("td").nth(2).locator(".badge"), "Active");
    await expectText(page.getByTestId("users-seats-used"), "9 of 11 seats used");

    for (const [name, email] of [
      ["Oli One", "oli@acme.test"],
      ["Tia Two", "tia@acme.test"],
    ]) {
      await page.getByLabel("Name", { exact: true }).fill(name as string);
      await page.getByLabel("Email", { exact: true }).fill(email as string);
      await page.getByRole("button", { name: "Invite" }).click();
      await expectTextContaining(page.getByTestId("invitation"), `${name} is invited`);
    }
    await expectText(page.getByTestId("users-seats-used"), "11 of 11 seats used");
    await page.getByLabel("Name", { exact: true }).fill("Uma Three");
    await page.getByLabel("Email", { exact: true }).fill("uma@acme.test");
    await page.getByRole("button", { name: "Invite" }).click();
    await expectText(page.locator(".invite-form ~ .form-error"), messages.seatsExhausted(11));
    expect((await billing.api("GET", "/users")).seats.used).toBe(11);
  });

  test("an invited member chooses a password at /invite/<token> and is signed in", async () => {
    const refused = await billing.app.request("POST", "/api/v1/users", {
      token: billing.adminKey,
      body: { name: "Zed Zero", email: "zed@acme.test", role: "member" },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe("seats_exhausted");
    // Free a seat, then invite through the API and accept in a fresh browser.
    const users = (await billing.api("GET", "/users")).data;
    const tia = users.find((user: { email: string }) => user.email === "tia@acme.test");
    await billing.api("POST", `/users/${tia.id}/deactivate`);
    const invited = await billing.api(
      "POST",
      "/users",
      { name: "Zed Zero", email: "zed@acme.test", role: "member" },
      201,
    );
    const guest = await openBrowser({ baseUrl: billing.baseUrl });
    await guest.page.goto(invited.invitation.url);
    await expectTextContaining(
      guest.page.locator(".auth-card"),
      "You are invited to join Acme Corp as a member with zed@acme.test",
    );
    await guest.page.getByLabel("Password", { exact: true }).fill("short");
    await guest.page.getByLabel("Confirm password").fill("short");
    await guest.page.getByRole("button", { name: "Set password and continue" }).click();
    await expectText(
      guest.page.locator("#invite-password-error"),
      "Choose a password of at least 10 characters.",
    );
    await guest.page.getByLabel("Password", { exact: true }).fill("zed-password-42");
    await guest.page.getByLabel("Confirm password").fill("zed-password-42");
    await guest.page.getByRole("button", { name: "Set password and continue" }).click();
    await guest.page.getByRole("heading", { name: "Billing", level: 1 }).waitFor();
    await expectTextContaining(guest.page.locator(".account-name"), "Zed Zero");
    // A member sees no money and no billing links.
    const nav = guest.page.getByRole("navigation", { name: "Settings" });
    expect(await nav.getByRole("link").allInnerTexts()).toEqual(["Billing"]);
    expect(await guest.page.getByRole("button", { name: "Manage Subscription" }).count()).toBe(0);
    // The link works once.
    await guest.page.goto(invited.invitation.url);
    await expectTextContaining(guest.page.getByRole("alert"), "This invitation link is not valid");
    await guest.close();
  });

  test("a member who follows a link to a page of another role reads its title and no access, and none of its data is asked for", async () => {
    const member = await openBrowser({ baseUrl: billing.baseUrl });
    await signIn(member.page, billing.member.email);
    const invoice = (await billing.api("GET", "/invoices")).data[0].id as string;
    for (const [path, title, api] of [
      ["/settings/invoices", "Invoices", "/api/v1/invoices"],
      [`/settings/invoices/${invoice}`, "Invoices", "/api/v1/invoices"],
      ["/settings/users", "Users", "/api/v1/users"],
      ["/settings/activity", "Activity", "/api/v1/audit-events"],
      ["/settings/webhooks", "Webhooks", "/api/v1/webhook-endpoints"],
    ] as const) {
      const asked = await countRequests(member.page, api, async () => {
        await member.page.goto(path);
        await member.page.getByRole("heading", { name: title, level: 1 }).waitFor();
        await expectTextContaining(
          member.page.getByTestId("no-access"),
          "You don't have access to this page",
        );
      });
      expect(asked, `requests to ${api} from ${path}`).toBe(0);
      expect(await member.page.getByRole("button", { name: "Retry" }).count()).toBe(0);
      expect(await member.page.getByRole("table").count()).toBe(0);
    }
    await member.close();
  });
});
