import { eq, sql } from "drizzle-orm";
import { authAccounts, authUsers, users } from "../../src/server/db/schema.js";
import { createIdentity, hashPassword } from "../../src/server/modules/auth/better-auth.js";
import type { TestApp } from "./harness.js";

export const testPassword = "correct-horse-battery";

/**
 * Test set-up only: links a member to the identity of its e-mail, creating it with `password`, or
 * giving an existing one that password (the product never changes an existing identity's password).
 */
export async function givePassword(app: TestApp, userId: string, password = testPassword) {
  const [member] = await app.handle.db.select().from(users).where(eq(users.id, userId));
  if (!member) throw new Error(`no user ${userId}`);
  const passwordHash = await hashOnce(app, password);
  await app.handle.db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: authUsers.id })
      .from(authUsers)
      .where(sql`lower(${authUsers.email}) = lower(${member.email})`);
    let identityId = existing?.id;
    if (identityId) {
      await tx
        .update(authAccounts)
        .set({ password: passwordHash })
        .where(eq(authAccounts.userId, identityId));
    } else {
      identityId = await createIdentity(tx, {
        email: member.email,
        name: member.name,
        passwordHash,
        now: new Date(),
      });
    }
    await tx.update(users).set({ authUserId: identityId }).where(eq(users.id, member.id));
  });
}

/**
 * Hashing is scrypt, slow on purpose (a third of a second here); set-up hashes each password once per
 * test process (the hash carries its own salt, so one hash serves any number of identities).
 */
const hashes = new Map<string, Promise<string>>();

function hashOnce(app: TestApp, password: string): Promise<string> {
  let hash = hashes.get(password);
  if (!hash) {
    hash = hashPassword(app.deps.auth, password);
    hashes.set(password, hash);
  }
  return hash;
}

/** Signs in like the browser does; returns the Cookie header value to send afterwards. */
export async function signIn(app: TestApp, email: string, password = testPassword) {
  const response = await fetch(`${app.baseUrl}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: app.baseUrl },
    body: JSON.stringify({ email, password }),
  });
  const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]);
  return { status: response.status, cookie: cookies.join("; "), setCookie: response.headers.getSetCookie() };
}

/** Headers for a cookie-authenticated request from our own pages. */
export function browser(app: TestApp, cookie: string) {
  return { cookie, origin: app.baseUrl };
}
