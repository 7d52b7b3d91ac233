// The frame most browser test files share: one billing app, one browser signed in as one of its
// people, a screenshot of the open pages when a test fails, and everything closed after the file.
import { afterAll, afterEach, beforeAll } from "vitest";
import { type BillingApp, signIn, startBillingApp } from "./app.js";
import { closeAllBrowsers, type OpenBrowser, openBrowser, screenshotOnFailure } from "./browser.js";

export interface SignedIn {
  billing: BillingApp;
  browser: OpenBrowser;
}

/**
 * Registers the frame's hooks on the enclosing `describe`. In order, it:
 * 1. starts the app with `app`'s options;
 * 2. moves its clock to `at`;
 * 3. runs `prepare` (API calls and rows the tests start from);
 * 4. opens a browser and signs in as `as` (the admin unless told);
 * 5. hands both to `ready` before the first test.
 */
export function signedInBrowser(options: {
  app?: Parameters<typeof startBillingApp>[0];
  at?: string;
  prepare?: (billing: BillingApp) => Promise<void>;
  as?: "admin" | "billing";
  ready: (signedIn: SignedIn) => void;
}): void {
  let billing: BillingApp | undefined;
  beforeAll(async () => {
    billing = await startBillingApp(options.app);
    if (options.at) await billing.moveClock(options.at);
    await options.prepare?.(billing);
    const browser = await openBrowser({ baseUrl: billing.baseUrl });
    await signIn(browser.page, billing[options.as ?? "admin"].email);
    options.ready({ billing, browser });
  });
  afterEach(screenshotOnFailure());
  afterAll(async () => {
    await closeAllBrowsers();
    await billing?.close();
  });
}
