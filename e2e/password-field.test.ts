// One password field on the sign-in, reset and invitation pages: labelled, its hint and error tied
// to it by aria-describedby, a Show toggle that says its state with aria-pressed, and a refusal
// that moves the focus to the refused field. At 1280 and 375 px, axe over each state.
import type { Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { type BillingApp, startBillingApp } from "./support/app.js";
import { expectText } from "./support/assert.js";
import { expectNoAxeViolations } from "./support/axe.js";
import { closeAllBrowsers, openBrowser, screenshotOnFailure } from "./support/browser.js";
import { uncovered, widths } from "./support/layout.js";

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? "");

/** The toggle beside a password input, found through aria-controls. */
const toggleOf = (page: Page, inputId: string): Locator => page.locator(`button[aria-controls="${inputId}"]`);

async function expectToggles(page: Page, inputId: string) {
  const input = page.locator(`#${inputId}`);
  const toggle = toggleOf(page, inputId);
  expect(await toggle.getAttribute("aria-pressed")).toBe("false");
  expect(await input.getAttribute("type")).toBe("password");
  expect(await uncovered(toggle)).toBe(true);
  await input.fill("secret-value-1");
  await toggle.click();
  expect(await toggle.getAttribute("aria-pressed")).toBe("true");
  expect(await input.getAttribute("type")).toBe("text");
  expect(await input.inputValue()).toBe("secret-value-1");
  // The toggle's name stays "Show"; its description names the field it shows.
  expect(await toggle.evaluate((element) => element.textContent)).toBe("Show");
  const described = (await toggle.getAttribute("aria-describedby")) as string;
  expect(await page.locator(`#${described}`).getAttribute("for")).toBe(inputId);
  await toggle.press("Space");
  expect(await toggle.getAttribute("aria-pressed")).toBe("false");
  expect(await input.getAttribute("type")).toBe("password");
}

// One app serves both widths; each flow is walked at each width.
let billing: BillingApp;
beforeAll(async () => {
  billing = await startBillingApp();
});
afterAll(async () => {
  await closeAllBrowsers();
  await billing?.close();
});

describe.each(widths)("The password field at $width px", ({ width, height }) => {
  afterEach(screenshotOnFailure(`${width}`));

  test("sign-in: the password shows and hides, and still signs in", async () => {
    const { page } = await openBrowser({ baseUrl: billing.baseUrl, width, height });
    await page.goto("/sign-in");
    const input = page.getByLabel("Password", { exact: true });
    expect(await input.getAttribute("autocomplete")).toBe("current-password");
    await expectToggles(page, "sign-in-password");
    await toggleOf(page, "sign-in-password").click();
    await expectNoAxeViolations(page, `sign-in, password shown at ${width} px`);
    await page.getByLabel("Email").fill(billing.admin.email);
    await input.fill("correct-horse-battery");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Billing", level: 1 }).waitFor();
  });

  test("reset: a short password is refused on the field, with the focus on it", async () => {
    const { page } = await openBrowser({ baseUrl: billing.baseUrl, width, height });
    await page.goto("/reset-password?token=not-a-real-token");
    await page.getByRole("heading", { name: "Choose a new password" }).waitFor();
    const input = page.getByLabel("New password", { exact: true });
    expect(await input.getAttribute("autocomplete")).toBe("new-password");
    await expectNoAxeViolations(page, `password reset at ${width} px`);
    await expectToggles(page, "reset-password");
    await input.fill("short");
    await page.getByRole("button", { name: "Save the new password" }).click();
    await expectText(page.locator("#reset-password-error"), "Choose a password of at least 10 characters.");
    expect(await input.getAttribute("aria-invalid")).toBe("true");
    expect(await input.getAttribute("aria-describedby")).toBe("reset-password-hint reset-password-error");
    await expect.poll(() => focusedId(page)).toBe("reset-password");
    expect(await uncovered(page.locator("#reset-password-error"))).toBe(true);
    await expectNoAxeViolations(page, `password reset, refused at ${width} px`);
    // A long enough password with a link that is not valid: the form says so and links to a new one.
    await input.fill("a-long-enough-password");
    await page.getByRole("button", { name: "Save the new password" }).click();
    await expectText(
      page.locator(".form-error"),
      "This link is not valid or has expired. Ask for a new one.",
    );
    expect(await page.locator("#reset-password-error").count()).toBe(0);
    await expectNoAxeViolations(page, `password reset, link refused at ${width} px`);
  });

  test("invitation: two passwords, each refusal on its field, the focus on the first", async () => {
    const invited = await billing.api(
      "POST",
      "/users",
      { name: `Zed ${width}`, email: `zed${width}@acme.test`, role: "member" },
      201,
    );
    const { page } = await openBrowser({ baseUrl: billing.baseUrl, width, height });
    await page.goto(invited.invitation.url);
    const password = page.getByLabel("Password", { exact: true });
    const confirm = page.getByLabel("Confirm password");
    await password.waitFor();
    await expectToggles(page, "invite-password");
    await expectToggles(page, "invite-confirm");
    await password.fill("short");
    await confirm.fill("shorter");
    await page.getByRole("button", { name: "Set password and continue" }).click();
    await expectText(page.locator("#invite-password-error"), "Choose a password of at least 10 characters.");
    await expectText(page.locator("#invite-confirm-error"), "The two passwords differ.");
    expect(await password.getAttribute("aria-describedby")).toBe(
      "invite-password-hint invite-password-error",
    );
    expect(await confirm.getAttribute("aria-describedby")).toBe("invite-confirm-error");
    await expect.poll(() => focusedId(page)).toBe("invite-password");
    await expectNoAxeViolations(page, `invitation, refused at ${width} px`);
    await password.fill("zed-password-42");
    await page.getByRole("button", { name: "Set password and continue" }).click();
    await expect.poll(() => focusedId(page)).toBe("invite-confirm");
    await confirm.fill("zed-password-42");
    await page.getByRole("button", { name: "Set password and continue" }).click();
    await page.getByRole("heading", { name: "Billing", level: 1 }).waitFor();
  });
});
