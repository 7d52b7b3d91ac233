// Issue 16 (an operator page lists the e-mail; the host product's endpoints and their delivery log
// in the UI) and 18 (axe at both widths, light and dark): the operator console at /operator, with
// the operator token kept for the tab only. A change request submitted through the API writes an
// .eml the E-mail tab opens with its bodies; a host endpoint pointing at a real receiver that
// verifies Standard Webhooks signatures gets a delivery, shown in its log, and a replay.
import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { createApiKey } from "../test/support/fixtures.js";
import { operatorToken } from "../test/support/harness.js";
import { WebhookReceiver } from "../test/support/webhook-receiver.js";
import { type BillingApp, startBillingApp } from "./support/app.js";
import { expectTextContaining, textOf } from "./support/assert.js";
import { expectNoAxeViolationsInEveryRendering } from "./support/axe.js";
import { closeAllBrowsers, openBrowser, screenshotOnFailure } from "./support/browser.js";
import { atEachWidth } from "./support/layout.js";

const tokenKey = "wiseparts.operator-token";

/** Where the tab keeps the token: sessionStorage only, never localStorage or a cookie. */
async function tokenPlaces(page: Page) {
  const storage = await page.evaluate((key) => {
    const local = Object.keys(localStorage).map((name) => localStorage.getItem(name) ?? "");
    return { session: sessionStorage.getItem(key), local, cookie: document.cookie };
  }, tokenKey);
  const cookies = await page.context().cookies();
  return {
    session: storage.session,
    elsewhere:
      storage.local.some((value) => value.includes(operatorToken)) ||
      storage.cookie.includes(operatorToken) ||
      cookies.some((cookie) => cookie.value.includes(operatorToken)),
  };
}

/** With SCREENSHOTS set: the page at each width, light and dark, under test-results/operator/. */
async function screenshot(page: Page, name: string) {
  if (!process.env.SCREENSHOTS) return;
  mkdirSync("test-results/operator", { recursive: true });
  await atEachWidth(page, async (width) => {
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: `test-results/operator/${name}-${width}-${scheme}.png`, fullPage: true });
    }
  });
  await page.emulateMedia({ colorScheme: "light" });
}

// Each flow is walked once at 1280 px; each state is checked by axe at 1280 and 375 px, light and
// dark, in place (decision 0036).
const width = 1280;
const height = 800;

