// npm run screenshots: the Billing page, the Manage Subscription dialog, the Change Requests
// section, Activity, the Invoices list and an invoice at 1280 px and 375 px, light and dark, written to docs/screenshots/. It starts the real server in-process
// on a fresh database with a manual clock (2026-06-16), seeds it through the API, and drives
// Debian's Chromium, so every run draws the same pictures.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { endFailedRun } from "../bench/processes.js";
import { type BillingApp, signIn, startBillingApp, waitForConfirmedPreview } from "../e2e/support/app.js";
import { closeAllBrowsers, hasChromium, openBrowser } from "../e2e/support/browser.js";

const outDir = "docs/screenshots";
const widths = { desktop: 1280, phone: 375 } as const;
const heights = { desktop: 900, phone: 812 } as const;
type Width = keyof typeof widths;

let scheme: "light" | "dark" = "light";

function shotPath(name: string, width: Width) {
  return join(outDir, `${name}-${widths[width]}${scheme === "dark" ? "-dark" : ""}.png`);
}

async function seed(billing: BillingApp) {
  await billing.api("PUT", "/billing-info", {
    companyName: "Acme Corp GmbH",
    taxId: "DE136695976",
    address: { line1: "Friedrichstraße 68", city: "Berlin", postalCode: "10117", country: "DE" },
    billingEmail: "finance@acme.test",
  });
  const key = await billing.api("POST", "/api-keys", { name: "AI features", role: "spend" }, 201);
  const events = [];
  for (let day = 1; day <= 15; day++) {
    const date = `2026-06-${String(day).padStart(2, "0")}`;
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    events.push(
      {
        eventId: `call-${day}`,
        feature: "call_analysis",
        credits: 180 + ((day * 37) % 140),
        occurredAt: `${date}T10:00:00Z`,
      },
      {
        eventId: `insight-${day}`,
        feature: "customer_insights",
        credits: 60 + ((day * 53) % 90),
        occurredAt: `${date}T14:00:00Z`,
      },
    );
  }
  await billing.moveClock("2026-06-15T23:00:00Z");
  const batch = await billing.app.request("POST", "/api/v1/credits/spend/batch", {
    token: key.secret,
    body: { events },
  });
  if (batch.status !== 200) throw new Error(`spends: ${batch.status} ${JSON.stringify(batch.body)}`);
  await billing.moveClock("2026-06-16T09:00:00Z");
}

async function billingPage(page: Page, width: Width) {
  await page.goto("/settings/billing");
  await page.getByTestId("credits-used").waitFor();
  await page.getByText("Daily use by feature").waitFor();
  await page.getByTestId("forecast-headline").waitFor();
  await page.screenshot({ path: shotPath("billing", width), fullPage: true });
}

async function manageSubscription(page: Page, width: Width) {
  await page.getByRole("button", { name: "Manage Subscription" }).click();
  const dialog = page.getByRole("dialog", { name: "Manage Subscription" });
  await waitForConfirmedPreview(page);
  await dialog.getByRole("spinbutton", { name: "Seat Count" }).fill("12");
  await dialog.getByRole("textbox", { name: "Additional Credits" }).fill("5000");
  await waitForConfirmedPreview(page);
  await page.screenshot({ path: shotPath("manage-subscription", width) });
  if (width === "phone") {
    await dialog.getByTestId("cost-preview").scrollIntoViewIfNeeded();
    await page.screenshot({ path: shotPath("manage-subscription-preview", width) });
  }
  await dialog.getByRole("radio", { name: /Yearly/ }).check();
  await waitForConfirmedPreview(page);
  await dialog.getByTestId("cost-preview").scrollIntoViewIfNeeded();
  await page.screenshot({ path: shotPath("manage-subscription-yearly", width) });
  await page.keyboard.press("Escape");
}

async function billingInfo(page: Page, width: Width) {
  await page.getByRole("button", { name: "Manage billing info" }).click();
  const dialog = page.getByRole("dialog", { name: "Billing information" });
  await dialog.getByLabel("Billing email").fill("finance.acme.test");
  await dialog.getByRole("button", { name: "Save" }).click();
  await dialog.locator("#bi-email-error").waitFor();
  await dialog.getByLabel("Billing email").scrollIntoViewIfNeeded();
  await page.screenshot({ path: shotPath("billing-info-error", width) });
  await page.keyboard.press("Escape");
}

