// Help article, "Billing Information": view company name, tax ID and address; update the billing
// email with Save. A bad e-mail is refused next to its field and changes nothing.
import { describe, expect, test } from "vitest";
import type { BillingApp } from "./support/app.js";
import { expectText } from "./support/assert.js";
import type { OpenBrowser } from "./support/browser.js";
import { signedInBrowser } from "./support/signed-in.js";

describe("Billing information in the browser", () => {
  let billing: BillingApp;
  let browser: OpenBrowser;
  const profile = {
    companyName: "Acme Corp GmbH",
    taxId: "DE136695976",
    address: {
      line1: "Friedrichstraße 68",
      line2: null,
      city: "Berlin",
      postalCode: "10117",
      region: null,
      country: "DE",
    },
    billingEmail: "finance@acme.test",
  };

  signedInBrowser({
    prepare: async (app) => {
      await app.api("PUT", "/billing-info", profile);
    },
    as: "billing",
    ready: (signedIn) => ({ billing, browser } = signedIn),
  });

  test("Manage billing info shows the company name, tax ID, address and billing email the API holds", async () => {
    const { page } = browser;
    await expectText(page.getByTestId("billing-email"), profile.billingEmail);
    await page.getByRole("button", { name: "Manage billing info" }).click();
    const dialog = page.getByRole("dialog", { name: "Billing information" });
    await dialog.getByLabel("Company name").waitFor();
    const saved = await billing.api("GET", "/billing-info");
    expect(await dialog.getByLabel("Company name").inputValue()).toBe(saved.companyName);
    expect(await dialog.getByLabel("Tax ID").inputValue()).toBe(saved.taxId);
    expect(await dialog.getByLabel("Address line 1").inputValue()).toBe(saved.address.line1);
    expect(await dialog.getByLabel("City").inputValue()).toBe(saved.address.city);
    expect(await dialog.getByLabel("Postal code").inputValue()).toBe(saved.address.postalCode);
    expect(await dialog.getByLabel("Country").inputValue()).toBe(saved.address.country);
    expect(await dialog.getByLabel("Billing email").inputValue()).toBe(saved.billingEmail);
  });

  test("a bad e-mail is refused by the server, shown next to the field, and nothing changes", async () => {
    const { page } = browser;
    const dialog = page.getByRole("dialog", { name: "Billing information" });
    const email = dialog.getByLabel("Billing email");
    await email.fill("finance.acme.test");
    await dialog.getByRole("button", { name: "Save" }).click();
    const error = dialog.locator("#bi-email-error");
    await expectText(error, "Billing email must be a valid e-mail address.");
    expect(await email.getAttribute("aria-invalid")).toBe("true");
    expect(await email.getAttribute("aria-describedby")).toContain("bi-email-error");
    expect((await billing.api("GET", "/billing-info")).billingEmail).toBe(profile.billingEmail);
  });

  test("a tax ID in the wrong format for the country is refused next to the Tax ID field", async () => {
    const { page } = browser;
    const dialog = page.getByRole("dialog", { name: "Billing information" });
    await dialog.getByLabel("Billing email").fill(profile.billingEmail);
    await dialog.getByLabel("Tax ID").fill("DE12");
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.locator("#bi-tax-id-error").waitFor();
    expect((await billing.api("GET", "/billing-info")).taxId).toBe(profile.taxId);
    await dialog.getByLabel("Tax ID").fill(profile.taxId);
  });

  test("entering a new email and clicking Save updates it", async () => {
    const { page } = browser;
    const dialog = page.getByRole("dialog", { name: "Billing information" });
    await dialog.getByLabel("Billing email").fill("ap@acme.test");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect((await billing.api("GET", "/billing-info")).billingEmail).toBe("ap@acme.test");
    await expectText(page.getByTestId("billing-email"), "ap@acme.test");
    // Reopened, the dialog reads the saved value.
    await page.getByRole("button", { name: "Manage billing info" }).click();
    expect(await page.getByRole("dialog").getByLabel("Billing email").inputValue()).toBe("ap@acme.test");
    await page.keyboard.press("Escape");
  });
});
