// Issue 11, findings 1, 2 and 6, done as an attacker would, over HTTP: an organization's admin
// invites an address that signs in elsewhere (or that another organization has invited) and
// accepts the invitation with a password of their choosing; two accepts race. Also: one identity
// in several organizations, each session acting on exactly one of them.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authAccounts, authUsers, invitations, users } from "../../src/server/db/schema.js";
import { demoPassword, seedDemo } from "../../src/server/modules/seed/seed.js";
import { expectError } from "../support/fixtures.js";
import { dialects, provision, startTestApp, type TestApp } from "../support/harness.js";
import { browser, givePassword, signIn } from "../support/sessions.js";

const victimPassword = "victim-password-1";
const attackerPassword = "attacker-password-1";

describe.each(dialects)("identities and memberships on %s (issue 11: findings 1, 2, 6)", (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect);
  });
  afterAll(async () => {
    await app?.close();
  });

  let counter = 0;
  /** An organization whose admin (`admin<n>@<name>.test`) can sign in with `adminPassword`. */
  async function organization(name: string) {
    counter += 1;
    const adminEmail = `admin${counter}@${name}.test`;
    const created = await provision(app, {
      name: `${name} ${counter}`,
      seats: 10,
      admin: { email: adminEmail, name: `${name} admin` },
    });
    const adminPassword = `${name}-admin-password-${counter}`;
    await givePassword(app, created.admin.id, adminPassword);
    return {
      id: created.organization.id as string,
      name: created.organization.name as string,
      adminKey: created.adminKey as string,
      adminId: created.admin.id as string,
      adminEmail,
      adminPassword,
    };
  }

  async function invite(adminKey: string, email: string, role = "admin") {
    const added = await app.request("POST", "/api/v1/users", {
      token: adminKey,
      body: { email, name: "Invited Person", role },
    });
    expect(added.status).toBe(201);
    return { userId: added.body.id as string, token: String(added.body.invitation.url).split("/").pop()! };
  }

  function accept(token: string, body: unknown, headers?: Record<string, string>) {
    return app.request("POST", `/api/v1/invitations/${token}/accept`, { body, headers });
  }

  async function me(cookie: string) {
    return app.request("GET", "/api/v1/me", { headers: { cookie } });
  }

  async function member(userId: string) {
    const [row] = await app.handle.db.select().from(users).where(eq(users.id, userId));
    return row!;
  }

  async function invitationOf(userId: string) {
    const [row] = await app.handle.db.select().from(invitations).where(eq(invitations.userId, userId));
    return row!;
  }

  async function credentialRows(email: string) {
    return app.handle.db
      .select({ password: authAccounts.password })
      .from(authAccounts)
      .innerJoin(authUsers, eq(authUsers.id, authAccounts.userId))
      .where(eq(authUsers.email, email));
  }

  /** A person who joined `org` through its invitation and signs in with `password`. */
  async function joined(org: { adminKey: string }, email: string, password: string) {
    const { token, userId } = await invite(org.adminKey, email);
    expect((await accept(token, { password })).status).toBe(200);
    return { userId };
  }

  it("finding 1: another organization's admin cannot take over an identity by inviting its e-mail", async () => {
    const victimOrg = await organization("victim");
    const attackerOrg = await organization("attacker");
    const victimEmail = `owner${counter}@victim.test`;
    await joined(victimOrg, victimEmail, victimPassword);
    const storedBefore = await credentialRows(victimEmail);

    // The attacker adds the victim's address to their own organization and accepts the
    // invitation with a password of their choosing.
    const { token, userId } = await invite(attackerOrg.adminKey, victimEmail);
    const takeover = await accept(token, { password: attackerPassword });
    expectError(takeover, 409, "sign_in_required");
    expect(takeover.body.error.message).toBe(
      `An account already exists for ${victimEmail}. Sign in to accept this invitation.`,
    );
    // Nothing about the identity changed: the attacker's password does not sign in, the victim's does.
    expect((await signIn(app, victimEmail, attackerPassword)).status).toBe(401);
    expect(await credentialRows(victimEmail)).toEqual(storedBefore);
    const victim = await signIn(app, victimEmail, victimPassword);
    expect(victim.status).toBe(200);
    expect((await me(victim.cookie)).body.organization.id).toBe(victimOrg.id);
    // The membership in the attacker's organization is not linked, and the token is not used up
    // by a refused accept; repeating it changes nothing and never answers 500.
    expect((await member(userId)).authUserId).toBeNull();
    expect((await invitationOf(userId)).acceptedAt).toBeNull();
    expectError(await accept(token, { password: "another-password-2" }), 409, "sign_in_required");
    expect((await signIn(app, victimEmail, "another-password-2")).status).toBe(401);

    // Signed in as themselves (another e-mail), the attacker cannot accept it either.
    const attacker = await signIn(app, attackerOrg.adminEmail, attackerOrg.adminPassword);
    expect(attacker.status).toBe(200);
    const asAttacker = await accept(token, {}, browser(app, attacker.cookie));
    expectError(asAttacker, 403, "invitation_email_mismatch");
    expect((await member(userId)).authUserId).toBeNull();
    expect((await invitationOf(userId)).acceptedAt).toBeNull();
    // And the attacker's session never reaches the victim's organization.
    expect((await me(attacker.cookie)).body.organizations.map((o: { id: string }) => o.id)).toEqual([
      attackerOrg.id,
    ]);
    const hop = await app.request("POST", "/api/v1/me/organization", {
      headers: browser(app, attacker.cookie),
      body: { organizationId: victimOrg.id },
    });
    expectError(hop, 403, "forbidden");
    expect((await me(attacker.cookie)).body.organization.id).toBe(attackerOrg.id);
  });

  it("finding 2: accepting first an address another organization invited never lets its invitee in", async () => {
    const orgB = await organization("bee");
    const orgA = await organization("ayy");
    const email = `newcomer${counter}@example.test`;
    const invitedByB = await invite(orgB.adminKey, email, "billing");
    // Org A adds the same address and accepts first, choosing the password.
    const invitedByA = await invite(orgA.adminKey, email, "member");
    expect((await accept(invitedByA.token, { password: attackerPassword })).status).toBe(200);

    // B's invitee comes later with their own password: a clear 409, not a 500 ...
    const late = await accept(invitedByB.token, { password: victimPassword });
    expectError(late, 409, "sign_in_required");
    // ... and their password signs in nowhere, in particular not into org A.
    expect((await signIn(app, email, victimPassword)).status).toBe(401);
    expect((await member(invitedByB.userId)).authUserId).toBeNull();
    expect((await invitationOf(invitedByB.userId)).acceptedAt).toBeNull();
    // The identity org A's admin created belongs to org A only; org B's data is out of its reach.
    const squatter = await signIn(app, email, attackerPassword);
    expect(squatter.status).toBe(200);
    const seen = await me(squatter.cookie);
    expect(seen.body.organizations.map((o: { id: string }) => o.id)).toEqual([orgA.id]);
    expect(
      (
        await app.request("POST", "/api/v1/me/organization", {
          headers: browser(app, squatter.cookie),
          body: { organizationId: orgB.id },
        })
      ).status,
    ).toBe(403);
  });

  it("finding 6: of two accepts at once exactly one wins, and only the winner's password works", async () => {
    const org = await organization("race");
    for (let round = 0; round < 6; round++) {
      const email = `racer${counter}-${round}@race.test`;
      const { token, userId } = await invite(org.adminKey, email, "member");
      const passwords = [`first-password-${round}`, `second-password-${round}`];
      const results = await Promise.all(passwords.map((password) => accept(token, { password })));
      const statuses = results.map((result) => result.status).sort();
      expect(statuses).toEqual([200, 404]);
      const winner = passwords[results.findIndex((result) => result.status === 200)]!;
      const loser = passwords.find((password) => password !== winner)!;
      expect((await signIn(app, email, winner)).status).toBe(200);
      expect((await signIn(app, email, loser)).status).toBe(401);
      expect((await member(userId)).authUserId).not.toBeNull();
      expect(await credentialRows(email)).toHaveLength(1);
    }
  });

  it("two organizations' invitations of one new address accepted at once: one identity, no 500", async () => {
    const first = await organization("uno");
    const second = await organization("dos");
    for (let round = 0; round < 4; round++) {
      const email = `twice${counter}-${round}@example.test`;
      const a = await invite(first.adminKey, email, "member");
      const b = await invite(second.adminKey, email, "member");
      const results = await Promise.all([
        accept(a.token, { password: `password-a-${round}` }),
        accept(b.token, { password: `password-b-${round}` }),
      ]);
      const statuses = results.map((result) => result.status).sort();
      expect(statuses).toEqual([200, 409]);
      const won = results[0]!.status === 200 ? "a" : "b";
      expect((await signIn(app, email, `password-${won}-${round}`)).status).toBe(200);
      expect((await signIn(app, email, `password-${won === "a" ? "b" : "a"}-${round}`)).status).toBe(401);
      expect(await credentialRows(email)).toHaveLength(1);
      // The loser's invitation is still usable: by signing in as the identity.
      const lost = won === "a" ? b : a;
      expect((await invitationOf(lost.userId)).acceptedAt).toBeNull();
    }
  });

  it("an existing identity accepts by signing in, keeps its password and belongs to both organizations", async () => {
    const home = await organization("home");
    const other = await organization("other");
    const email = `both${counter}@example.test`;
    await joined(home, email, victimPassword);
    const storedBefore = await credentialRows(email);
    const { token, userId } = await invite(other.adminKey, email, "billing");

    const described = await app.request("GET", `/api/v1/invitations/${token}`);
    expect(described.body).toMatchObject({ email, role: "billing", identityExists: true });

    const session = await signIn(app, email, victimPassword);
    // A cross-site page cannot make a signed-in browser accept.
    const forged = await accept(token, {}, { cookie: session.cookie, origin: "https://evil.example" });
    expectError(forged, 403, "forbidden");
    // A password in the body is not how an existing identity accepts: it is never changed.
    expectError(
      await accept(token, { password: "a-new-password-9" }, browser(app, session.cookie)),
      400,
      "invalid_request",
      "password",
    );
    expect((await signIn(app, email, "a-new-password-9")).status).toBe(401);
    const accepted = await accept(token, {}, browser(app, session.cookie));
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ email, accepted: true, organizationId: other.id });
    expect(await credentialRows(email)).toEqual(storedBefore);
    expect((await member(userId)).authUserId).not.toBeNull();
    expect((await invitationOf(userId)).acceptedAt).not.toBeNull();
    // Used up: a second accept is refused.
    expectError(await accept(token, {}, browser(app, session.cookie)), 404, "not_found");

    // The accepting session now acts on the organization it joined; /me lists both.
    const now = await me(session.cookie);
    expect(now.body.organization.id).toBe(other.id);
    expect(now.body.role).toBe("billing");
    expect(
      now.body.organizations.map((o: { id: string; name: string; role: string }) => [o.name, o.role]).sort(),
    ).toEqual([
      [home.name, "admin"],
      [other.name, "billing"],
    ]);
    // Switching: the next request acts on the other organization with the role held there.
    const switched = await app.request("POST", "/api/v1/me/organization", {
      headers: browser(app, session.cookie),
      body: { organizationId: home.id },
    });
    expect(switched.status).toBe(200);
    expect(switched.body.organization.id).toBe(home.id);
    const users = await app.request("GET", "/api/v1/users", { headers: { cookie: session.cookie } });
    expect(users.status).toBe(200);
    expect(users.body.data.map((row: { email: string }) => row.email)).toContain(email);
    expect(users.body.data.map((row: { email: string }) => row.email)).toContain(home.adminEmail);
  });

  it("deactivation in one organization ends only the sessions acting on it", async () => {
    const first = await organization("first");
    const second = await organization("second");
    const email = `split${counter}@example.test`;
    const inFirst = await joined(first, email, victimPassword);
    const { token, userId: inSecond } = await invite(second.adminKey, email, "member");
    const onSecond = await signIn(app, email, victimPassword);
    expect((await accept(token, {}, browser(app, onSecond.cookie))).status).toBe(200);
    const onFirst = await signIn(app, email, victimPassword);
    const firstMe = await me(onFirst.cookie);
    if (firstMe.body.organization.id !== first.id) {
      await app.request("POST", "/api/v1/me/organization", {
        headers: browser(app, onFirst.cookie),
        body: { organizationId: first.id },
      });
    }
    expect((await me(onFirst.cookie)).body.organization.id).toBe(first.id);
    expect((await me(onSecond.cookie)).body.organization.id).toBe(second.id);

    const deactivated = await app.request("POST", `/api/v1/users/${inSecond}/deactivate`, {
      token: second.adminKey,
    });
    expect(deactivated.status).toBe(200);
    expect((await me(onSecond.cookie)).status).toBe(401);
    const stillIn = await me(onFirst.cookie);
    expect(stillIn.status).toBe(200);
    expect(stillIn.body.organizations.map((o: { id: string }) => o.id)).toEqual([first.id]);
    // The deactivated membership cannot be switched to.
    expectError(
      await app.request("POST", "/api/v1/me/organization", {
        headers: browser(app, onFirst.cookie),
        body: { organizationId: second.id },
      }),
      403,
      "forbidden",
    );
    // A new sign-in lands on the organization still active.
    const again = await signIn(app, email, victimPassword);
    expect((await me(again.cookie)).body.organization.id).toBe(first.id);
    // Back in the second: a new sign-in starts where the person last switched to.
    await app.request("POST", `/api/v1/users/${inSecond}/reactivate`, { token: second.adminKey });
    const switched = await app.request("POST", "/api/v1/me/organization", {
      headers: browser(app, again.cookie),
      body: { organizationId: second.id },
    });
    expect(switched.body.organization.id).toBe(second.id);
    expect((await me((await signIn(app, email, victimPassword)).cookie)).body.organization.id).toBe(
      second.id,
    );
    await app.request("POST", "/api/v1/me/organization", {
      headers: browser(app, again.cookie),
      body: { organizationId: first.id },
    });
    await app.request("POST", `/api/v1/users/${inSecond}/deactivate`, { token: second.adminKey });
    // Deactivated in the first too: no session any more.
    await app.request("POST", `/api/v1/users/${inFirst.userId}/deactivate`, { token: first.adminKey });
    expect((await me(onFirst.cookie)).status).toBe(401);
    expect((await signIn(app, email, victimPassword)).status).not.toBe(200);
  });

  it("switching organization needs a session of our own pages and an active membership", async () => {
    const org = await organization("switch");
    const stranger = await organization("stranger");
    const session = await signIn(app, org.adminEmail, org.adminPassword);
    const body = { organizationId: stranger.id };
    // An API key belongs to one organization: it cannot switch.
    expectError(
      await app.request("POST", "/api/v1/me/organization", { token: org.adminKey, body }),
      403,
      "session_required",
    );
    expectError(
      await app.request("POST", "/api/v1/me/organization", {
        headers: { cookie: session.cookie, origin: "https://evil.example" },
        body: { organizationId: org.id },
      }),
      403,
      "forbidden",
    );
    expectError(
      await app.request("POST", "/api/v1/me/organization", { headers: browser(app, session.cookie), body }),
      403,
      "forbidden",
    );
    expectError(
      await app.request("POST", "/api/v1/me/organization", {
        headers: browser(app, session.cookie),
        body: { organizationId: "not-a-uuid" },
      }),
      400,
      "invalid_request",
    );
    expect((await me(session.cookie)).body.organization.id).toBe(org.id);
  });

  it("a client cannot set its session's organization through better-auth's update-session", async () => {
    const mine = await organization("mine");
    const theirs = await organization("theirs");
    const session = await signIn(app, mine.adminEmail, mine.adminPassword);
    const response = await fetch(`${app.baseUrl}/api/auth/update-session`, {
      method: "POST",
      headers: { ...browser(app, session.cookie), "content-type": "application/json" },
      body: JSON.stringify({ organizationId: theirs.id }),
    });
    expect(response.status).toBe(400);
    const after = await me(session.cookie);
    expect(after.body.organization.id).toBe(mine.id);
    expect(
      (await app.request("GET", "/api/v1/users", { headers: { cookie: session.cookie } })).body.data,
    ).toEqual([expect.objectContaining({ email: mine.adminEmail })]);
  });

  it("an identity deactivated everywhere signs in only to accept a new invitation", async () => {
    const old = await organization("old");
    const fresh = await organization("fresh");
    const email = `returning${counter}@example.test`;
    const { userId } = await joined(old, email, victimPassword);
    await app.request("POST", `/api/v1/users/${userId}/deactivate`, { token: old.adminKey });
    expect((await signIn(app, email, victimPassword)).status).not.toBe(200);

    const { token } = await invite(fresh.adminKey, email, "member");
    // With an open invitation the sign-in opens a session that acts on no organization ...
    const session = await signIn(app, email, victimPassword);
    expect(session.status).toBe(200);
    expect((await me(session.cookie)).status).toBe(401);
    expect((await app.request("GET", "/api/v1/users", { headers: { cookie: session.cookie } })).status).toBe(
      401,
    );
    // ... until it accepts: then it acts on the organization it joined, and only that one.
    expect((await accept(token, {}, browser(app, session.cookie))).status).toBe(200);
    const now = await me(session.cookie);
    expect(now.status).toBe(200);
    expect(now.body.organization.id).toBe(fresh.id);
    expect(now.body.organizations.map((o: { id: string }) => o.id)).toEqual([fresh.id]);
  });

  it("refuses a blank or all-whitespace password with 400 on the field password", async () => {
    const org = await organization("blank");
    const { token, userId } = await invite(org.adminKey, `blank${counter}@example.test`, "member");
    for (const password of [" ".repeat(10), "\t".repeat(12), " \n ".repeat(5)]) {
      expectError(await accept(token, { password }), 400, "invalid_request", "password");
    }
    expectError(await accept(token, {}), 400, "invalid_request", "password");
    expect((await member(userId)).authUserId).toBeNull();
    expect((await invitationOf(userId)).acceptedAt).toBeNull();
    expect((await accept(token, { password: "  spaces inside are fine  " })).status).toBe(200);
    // Nor through better-auth's own change-password.
    const session = await signIn(app, `blank${counter}@example.test`, "  spaces inside are fine  ");
    const changed = await fetch(`${app.baseUrl}/api/auth/change-password`, {
      method: "POST",
      headers: { ...browser(app, session.cookie), "content-type": "application/json" },
      body: JSON.stringify({ currentPassword: "  spaces inside are fine  ", newPassword: " ".repeat(12) }),
    });
    expect(changed.status).toBe(400);
    expect((await changed.json()).error.message).toBe("password must not be blank or only spaces.");
    expect((await signIn(app, `blank${counter}@example.test`, " ".repeat(12))).status).toBe(401);
  });

  it("a provisioned organization's first admin signs in through the one-time link provisioning returns", async () => {
    const email = `first-admin-${counter + 1}@provisioned.test`;
    counter += 1;
    const created = await provision(app, {
      name: "Provisioned Org",
      seats: 5,
      admin: { email, name: "First Admin" },
    });
    const link = created.admin.invitation as { url: string; expiresAt: string };
    expect(link.url).toMatch(/^\/invite\/[A-Za-z0-9_-]{20,}$/);
    expect(Date.parse(link.expiresAt)).toBeGreaterThan(Date.now() - 365 * 24 * 3600 * 1000);
    // Nobody can sign in before the link is used: no password was set for them.
    expect((await signIn(app, email, "first-admin-password")).status).toBe(401);
    const token = link.url.split("/").pop()!;
    expect((await accept(token, { password: "first-admin-password" })).status).toBe(200);
    const session = await signIn(app, email, "first-admin-password");
    expect(session.status).toBe(200);
    const mine = await me(session.cookie);
    expect(mine.body).toMatchObject({ role: "admin", organization: { id: created.organization.id } });
    // The link is one-time, and the secret never reaches the audit trail.
    expectError(await accept(token, { password: "another-password-9" }), 404, "not_found");
    const audit = await app.request("GET", "/api/v1/audit-events", { token: created.adminKey });
    expect(JSON.stringify(audit.body)).not.toContain(token);
  });
});

describe.each(dialects)("the demo's person in two organizations on %s", (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect);
  });
  afterAll(async () => {
    await app?.close();
  });

  it("signs Ada in to Acme Corp as admin, with Acme Labs (billing) to switch to", async () => {
    const demo = await seedDemo(app.deps);
    expect(demo?.organizationName).toBe("Acme Corp");
    const ada = await signIn(app, "admin@acme.example", demoPassword);
    const me = await app.request("GET", "/api/v1/me", { headers: { cookie: ada.cookie } });
    expect(me.body).toMatchObject({ role: "admin", organization: { name: "Acme Corp" } });
    expect(me.body.organizations.map((o: { name: string; role: string }) => [o.name, o.role])).toEqual([
      ["Acme Corp", "admin"],
      ["Acme Labs", "billing"],
    ]);
    for (const email of ["billing@acme.example", "mia@acme.example"]) {
      const session = await signIn(app, email, demoPassword);
      const theirs = await app.request("GET", "/api/v1/me", { headers: { cookie: session.cookie } });
      expect(theirs.body.organizations.map((o: { name: string }) => o.name)).toEqual(["Acme Corp"]);
    }
  });
});