async function submitRequest(page: Page, seats: number, note: string) {
  await page.goto("/settings/billing");
  await page.getByRole("button", { name: "Manage Subscription" }).click();
  const dialog = page.getByRole("dialog", { name: "Manage Subscription" });
  await waitForConfirmedPreview(page);
  await dialog.getByRole("spinbutton", { name: "Seat Count" }).fill(String(seats));
  await dialog.getByRole("textbox", { name: "Additional Credits" }).fill("4000");
  await dialog.getByLabel(/Note for the approver/).fill(note);
  await waitForConfirmedPreview(page);
  await dialog.getByRole("button", { name: "Submit Request" }).click();
  await dialog.getByTestId("submit-result").waitFor();
  await dialog.getByRole("button", { name: "Done" }).click();
}

async function main() {
  if (!hasChromium) throw new Error("Chromium is missing at /usr/bin/chromium: apt-get install -y chromium");
  mkdirSync(outDir, { recursive: true });
  for (const each of ["light", "dark"] as const) {
    scheme = each;
    await takeAll();
  }
  console.log(`Screenshots written to ${outDir}/`);
}

async function takeAll() {
  const billing = await startBillingApp();
  try {
    await seed(billing);
    const browsers = {
      admin: {
        desktop: await openBrowser({
          baseUrl: billing.baseUrl,
          width: widths.desktop,
          height: heights.desktop,
        }),
        phone: await openBrowser({ baseUrl: billing.baseUrl, width: widths.phone, height: heights.phone }),
      },
      requester: {
        desktop: await openBrowser({
          baseUrl: billing.baseUrl,
          width: widths.desktop,
          height: heights.desktop,
        }),
        phone: await openBrowser({ baseUrl: billing.baseUrl, width: widths.phone, height: heights.phone }),
      },
    };
    for (const width of ["desktop", "phone"] as const) {
      for (const role of ["admin", "requester"] as const) {
        await browsers[role][width].page.emulateMedia({ colorScheme: scheme });
      }
      await signIn(browsers.admin[width].page, billing.admin.email);
      await signIn(browsers.requester[width].page, billing.billing.email);
    }

    // The Billing page and the dialog, before any request.
    for (const width of ["desktop", "phone"] as const) {
      const { page } = browsers.admin[width];
      await billingPage(page, width);
      await manageSubscription(page, width);
      await billingInfo(page, width);
    }

    // Approval on; one request rejected an hour ago, one pending now.
    await billing.api("PATCH", "/organization/settings", { requireApproval: true });
    await submitRequest(browsers.requester.desktop.page, 11, "One seat for the new support lead");
    const admin = browsers.admin.desktop.page;
    await admin.goto("/settings/billing");
    await admin.getByTestId("pending-request").getByRole("button", { name: "Reject" }).click();
    const reject = admin.getByRole("dialog", { name: "Reject change request" });
    await reject.getByLabel(/Reason/).fill("Let's wait for the July hires and add them together.");
    await reject.getByRole("button", { name: "Reject" }).click();
    await admin.getByTestId("decision-outcome").waitFor();
    await billing.moveClock("2026-06-16T10:30:00Z");
    await submitRequest(browsers.requester.desktop.page, 12, "Two new hires start on July 1");

    for (const width of ["desktop", "phone"] as const) {
      const requester = browsers.requester[width].page;
      await requester.goto("/settings/billing");
      await requester.getByTestId("pending-request-banner").waitFor();
      await requester.screenshot({ path: shotPath("pending-request", width), fullPage: width === "desktop" });

      const admin = browsers.admin[width].page;
      await admin.goto("/settings/billing");
      const section = admin.getByRole("region", { name: "Change Requests" });
      await section.getByTestId("approval-total").waitFor();
      await section.screenshot({ path: shotPath("change-requests", width) });

      await admin.goto("/settings/activity");
      await admin.getByTestId("activity-list").waitFor();
      await admin.screenshot({ path: shotPath("activity", width) });

      await admin.goto("/settings/invoices");
      await admin.getByTestId("invoice-row").first().waitFor();
      await admin.screenshot({ path: shotPath("invoices", width), fullPage: true });
      await admin.getByTestId("invoice-row").first().getByRole("link").first().click();
      await admin.getByRole("heading", { level: 1, name: /^Invoice / }).waitFor();
      await admin.getByRole("link", { name: /Download PDF/ }).waitFor();
      await admin.screenshot({ path: shotPath("invoice", width), fullPage: true });
    }
  } finally {
    await closeAllBrowsers();
    await billing.close();
  }
}

main().catch(endFailedRun);
