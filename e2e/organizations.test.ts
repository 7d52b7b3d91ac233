// One person in two organizations: an existing identity accepts an invitation by signing in (its
// password unchanged), then the header's switcher moves the session between the organizations and
// every page reads the other organization's data.
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { provision } from "../test/support/harness.js";
import { testPassword } from "../test/support/sessions.js";
import { type BillingApp, startBillingApp } from "./support/app.js";
import { expectText, expectTextContaining } from "./support/assert.js";
import { closeAllBrowsers, type OpenBrowser, openBrowser, screenshotOnFailure } from "./support/browser.js";

describe("A person in two organizations, in the browser", () => {
  let billing: BillingApp;
  let globex: Awaited<ReturnType<typeof provision>>;
  let browser: OpenBrowser;

  beforeAll(async () => {
    billing = await startBillingApp();
    globex = await provision(billing.app, {
      name: "Globex Inc",
      seats: 5,
      admin: { email: "gus@globex.test", name: "Gus Globex" },
    });
    browser = await openBrowser({ baseUrl: billing.baseUrl });
  });
  afterEach(screenshotOnFailure());
  afterAll(async () => {
    await closeAllBrowsers();
    await billing?.close();
  });

  test("an existing account accepts an invitation by signing in, with its e-mail fixed", async () => {
    const { page } = browser;
    // Globex invites Acme's billing member as an admin.
    const invited = await billing.app.request("POST", "/api/v1/users", {
      token: globex.adminKey,
      body: { name: "Bea Billing", email: billing.billing.email, role: "admin" },
    });
    expect(invited.status).toBe(201);
    await page.goto(invited.body.invitation.url);
    await expectTextContaining(
      page.locator(".auth-card"),
      `You are invited to join Globex Inc as an admin. An account already exists for ${billing.billing.email}`,
    );
    const email = page.getByLabel("Email");
    expect(await email.inputValue()).toBe(billing.billing.email);
    expect(await email.getAttribute("readonly")).not.toBeNull();
    // No "choose a password" here: an invitation never sets an existing account's password.
    expect(await page.getByLabel("Confirm password").count()).toBe(0);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in and accept" }).click();
    await expectText(page.getByRole("alert"), "The password is not correct.");
    await page.getByLabel("Password").fill(testPassword);
    await page.getByRole("button", { name: "Sign in and accept" }).click();
    await page.getByRole("heading", { name: "Billing", level: 1 }).waitFor();
    // The session now acts on Globex, where Bea is an admin; the switcher shows both.
    const switcher = page.getByLabel("Organization");
    await expect.poll(() => switcher.locator("option:checked").textContent()).toBe("Globex Inc (Admin)");
    expect(await switcher.locator("option").allInnerTexts()).toEqual([
      "Acme Corp (Billing)",
      "Globex Inc (Admin)",
    ]);
    await expectText(page.locator(".account-name .badge"), "Admin");
  });

  test("the header's switcher moves to the other organization and reloads its data", async () => {
    const { page } = browser;
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Users" }).click();
    await page.getByRole("heading", { name: "Users", level: 1 }).waitFor();
    await page.locator('[data-email="gus@globex.test"]').waitFor();
    await expectText(page.getByTestId("users-seats-used"), "2 of 5 seats used");

    await page.getByLabel("Organization").selectOption({ label: "Acme Corp (Billing)" });
    await page.locator('[data-email="mia@acme.test"]').waitFor();
    expect(await page.locator('[data-email="gus@globex.test"]').count()).toBe(0);
    await expectText(page.getByTestId("users-seats-used"), "8 of 10 seats used");
    await expectText(page.locator(".account-name .badge"), "Billing");
    // A billing member cannot invite: the role of this organization applies.
    expect(await page.getByRole("button", { name: "Invite" }).count()).toBe(0);
    const me = await page.evaluate(() => fetch("/api/v1/me").then((response) => response.json()));
    expect(me.organization.id).toBe(billing.organizationId);

    // And back: Globex's data again, after a reload too (the session remembers).
    await page.getByLabel("Organization").selectOption({ label: "Globex Inc (Admin)" });
    await page.locator('[data-email="gus@globex.test"]').waitFor();
    await page.reload();
    await page.locator('[data-email="gus@globex.test"]').waitFor();
    await expect
      .poll(() => page.getByLabel("Organization").locator("option:checked").textContent())
      .toBe("Globex Inc (Admin)");
  });

  test("a person in one organization sees its name, not a switcher", async () => {
    const single = await openBrowser({ baseUrl: billing.baseUrl });
    await single.page.goto("/settings/billing");
    await single.page.getByLabel("Email").fill(billing.member.email);
    await single.page.getByLabel("Password").fill(testPassword);
    await single.page.getByRole("button", { name: "Sign in" }).click();
    await single.page.getByRole("heading", { name: "Billing", level: 1 }).waitFor();
    await expectText(single.page.locator(".brand-org"), "Acme Corp");
    expect(await single.page.getByLabel("Organization").count()).toBe(0);
    await single.close();
  });
});
