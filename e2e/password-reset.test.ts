// Issue 18 (with issue 16's e-mail): "Forgot password?" on the sign-in page mails a link through a
// real SMTP server; the link opens a page that sets the new password, and signing in with it works.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { provision, startTestApp, type TestApp } from "../test/support/harness.js";
import { givePassword } from "../test/support/sessions.js";
import { SmtpPeer } from "../test/support/smtp-peer.js";
import { dialect } from "./support/app.js";
import { closeAllBrowsers, type OpenBrowser, openBrowser } from "./support/browser.js";
import { ensureWebBuilt } from "./support/web-build.js";

describe("forgot password", () => {
  let app: TestApp;
  let smtp: SmtpPeer;
  let browser: OpenBrowser;
  beforeAll(async () => {
    await ensureWebBuilt();
    smtp = await new SmtpPeer().start();
    app = await startTestApp(dialect, { env: { SMTP_URL: smtp.url }, deliverEvents: {} });
    const created = await provision(app, { admin: { email: "ada@reset.test", name: "Ada Admin" } });
    await givePassword(app, created.admin.id);
    browser = await openBrowser({ baseUrl: app.baseUrl });
  });
  afterAll(async () => {
    await closeAllBrowsers();
    await app?.close();
    await smtp?.stop();
  });

  test("mails a link from the sign-in page, sets the new password, signs in with it", async () => {
    const { page } = browser;
    await page.goto("/settings/billing");
    await page.getByRole("link", { name: "Forgot password?" }).click();
    await page.getByRole("heading", { name: "Reset your password" }).waitFor();
    await page.getByLabel("Email").fill("ada@reset.test");
    await page.getByRole("button", { name: "Send the link" }).click();
    await page.getByRole("status").waitFor();
    await app.events?.settle();
    const deadline = Date.now() + 5_000;
    while (
      smtp.to("ada@reset.test").filter((m) => m.subject?.includes("Reset")).length === 0 &&
      Date.now() < deadline
    )
      await new Promise((resolve) => setTimeout(resolve, 100));
    const mail = smtp.to("ada@reset.test").find((m) => m.subject?.includes("Reset"));
    const link = /(https?:\/\/\S+reset-password\/\S+)/.exec(mail?.text ?? "")?.[1];
    expect(link).toBeDefined();
    await page.goto(link as string);
    await page.getByRole("heading", { name: "Choose a new password" }).waitFor();
    await page.getByLabel("New password", { exact: true }).fill("a-brand-new-secret");
    await page.getByRole("button", { name: "Save the new password" }).click();
    await page.getByText("Your password was changed: sign in with it.").waitFor();
    await page.getByLabel("Email").fill("ada@reset.test");
    await page.getByLabel("Password").fill("a-brand-new-secret");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Billing", level: 1 }).waitFor();
  });
});
