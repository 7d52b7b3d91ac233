import { afterEach, describe, expect, it } from "vitest";
import { dialects, provision, startTestApp, type TestApp } from "../support/harness.js";
import { browser, givePassword, signIn, testPassword } from "../support/sessions.js";

describe.each(dialects)("sign-in and sessions on %s", (dialect) => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function setUp(env: Record<string, string> = {}) {
    app = await startTestApp(dialect, { env });
    const created = await provision(app, { seats: 5 });
    const added = await app.request("POST", "/api/v1/users", {
      token: created.adminKey,
      body: { email: "bill@acme.test", name: "Bill Ing", role: "billing" },
    });
    expect(added.status).toBe(201);
    await givePassword(app, created.admin.id);
    await givePassword(app, added.body.user?.id ?? added.body.id);
    return { ...created, billingUserId: (added.body.user?.id ?? added.body.id) as string };
  }

  it("signs in with an HttpOnly SameSite=Lax cookie and knows who is calling", async () => {
    const created = await setUp();
    const session = await signIn(app!, "bill@acme.test");
    expect(session.status).toBe(200);
    const tokenCookie = session.setCookie.find((cookie) => cookie.startsWith("wp.session_token="));
    expect(tokenCookie).toMatch(/HttpOnly/i);
    expect(tokenCookie).toMatch(/SameSite=Lax/i);
    const me = await app!.request("GET", "/api/v1/me", { headers: { cookie: session.cookie } });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      user: { email: "bill@acme.test", role: "billing" },
      organization: { id: created.organization.id, requireApproval: false },
      mustRequestApproval: false,
    });
    expect(me.body.permissions).toContain("subscription.change");
    expect(me.body.permissions).not.toContain("users.manage");
  });

  it("refuses a wrong password and gives a new session id at every sign-in", async () => {
    await setUp();
    const wrong = await signIn(app!, "bill@acme.test", "not-the-password");
    expect(wrong.status).toBe(401);
    const first = await signIn(app!, "bill@acme.test");
    const second = await signIn(app!, "bill@acme.test");
    expect(first.cookie).not.toBe("");
    expect(first.cookie).not.toBe(second.cookie);
  });

  it("refuses a cross-origin state change made with a valid session cookie", async () => {
    const created = await setUp();
    const session = await signIn(app!, "ada@acme.test".replace("ada", "admin"));
    expect(session.status).toBe(200);
    const forged = await app!.request("POST", "/api/v1/subscription/changes", {
      headers: { cookie: session.cookie, origin: "https://evil.example" },
      body: { seats: 9 },
    });
    expect(forged.status).toBe(403);
    const noOrigin = await app!.request("POST", "/api/v1/subscription/changes", {
      headers: { cookie: session.cookie },
      body: { seats: 9 },
    });
    expect(noOrigin.status).toBe(403);
    const subscription = await app!.request("GET", "/api/v1/subscription", { token: created.adminKey });
    expect(subscription.body.seats).toBe(5);
    const same = await app!.request("POST", "/api/v1/subscription/changes", {
      headers: browser(app!, session.cookie),
      body: { seats: 6 },
    });
    expect(same.status).toBe(200);
    expect(same.body.subscription.seats).toBe(6);
  });

  it("ends a deactivated member's sessions at once and refuses their sign-in", async () => {
    const created = await setUp();
    const session = await signIn(app!, "bill@acme.test");
    expect((await app!.request("GET", "/api/v1/me", { headers: { cookie: session.cookie } })).status).toBe(
      200,
    );
    const deactivated = await app!.request("POST", `/api/v1/users/${created.billingUserId}/deactivate`, {
      token: created.adminKey,
    });
    expect(deactivated.status).toBe(200);
    expect((await app!.request("GET", "/api/v1/me", { headers: { cookie: session.cookie } })).status).toBe(
      401,
    );
    const again = await signIn(app!, "bill@acme.test");
    expect(again.status).not.toBe(200);
    expect(again.cookie).not.toContain("wp.session_token");
  });

  it("ends the session on the server at sign-out", async () => {
    await setUp();
    const session = await signIn(app!, "bill@acme.test");
    const out = await fetch(`${app!.baseUrl}/api/auth/sign-out`, {
      method: "POST",
      headers: { ...browser(app!, session.cookie), "content-type": "application/json" },
      body: "{}",
    });
    expect(out.status).toBe(200);
    // The old cookie, replayed, is no longer a session.
    expect((await app!.request("GET", "/api/v1/me", { headers: { cookie: session.cookie } })).status).toBe(
      401,
    );
  });

  it("slows sign-in brute force: attempts beyond the limit get 429", async () => {
    await setUp({ SIGN_IN_ATTEMPTS_PER_MINUTE: "5" });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 7; attempt++) {
      statuses.push((await signIn(app!, "bill@acme.test", `guess-${attempt}-password`)).status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    // Even the right password waits out the window.
    expect((await signIn(app!, "bill@acme.test", testPassword)).status).toBe(429);
  });

  it("turns an admin's invitation into a password once, then the link is spent", async () => {
    app = await startTestApp(dialect);
    const created = await provision(app, { seats: 5 });
    const added = await app.request("POST", "/api/v1/users", {
      token: created.adminKey,
      body: { email: "newbie@acme.test", name: "New Bie", role: "member" },
    });
    expect(added.status).toBe(201);
    expect(added.body.invitation.url).toMatch(/^\/invite\/[A-Za-z0-9_-]{40,}$/);
    const token = added.body.invitation.url.split("/").pop();
    const shown = await app.request("GET", `/api/v1/invitations/${token}`);
    expect(shown.body).toMatchObject({ email: "newbie@acme.test", role: "member" });
    const short = await app.request("POST", `/api/v1/invitations/${token}/accept`, {
      body: { password: "short" },
    });
    expect(short.status).toBe(400);
    expect(short.body.error.field).toBe("password");
    const accepted = await app.request("POST", `/api/v1/invitations/${token}/accept`, {
      body: { password: testPassword },
    });
    expect(accepted.status).toBe(200);
    expect((await signIn(app, "newbie@acme.test")).status).toBe(200);
    const again = await app.request("POST", `/api/v1/invitations/${token}/accept`, {
      body: { password: "another-password-1" },
    });
    expect(again.status).toBe(404);
    expect((await signIn(app, "newbie@acme.test", "another-password-1")).status).toBe(401);
  });
});
