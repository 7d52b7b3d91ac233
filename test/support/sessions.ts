import { eq } from "drizzle-orm";
import { users } from "../../src/server/db/schema.js";
import { setMemberPassword } from "../../src/server/modules/auth/better-auth.js";
import type { TestApp } from "./harness.js";

export const testPassword = "correct-horse-battery";

/** Gives a member a password through better-auth, as accepting an invitation does. */
export async function givePassword(app: TestApp, userId: string, password = testPassword) {
  const [member] = await app.handle.db.select().from(users).where(eq(users.id, userId));
  if (!member) throw new Error(`no user ${userId}`);
  await setMemberPassword(app.deps.auth, app.handle.db, member, password);
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
