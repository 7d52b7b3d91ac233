import { randomBytes, randomUUID } from "node:crypto";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import type { Database, Executor } from "../../db/client.js";
import {
  appSettings,
  authAccounts,
  authSessions,
  authUsers,
  authVerifications,
  invitations,
  users,
} from "../../db/schema.js";
import { insertMail } from "../../events/mail-planner.js";
import { templates } from "../../events/mail-templates.js";

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

/**
 * The organization a new session acts on (decision 0020): the one its identity's latest session
 * acted on while that membership is still active, else its earliest active membership. `null`
 * (a session that acts on no organization, so every /api/v1 request answers 401) only while the
 * identity has no active membership but an open invitation, which it signs in to accept.
 * `undefined`: no session at all.
 */
async function sessionOrganization(db: Executor, authUserId: string): Promise<string | null | undefined> {
  const memberships = await db
    .select({ organizationId: users.organizationId })
    .from(users)
    .where(and(eq(users.authUserId, authUserId), eq(users.status, "active")))
    .orderBy(asc(users.createdAt), asc(users.id));
  if (memberships.length > 0) {
    const [latest] = await db
      .select({ organizationId: authSessions.organizationId })
      .from(authSessions)
      .where(eq(authSessions.userId, authUserId))
      .orderBy(desc(authSessions.updatedAt))
      .limit(1);
    const remembered = memberships.find((row) => row.organizationId === latest?.organizationId);
    return (remembered ?? memberships[0])?.organizationId;
  }
  const [open] = await db
    .select({ id: invitations.id })
    .from(invitations)
    .innerJoin(users, eq(users.id, invitations.userId))
    .innerJoin(authUsers, sql`lower(${authUsers.email}) = lower(${users.email})`)
    .where(
      and(
        eq(authUsers.id, authUserId),
        isNull(invitations.acceptedAt),
        isNull(users.authUserId),
        eq(users.status, "active"),
      ),
    )
    .limit(1);
  return open ? null : undefined;
}

/** better-auth refuses a password shorter than 10; we also refuse one that is only whitespace. */
const blankPassword = createAuthMiddleware(async (ctx) => {
  const body = ctx.body as { newPassword?: unknown; password?: unknown } | undefined;
  for (const value of [body?.newPassword, ctx.path === "/set-password" ? body?.password : undefined]) {
    if (typeof value === "string" && value.trim() === "") {
      throw new APIError("BAD_REQUEST", { message: "password must not be blank or only spaces." });
    }
  }
});

/**
 * better-auth handles passwords (its own hashing), sessions and cookies. Sign-up is closed:
 * identities are created when an admin's invitation is accepted (invitations.service.ts), never
 * changed by one. A session acts on one organization, where its identity is an active member.
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
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: 10,
      maxPasswordLength: 128,
      // Forgot password: the link goes out through the e-mail step (decision 0082), within a second.
      sendResetPassword: async ({ user, url, token }) => {
        await insertMail(
          db,
          [
            {
              organizationId: null,
              dedupeKey: `reset-password:${token}`,
              template: "reset_password",
              recipient: user.email,
              ...templates.resetPassword({ url }),
            },
          ],
          new Date(),
        );
      },
    },
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
    hooks: { before: blankPassword },
    session: {
      expiresIn: 60 * 60 * 24 * 7,
      updateAge: 60 * 60 * 24,
      // Set by the create hook and by POST /api/v1/me/organization only, never by a client.
      additionalFields: { organizationId: { type: "string", required: false, input: false } },
    },
    databaseHooks: {
      session: {
        create: {
          // Every session acts on exactly one organization; none without an active membership.
          before: async (session) => {
            const organizationId = await sessionOrganization(db, session.userId);
            if (organizationId === undefined) return false;
            return { data: { ...session, organizationId } };
          },
        },
      },
    },
  });
}

export type Auth = Awaited<ReturnType<typeof createAuth>>;

/** Hashes a password with better-auth's own hasher (slow on purpose: call it outside transactions). */
export async function hashPassword(auth: Auth, password: string): Promise<string> {
  return (await auth.$context).password.hash(password);
}

/** The identity that signs in with this e-mail, if there is one. */
export async function findIdentityByEmail(executor: Executor, email: string) {
  const [identity] = await executor
    .select({ id: authUsers.id, email: authUsers.email })
    .from(authUsers)
    .where(sql`lower(${authUsers.email}) = lower(${email})`);
  return identity;
}

/**
 * Creates a sign-in identity with its credential (the rows better-auth reads at sign-in), in the
 * caller's transaction. Returns undefined when an identity with this e-mail exists (perhaps
 * created a moment ago by a concurrent transaction): an existing identity is never changed.
 */
export async function createIdentity(
  executor: Executor,
  input: { email: string; name: string; passwordHash: string; now: Date },
): Promise<string | undefined> {
  const id = randomUUID();
  const [created] = await executor
    .insert(authUsers)
    .values({
      id,
      email: input.email.toLowerCase(),
      name: input.name,
      emailVerified: false,
      createdAt: input.now,
      updatedAt: input.now,
    })
    .onConflictDoNothing()
    .returning({ id: authUsers.id });
  if (!created) return undefined;
  await executor.insert(authAccounts).values({
    id: randomUUID(),
    accountId: id,
    providerId: "credential",
    userId: id,
    password: input.passwordHash,
    createdAt: input.now,
    updatedAt: input.now,
  });
  return id;
}

/** Ends the sessions of an identity that act on one organization (deactivation there). */
export async function endSessions(executor: Executor, authUserId: string | null, organizationId: string) {
  if (!authUserId) return;
  await executor
    .delete(authSessions)
    .where(and(eq(authSessions.userId, authUserId), eq(authSessions.organizationId, organizationId)));
}
