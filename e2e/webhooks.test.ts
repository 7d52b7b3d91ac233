// Issue 16 (delivery log in the UI) and 18 (axe at both widths, light and dark): an admin adds a
// webhook endpoint pointing at a real local receiver, sees its secret once, changes the billing
// information and reads the delivery in the endpoint's log; others have no Webhooks page.
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { WebhookReceiver } from "../test/support/webhook-receiver.js";
import { type BillingApp, signIn, startBillingApp } from "./support/app.js";
import { expectTextContaining, textOf } from "./support/assert.js";
import { expectNoAxeViolationsInEveryRendering as expectNoAxeViolations } from "./support/axe.js";
import { closeAllBrowsers, openBrowser, screenshotOnFailure } from "./support/browser.js";

// The flow is walked once at 1280 px; each state is checked by axe at 1280 and 375 px, light and
// dark, in place (decision 0036).
const width = 1280;
const height = 800;

describe("Webhooks", () => {
  let billing: BillingApp;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    billing = await startBillingApp({ deliverEvents: true });
    await billing.moveClock("2026-06-16T00:00:00Z");
  });
  afterEach(screenshotOnFailure());
  afterAll(async () => {
    await closeAllBrowsers();
    await billing?.close();
    await receiver?.stop();
  });

  test("an admin adds an endpoint, sees the secret once and the delivery of an event in its log", async () => {
    const { page } = await openBrowser({ baseUrl: billing.baseUrl, width, height });
    await signIn(page, billing.admin.email);
    await page.getByRole("link", { name: "Webhooks" }).click();
    await page.getByRole("heading", { name: "Webhooks", level: 1 }).waitFor();
    await expectNoAxeViolations(page, "webhooks (empty)");

    await page.getByRole("button", { name: "Add endpoint" }).click();
    const dialog = page.getByRole("dialog", { name: "Add webhook endpoint" });
    // The dialog opens on its first field.
    expect(
      await dialog.getByLabel("Endpoint URL").evaluate((field) => field === document.activeElement),
    ).toBe(true);
    await dialog.getByLabel("Endpoint URL").fill("ftp://nowhere");
    await dialog.getByRole("button", { name: "Add endpoint" }).click();
    await expectTextContaining(dialog.locator(".field-error"), "url must be an http(s) URL");
    await expectNoAxeViolations(page, "add endpoint with an error");

    await dialog.getByLabel("Endpoint URL").fill(receiver.url);
    await dialog.getByLabel("Description").fill("Host product");
    await dialog.getByLabel("billing_info.updated").check();
    await dialog.getByLabel("user.added").check();
    await dialog.getByRole("button", { name: "Add endpoint" }).click();
    await expect.poll(() => dialog.count()).toBe(0);

    const notice = page.getByTestId("webhook-secret");
    await expectTextContaining(notice, "you won't see it again");
    const secret = await textOf(page.getByTestId("webhook-secret-value"));
    expect(secret).toMatch(/^whsec_/);
    receiver.secrets = [secret];
    await expectNoAxeViolations(page, "secret shown");
    await notice.getByRole("button", { name: "I've saved it" }).click();
    expect(await page.getByTestId("webhook-secret").count()).toBe(0);
    // Shown once: nothing on the page or in the list reveals it again.
    expect(await page.locator("body").textContent()).not.toContain(secret);

    const endpoint = page.getByTestId("webhook-endpoint");
    await expectTextContaining(endpoint, receiver.url);
    await expectTextContaining(endpoint, "billing_info.updated");
    await expectTextContaining(endpoint, "user.added");
    expect(await textOf(endpoint.getByTestId("endpoint-state"))).toBe("Enabled");
    expect(await textOf(endpoint.getByTestId("endpoint-last-delivery"))).toBe("None yet");

    // A change that emits billing_info.updated, made in the app.
    await page.getByRole("link", { name: "Billing" }).click();
    await page.getByRole("button", { name: "Manage billing info" }).click();
    const info = page.getByRole("dialog", { name: "Billing information" });
    await info.getByLabel("Billing email").fill("ap@acme.test");
    await info.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => info.count()).toBe(0);
    await expect
      .poll(() => receiver.received.filter((event) => event.type === "billing_info.updated").length, {
        timeout: 10_000,
      })
      .toBe(1);
    expect(receiver.received.every((event) => event.verified)).toBe(true);

    await page.getByRole("link", { name: "Webhooks" }).click();
    await endpoint.getByRole("button", { name: "Show deliveries" }).click();
    const log = endpoint.getByTestId("delivery-log");
    await log.waitFor();
    const row = log.getByTestId("delivery-row").first();
    await expectTextContaining(row, "billing_info.updated");
    expect(await row.getAttribute("data-status")).toBe("delivered");
    await expectTextContaining(row, "Delivered");
    expect(await textOf(row.getByTestId("delivery-response"))).toBe("200");
    await expectTextContaining(row, "ms");
    await expectTextContaining(endpoint.getByTestId("endpoint-last-delivery"), "Delivered");
    await expectNoAxeViolations(page, "delivery log");
    if (process.env.SCREENSHOTS) {
      await page.emulateMedia({ colorScheme: "dark" });
      await page.screenshot({ path: "docs/screenshots/webhooks-1280-dark.png", fullPage: true });
      await page.emulateMedia({ colorScheme: "light" });
      await page.screenshot({ path: "docs/screenshots/webhooks-1280.png", fullPage: true });
    }

    // Disable: the state and the reason show; enable again.
    await endpoint.getByRole("button", { name: "Disable" }).click();
    await expect.poll(() => textOf(endpoint.getByTestId("endpoint-state"))).toBe("Disabled");
    await expectTextContaining(endpoint.getByTestId("endpoint-disabled-reason"), "Disabled");
    await endpoint.getByRole("button", { name: "Enable" }).click();
    await expect.poll(() => textOf(endpoint.getByTestId("endpoint-state"))).toBe("Enabled");

    // Rotate: a new secret, shown once.
    await endpoint.getByRole("button", { name: "Rotate secret" }).click();
    const rotate = page.getByRole("dialog", { name: "Rotate signing secret" });
    await expectNoAxeViolations(page, "rotate dialog");
    await rotate.getByRole("button", { name: "Rotate secret" }).click();
    await expect.poll(() => rotate.count()).toBe(0);
    const rotated = await textOf(page.getByTestId("webhook-secret-value"));
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    receiver.secrets = [rotated, secret];
    await page.getByRole("button", { name: "I've saved it" }).click();

    // Replay the event by its id: delivered again with the same id.
    const eventId = receiver.received.find((event) => event.type === "billing_info.updated")?.id as string;
    await endpoint.getByRole("button", { name: "Replay events" }).click();
    const replay = page.getByRole("dialog", { name: "Replay events" });
    expect(await replay.getByLabel("Event id").evaluate((field) => field === document.activeElement)).toBe(
      true,
    );
    await expectNoAxeViolations(page, "replay dialog");
    await replay.getByLabel("Event id").fill(eventId);
    await replay.getByRole("button", { name: "Replay" }).click();
    await expect.poll(() => replay.count()).toBe(0);
    await expectTextContaining(page.getByTestId("webhooks-status"), "1 event queued");
    await expect
      .poll(() => receiver.received.filter((event) => event.id === eventId).length, { timeout: 10_000 })
      .toBe(2);

    // Delete, after a confirmation: the endpoint leaves the list and hears nothing more.
    await endpoint.getByRole("button", { name: "Delete" }).click();
    const remove = page.getByRole("dialog", { name: "Delete endpoint" });
    await expectTextContaining(remove, "its delivery log is deleted");
    await expectNoAxeViolations(page, "delete dialog");
    await remove.getByRole("button", { name: "Delete endpoint" }).click();
    await expect.poll(() => remove.count()).toBe(0);
    await expect.poll(() => page.getByTestId("webhook-endpoint").count()).toBe(0);
    await expectTextContaining(page.getByTestId("webhooks-status"), `${receiver.url} was deleted`);
    const heard = receiver.received.length;
    await page.getByRole("link", { name: "Billing" }).click();
    await page.getByRole("button", { name: "Manage billing info" }).click();
    await info.getByLabel("Billing email").fill("payables@acme.test");
    await info.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => info.count()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(receiver.received).toHaveLength(heard);
  });

  test("billing members and members have no Webhooks link and the page says there is no access", async () => {
    for (const person of [billing.billing, billing.member]) {
      const { page, close } = await openBrowser({ baseUrl: billing.baseUrl, width, height });
      await signIn(page, person.email);
      expect(await page.getByRole("link", { name: "Webhooks" }).count()).toBe(0);
      await page.goto("/settings/webhooks");
      await page.getByTestId("no-access").waitFor();
      expect(await page.getByRole("button", { name: "Retry" }).count()).toBe(0);
      expect(await page.getByRole("button", { name: "Add endpoint" }).count()).toBe(0);
      await close();
    }
  });
});
