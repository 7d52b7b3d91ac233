// Debian's Chromium driven by playwright-core: no browser is ever downloaded. One Chromium per test
// process; each signed-in person gets their own browser context (as a private window: its own
// cookies, storage and cache), so cookies never mix, without the seconds a Chromium takes to start.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const hasChromium = existsSync(chromiumPath);

if (!hasChromium && process.env.CI === "true") {
  // Under CI a missing browser is a failure, never a skip.
  throw new Error(`CI=true: Chromium is missing at ${chromiumPath}. Install it: apt-get install -y chromium`);
}

export const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface OpenBrowser {
  context: BrowserContext;
  page: Page;
  close: () => Promise<void>;
}

const open = new Set<OpenBrowser>();
let shared: Promise<Browser> | undefined;

function sharedChromium(): Promise<Browser> {
  shared ??= chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  return shared;
}

/** A fresh context (no cookies, no storage) in this process's headless Chromium, pointed at the app. */
export async function openBrowser(options: {
  baseUrl: string;
  width?: number;
  height?: number;
  locale?: string;
}): Promise<OpenBrowser> {
  const context = await (await sharedChromium()).newContext({
    baseURL: options.baseUrl,
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    locale: options.locale ?? "en-US",
    timezoneId: "UTC",
  });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const handle: OpenBrowser = {
    context,
    page,
    close: async () => {
      open.delete(handle);
      await context.close().catch(() => undefined);
    },
  };
  open.add(handle);
  return handle;
}

/** Screenshots of every open page, kept under test-results/ when a test fails. */
export async function screenshotOpenPages(testName: string) {
  const dir = join("test-results", "e2e-failures");
  mkdirSync(dir, { recursive: true });
  const slug = testName.replaceAll(/[^a-z0-9]+/gi, "-").slice(0, 80);
  let index = 0;
  for (const browser of open) {
    for (const page of browser.context.pages()) {
      index += 1;
      const path = join(dir, `${slug}-${index}.png`);
      await page.screenshot({ path, fullPage: true }).catch(() => undefined);
      console.error(`screenshot of the failed test: ${path}`);
    }
  }
}

/**
 * An `afterEach` hook: when the test failed, screenshots of every open page, named after the test
 * (and `suffix`, e.g. the width a flow was walked at).
 */
export function screenshotOnFailure(suffix?: string) {
  return async (context: { task: { name: string; result?: { state?: string } } }) => {
    if (context.task.result?.state !== "fail") return;
    await screenshotOpenPages(suffix === undefined ? context.task.name : `${context.task.name} ${suffix}`);
  };
}

/** Closes every context (its pages, cookies and storage); Chromium keeps running for the next. */
export async function closeAllContexts() {
  await Promise.all([...open].map((browser) => browser.close()));
}

/** Closes every context, then Chromium itself (the next openBrowser starts another). */
export async function closeAllBrowsers() {
  await closeAllContexts();
  const browser = shared;
  shared = undefined;
  await (await browser)?.close().catch(() => undefined);
}
