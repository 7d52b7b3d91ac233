import { randomBytes, randomUUID } from "node:crypto";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { and, eq } from "drizzle-orm";
import type { Database, Executor } from "../../db/client.js";
import {
  appSettings,
  authAccounts,
  authSessions,
  authUsers,
  authVerifications,
  users,
} from "../../db/schema.js";

/** Reads the session signing secret, creating it once per deployment (shared by every process). */
export async function sessionSecret(db: Database, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  await db
    .insert(appSettings)
    .values({ key: "auth_secret", value: randomBytes(32).toString("base64url") })
    .onConflictDoNothing();
  const [row] = await db.select().from(appSettings).where(eq(appSettings.key, "auth_secret"));
  if (!row) throw new Error("auth secret missing");
  return row.value;
}

async function isActiveMember(db: Executor, authUserId: string): Promise<boolean> {
  const [member] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.authUserId, authUserId), eq(users.status, "active")));
  return Boolean(member);
}

/**
 * better-auth handles passwords (its own hashing), sessions and cookies. Sign-up is closed:
 * identities are created when an admin's invitation is accepted. A deactivated member cannot
 * open a session.
 */
export async function createAuth(db: Database, options: { secret: string; publicUrl?: string | undefined }) {
  const secret = options.secret;
  return betterAuth({
    appName: "WiseParts Billing",
    // Without PUBLIC_URL the origin comes from each request (the UI and API share one origin).
    ...(options.publicUrl ? { baseURL: options.publicUrl } : {}),
    logger: { level: "error" },
    basePath: "/api/auth",
    secret,
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: {
        user: authUsers,
        session: authSessions,
        account: authAccounts,
        verification: authVerifications,
      },
    }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 10, maxPasswordLength: 128 },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    // Sign-in is rate limited in front of these routes, in the database (auth.routes.ts).
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    advanced: {
      cookiePrefix: "wp",
      database: { generateId: () => randomUUID() },
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
    },
    // The UI is served by the same origin as the API; accept that origin, whatever host serves it.
    // The request's URL carries the protocol the server trusts (auth.routes.ts: X-Forwarded-Proto
    // only from a TRUST_PROXY proxy), never a header the client chose.
    trustedOrigins: (request) => {
      const host = request?.headers.get("host");
      const proto = request ? new URL(request.url).protocol.replace(":", "") : "http";
      return host ? [`${proto}://${host}`, `https://${host}`] : [];
    },
    databaseHooks: {
      session: {
        create: {
          before: async (session) => ((await isActiveMember(db, session.userId)) ? undefined : false),
        },
      },
    },
  });
}

export type Auth = Awaited<ReturnType<typeof createAuth>>;

/** Creates (or replaces the password of) the sign-in identity of a member. */
export async function setMemberPassword(
  auth: Auth,
  db: Database,
  member: { id: string; email: string; name: string; authUserId: string | null },
  password: string,
): Promise<string> {
  const context = await auth.$context;
  const hash = await context.password.hash(password);
  if (member.authUserId) {
    await context.internalAdapter.updatePassword(member.authUserId, hash);
    return member.authUserId;
  }
  const existing = await context.internalAdapter.findUserByEmail(member.email.toLowerCase());
  const identity =
    existing?.user ??
    (await context.internalAdapter.createUser(
      { email: member.email.toLowerCase(), name: member.name, emailVerified: true },
      { type: "admin" } as never,
    ));
  if (!existing) {
    await context.internalAdapter.linkAccount({
      userId: identity.id,
      providerId: "credential",
      accountId: identity.id,
      password: hash,
    });
  } else {
    await context.internalAdapter.updatePassword(identity.id, hash);
  }
  await db.update(users).set({ authUserId: identity.id }).where(eq(users.id, member.id));
  return identity.id;
}

/** Ends every session of a member at once (deactivation). */
export async function endSessions(executor: Executor, authUserId: string | null) {
  if (!authUserId) return;
  await executor.delete(authSessions).where(eq(authSessions.userId, authUserId));
}