describe("Operator console", () => {
  let billing: BillingApp;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    billing = await startBillingApp({ deliverEvents: true });
    await billing.moveClock("2026-06-16T00:00:00Z");
    await billing.api("PATCH", "/organization/settings", { requireApproval: true });
  });
  afterEach(screenshotOnFailure());
  afterAll(async () => {
    await closeAllBrowsers();
    await billing?.close();
    await receiver?.stop();
  });

  test("a wrong token is refused; the right one opens the console for this tab only", async () => {
    const { page } = await openBrowser({ baseUrl: billing.baseUrl, width, height });
    await page.goto("/");
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await screenshot(page, "sign-in");
    await page.getByRole("link", { name: "Operator console" }).click();
    await page.getByRole("heading", { name: "Operator console", level: 1 }).waitFor();
    const field = page.getByLabel("Operator token");
    expect(await field.evaluate((input) => input === document.activeElement)).toBe(true);
    await expectNoAxeViolationsInEveryRendering(page, "operator sign-in");

    await page.getByRole("button", { name: "Open console" }).click();
    await expectTextContaining(page.getByTestId("operator-token-error"), "Enter the operator token");
    await field.fill("not-the-operator-token");
    await page.getByRole("button", { name: "Open console" }).click();
    await expectTextContaining(page.getByTestId("operator-token-error"), "That is not the operator token");
    expect(await field.getAttribute("aria-invalid")).toBe("true");
    expect((await tokenPlaces(page)).session).toBeNull();
    await expectNoAxeViolationsInEveryRendering(page, "operator token refused");
    await screenshot(page, "token-refused");

    await field.fill(operatorToken);
    await page.getByRole("button", { name: "Open console" }).click();
    await page.getByRole("tab", { name: "E-mail", selected: true }).waitFor();
    expect(await tokenPlaces(page)).toEqual({ session: operatorToken, elsewhere: false });
    // A reload keeps the tab's console; another tab (a new session storage) asks again.
    await page.reload();
    await page.getByRole("tab", { name: "E-mail", selected: true }).waitFor();
    const other = await page.context().newPage();
    await other.goto("/operator");
    await other.getByLabel("Operator token").waitFor();
    await other.close();

    await page.getByRole("button", { name: "Sign out" }).click();
    await expectTextContaining(page.getByTestId("operator-notice"), "the token is forgotten");
    expect((await tokenPlaces(page)).session).toBeNull();
    await page.getByLabel("Operator token").waitFor();
  });

  test("a change request's e-mail opens with its bodies; a host endpoint delivers, logs and replays", async () => {
    const { page } = await openBrowser({ baseUrl: billing.baseUrl, width, height });
    await page.goto("/operator");
    await page.getByLabel("Operator token").fill(operatorToken);
    await page.getByRole("button", { name: "Open console" }).click();
    const emailTab = page.getByRole("tabpanel", { name: "E-mail" });
    await emailTab.waitFor();

    // A billing member asks for 12 seats through the API: the admin is told by e-mail.
    const billingKey = (await createApiKey(billing.app, billing.adminKey, "billing")).secret;
    const submitted = await billing.app.request("POST", "/api/v1/change-requests", {
      token: billingKey,
      body: { seats: 12, additionalCreditBlocks: 2, interval: "month" },
    });
    expect(submitted.status).toBe(201);
    const row = emailTab.getByTestId("email-row").filter({ hasText: "waits for your approval" });
    await expect
      .poll(
        async () => {
          await emailTab.getByRole("button", { name: "Refresh" }).click();
          await emailTab.getByRole("button", { name: "Refresh" }).isEnabled();
          return row.count();
        },
        { timeout: 15_000 },
      )
      .toBe(1);
    await expectTextContaining(row, billing.admin.email);
    await expectTextContaining(row, "Written");
    await expectNoAxeViolationsInEveryRendering(page, "e-mail list");
    await screenshot(page, "email");

    await row.getByRole("button").click();
    const dialog = page.getByRole("dialog", { name: /waits for your approval/ });
    const detail = dialog.getByTestId("email-detail");
    await detail.waitFor();
    expect(await textOf(detail.getByTestId("email-to"))).toBe(billing.admin.email);
    await expectTextContaining(detail.getByTestId("email-from"), "@");
    await expectTextContaining(detail.getByTestId("email-text"), "Seats: 12");
    expect(await textOf(detail.getByTestId("email-file"))).toMatch(
      /\/mail\/\d+-change_request_waiting\.eml$/,
    );
    expect(await textOf(detail.getByTestId("email-attachments"))).toBe("None");
    await expectNoAxeViolationsInEveryRendering(page, "e-mail detail");
    await screenshot(page, "email-detail");
    // The HTML body: in a sandboxed frame (no scripts, no same origin), rendered. (axe cannot look
    // into a frame that runs no script: it waits for it forever; the frame's title is checked.)
    await detail.getByRole("button", { name: "HTML" }).click();
    const frame = detail.getByTestId("email-html");
    expect(await frame.getAttribute("sandbox")).toBe("");
    expect(await frame.getAttribute("title")).toMatch(/^HTML body of/);
    const html = page.frameLocator('[data-testid="email-html"]');
    await expectTextContaining(html.locator("body"), "12");
    await screenshot(page, "email-html");
    await dialog.getByRole("button", { name: "Close" }).first().click();
    await expect.poll(() => dialog.count()).toBe(0);

    // Webhooks: the host product's endpoint, for every organization.
    await page.getByRole("tab", { name: "Webhooks" }).click();
    const hooks = page.getByRole("tabpanel", { name: "Webhooks" });
    await hooks.getByRole("heading", { name: "Endpoints" }).waitFor();
    await hooks.getByRole("button", { name: "Add endpoint" }).click();
    const add = page.getByRole("dialog", { name: "Add webhook endpoint" });
    expect(await add.getByLabel("Endpoint URL").evaluate((input) => input === document.activeElement)).toBe(
      true,
    );
    await expectTextContaining(add, "every organization's events");
    await add.getByLabel("Endpoint URL").fill(receiver.url);
    await add.getByLabel("Description").fill("Host product");
    await add.getByLabel("billing_info.updated").check();
    await expectNoAxeViolationsInEveryRendering(page, "add host endpoint");
    await add.getByRole("button", { name: "Add endpoint" }).click();
    await expect.poll(() => add.count()).toBe(0);
    const secret = await textOf(page.getByTestId("webhook-secret-value"));
    expect(secret).toMatch(/^whsec_/);
    receiver.secrets = [secret];
    await expectTextContaining(page.getByTestId("webhooks-status"), "added");
    await page.getByRole("button", { name: "I've saved it" }).click();
    expect(await page.locator("body").textContent()).not.toContain(secret);

    // The organization changes its billing information: the host endpoint receives it, signed.
    await billing.api("PUT", "/billing-info", {
      companyName: "Acme Corp Inc.",
      billingEmail: "ap@acme.test",
      address: { city: "Berlin", country: "DE" },
    });
    await expect
      .poll(() => receiver.received.filter((event) => event.type === "billing_info.updated").length, {
        timeout: 10_000,
      })
      .toBe(1);
    const delivered = receiver.received.find((event) => event.type === "billing_info.updated");
    expect(delivered?.verified).toBe(true);
    expect(delivered?.organizationId).toBe(billing.organizationId);

    const endpoint = hooks.getByTestId("webhook-endpoint");
    await endpoint.getByRole("button", { name: "Show deliveries" }).click();
    const log = endpoint.getByTestId("delivery-log");
    const logged = log.getByTestId("delivery-row").first();
    await expect
      .poll(
        async () => {
          await endpoint.getByRole("button", { name: "Refresh" }).click();
          return (await log.count()) ? logged.getAttribute("data-status") : null;
        },
        { timeout: 10_000 },
      )
      .toBe("delivered");
    await expectTextContaining(logged, "billing_info.updated");
    expect(await textOf(logged.getByTestId("delivery-response"))).toBe("200");
    await expectTextContaining(logged.getByTestId("delivery-organization"), billing.organizationId);
    await expectTextContaining(logged, "ms");
    await expectNoAxeViolationsInEveryRendering(page, "host endpoint deliveries");
    await screenshot(page, "webhooks");

    // Disable and enable again.
    await endpoint.getByRole("button", { name: "Disable" }).click();
    await expect.poll(() => textOf(endpoint.getByTestId("endpoint-state"))).toBe("Disabled");
    await endpoint.getByRole("button", { name: "Enable" }).click();
    await expect.poll(() => textOf(endpoint.getByTestId("endpoint-state"))).toBe("Enabled");

    // Replay the delivered event by its id: the receiver gets it again, with the same id.
    await endpoint.getByRole("button", { name: "Replay events" }).click();
    const replay = page.getByRole("dialog", { name: "Replay events" });
    expect(await replay.getByLabel("Event id").evaluate((input) => input === document.activeElement)).toBe(
      true,
    );
    await replay.getByLabel("Event id").fill(delivered?.id as string);
    await replay.getByRole("button", { name: "Replay" }).click();
    await expect.poll(() => replay.count()).toBe(0);
    await expectTextContaining(page.getByTestId("webhooks-status"), "1 event queued");
    await expect
      .poll(() => receiver.received.filter((event) => event.id === delivered?.id).length, { timeout: 10_000 })
      .toBe(2);
    expect(receiver.received.every((event) => event.verified)).toBe(true);
    await expect
      .poll(
        async () => {
          await endpoint.getByRole("button", { name: "Refresh" }).click();
          return log.getByTestId("delivery-row").filter({ hasText: "(replay)" }).count();
        },
        { timeout: 10_000 },
      )
      .toBe(1);

    // The organization's admin sees none of the host product's endpoints.
    const own = await billing.api("GET", "/webhook-endpoints");
    expect(own.data).toEqual([]);
  });
});
