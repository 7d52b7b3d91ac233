import type { Locator, Page } from "playwright-core";
import { expect } from "vitest";
import { formatMoney } from "../../src/core/money.js";

/** How the UI writes an amount for the en-US browser the tests use. */
export const usd = (amount: number) => formatMoney(amount, "USD", "en-US");

/** The text as rendered (table cells apart), whitespace collapsed. */
export async function textOf(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText keeps cells apart
  return ((await locator.innerText()) ?? "").replaceAll(/\s+/g, " ").trim();
}

/** Waits until the locator's text equals `expected` (the UI redraws asynchronously). */
export async function expectText(locator: Locator, expected: string) {
  await locator.first().waitFor();
  await expect.poll(() => textOf(locator), { timeout: 10_000 }).toBe(expected);
}

export async function expectTextContaining(locator: Locator, expected: string) {
  await locator.first().waitFor();
  await expect.poll(() => textOf(locator), { timeout: 10_000 }).toContain(expected);
}

/** Counts the requests to a path made while `action` runs and a little after it. */
export async function countRequests(
  page: Page,
  pathPart: string,
  action: () => Promise<void>,
  settleMs = 800,
) {
  let seen = 0;
  const listener = (request: { url: () => string }) => {
    if (request.url().includes(pathPart)) seen += 1;
  };
  page.on("request", listener);
  try {
    await action();
    await page.waitForTimeout(settleMs);
  } finally {
    page.off("request", listener);
  }
  return seen;
}

/** Where the focus is: "body" when it dropped to the page, else the element's id or tag name. */
export const focusedId = (page: Page) =>
  page.evaluate(() =>
    document.activeElement === document.body
      ? "body"
      : document.activeElement?.id || document.activeElement?.tagName,
  );
