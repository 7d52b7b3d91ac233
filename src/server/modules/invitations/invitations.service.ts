import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { webPaths } from "../../../core/web-paths.js";
import { afterCommit } from "../../cache/after-commit.js";
import type { AppDeps } from "../../context.js";
import type { Transaction } from "../../db/client.js";
import { authSessions, invitations, organizations, users } from "../../db/schema.js";
import { AppError, invalid } from "../../errors.js";
import { insertMail } from "../../events/mail-planner.js";
import { templates } from "../../events/mail-templates.js";
import { optionalText } from "../../validation/text.js";
import { recordAudit } from "../audit/audit.repository.js";
import { readSession, requireSameOrigin } from "../auth/authenticate.js";
import { createIdentity, findIdentityByEmail, hashPassword } from "../auth/better-auth.js";
import type { UserRow } from "../users/users.repository.js";

const invitationLifetimeMs = 7 * 24 * 60 * 60 * 1000;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

const password = z
  .string({ error: "password is required." })
  .min(10, { error: "password must be at least 10 characters." })
  .max(128, { error: "password must be at most 128 characters." })
  .refine((value) => value.trim() !== "", { error: "password must not be blank or only spaces." });

/** A new identity chooses its password; an existing one accepts signed in, without one. */
export const acceptBody = z.strictObject({
  password: password.optional(),
  name: optionalText("name", 200).optional(),
});

/**
 * A one-time link for a member to choose a password, e-mailed to them in the same transaction
 * (decision 0033); only the token's hash is stored in `invitations`, and the link is never audited.
 */
export async function createInvitation(
  tx: Transaction,
  input: {
    organizationId: string;
    user: Pick<UserRow, "id" | "email" | "role">;
    createdBy: string;
    now: Date;
    /** Where the mailed link points: `publicOrigin(config)`, never a request's Host. */
    origin: string;
  },
) {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(input.now.getTime() + invitationLifetimeMs);
  const [organization] = await tx
    .select({ name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, input.organizationId));
  const [invitation] = await tx
    .insert(invitations)
    .values({
      organizationId: input.organizationId,
      userId: input.user.id,
      tokenHash: hashToken(token),
      expiresAt,
      createdAt: input.now,
      createdBy: input.createdBy,
    })
    .returning({ id: invitations.id });
  const url = webPaths.invite(token);
  await insertMail(
    tx,
    [
      {
        organizationId: input.organizationId,
        dedupeKey: `invitation:${invitation?.id}`,
        template: "invitation",
        recipient: input.user.email,
        ...templates.invitation({
          organizationName: organization?.name ?? "your organization",
          role: input.user.role,
          expiresAt,
          url: `${input.origin}${url}`,
        }),
      },
    ],
    input.now,
  );
  return { url, expiresAt: expiresAt.toISOString() };
}

const invalidInvitation = () =>
  new AppError("not_found", "This invitation link is not valid, was already used, or has expired.", 404);

async function findUsable(deps: AppDeps, token: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw invalidInvitation();
  const [found] = await deps.db
    .select({ invitation: invitations, user: users })
    .from(invitations)
    .innerJoin(users, eq(users.id, invitations.userId))
    .where(eq(invitations.tokenHash, hashToken(token)));
  const now = deps.clock.now();
  if (
    !found ||
    found.invitation.acceptedAt ||
    found.invitation.expiresAt <= now ||
    found.user.status !== "active"
  ) {
    throw invalidInvitation();
  }
  return found;
}

const signInRequired = (email: string) =>
  new AppError(
    "sign_in_required",
    `An account already exists for ${email}. Sign in to accept this invitation.`,
    409,
  );

/** What the invitation page shows: whether the invitee chooses a password or signs in. */
export async function describeInvitation(deps: AppDeps, token: string) {
  const { user, invitation } = await findUsable(deps, token);
  const [organization] = await deps.db
    .select({ name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, user.organizationId));
  return {
    email: user.email,
    name: user.name,
    role: user.role,
    organizationName: organization?.name ?? "",
    identityExists: Boolean(await findIdentityByEmail(deps.db, user.email)),
    expiresAt: invitation.expiresAt.toISOString(),
  };
}

/**
 * Accepting is one transaction that first uses the token up (a conditional update, so of two
 * concurrent accepts exactly one goes on), then links the membership to its identity: a new one
 * created with the chosen password, or, for an e-mail that already signs in, the identity of the
 * session the invitee signed in with. An existing identity is never changed (decision 0020).
 */
export async function acceptInvitation(
  deps: AppDeps,
  request: FastifyRequest,
  token: string,
  body: z.infer<typeof acceptBody>,
) {
  const { user } = await findUsable(deps, token);
  if (await findIdentityByEmail(deps.db, user.email)) {
    const session = await readSession(deps, request);
    if (!session) throw signInRequired(user.email);
    // A cookie rides along on any request: only our own pages may accept with it.
    requireSameOrigin(request);
    if (session.email.toLowerCase() !== user.email.toLowerCase()) {
      throw new AppError(
        "invitation_email_mismatch",
        `You are signed in as ${session.email}, but this invitation is for ${user.email}. Sign out, then sign in as ${user.email} to accept it.`,
        403,
      );
    }
    if (body.password !== undefined) {
      throw new AppError(
        "invalid_request",
        `An account already exists for ${user.email}; its password stays as it is. Accept without a password.`,
        400,
        "password",
      );
    }
    return consume(deps, token, body, async (tx, member) => {
      const [already] = await tx
        .select({ id: users.id })
        .from(users)
        .where(
          and(eq(users.organizationId, member.organizationId), eq(users.authUserId, session.identityId)),
        );
      if (already) {
        throw new AppError("already_member", `${user.email} is already a member of this organization.`, 409);
      }
      // The session that accepted goes on in the organization it joined.
      await tx
        .update(authSessions)
        .set({ organizationId: member.organizationId, updatedAt: new Date() })
        .where(eq(authSessions.id, session.sessionId));
      return session.identityId;
    });
  }
  // A new identity: whoever holds the link chooses its password (a session, if any, plays no part).
  if (body.password === undefined) throw invalid("password", "password is required.");
  // Hashing is slow on purpose; it is done before the transaction, which only writes.
  const passwordHash = await hashPassword(deps.auth, body.password);
  return consume(deps, token, body, async (tx, member, now) => {
    const identityId = await createIdentity(tx, {
      email: member.email,
      name: member.name,
      passwordHash,
      now,
    });
    // Created a moment ago by another accept for the same address: this one signs in instead.
    if (!identityId) throw signInRequired(user.email);
    return identityId;
  });
}

/** Uses the token up, links the membership to the identity `link` returns, audits; one transaction. */
async function consume(
  deps: AppDeps,
  token: string,
  body: z.infer<typeof acceptBody>,
  link: (tx: Transaction, member: UserRow, now: Date) => Promise<string>,
) {
  const now = deps.clock.now();
  const accepted = await deps.db.transaction(async (tx) => {
    const [consumed] = await tx
      .update(invitations)
      .set({ acceptedAt: now })
      .where(
        and(
          eq(invitations.tokenHash, hashToken(token)),
          isNull(invitations.acceptedAt),
          gt(invitations.expiresAt, now),
        ),
      )
      .returning({ userId: invitations.userId });
    if (!consumed) throw invalidInvitation();
    const [found] = await tx
      .select()
      .from(users)
      .where(and(eq(users.id, consumed.userId), eq(users.status, "active"), isNull(users.authUserId)))
      .for("update");
    if (!found) throw invalidInvitation();
    const member = body.name ? { ...found, name: body.name } : found;
    const identityId = await link(tx, member, now);
    await tx.update(users).set({ authUserId: identityId, name: member.name }).where(eq(users.id, member.id));
    await recordAudit(tx, {
      organizationId: member.organizationId,
      actorType: "user",
      actorId: member.id,
      action: "invitation.accepted",
      entityType: "user",
      entityId: member.id,
      before: null,
      after: { email: member.email, name: member.name },
      occurredAt: now,
      source: "web",
      requestId: null,
    });
    return { email: member.email, accepted: true, organizationId: member.organizationId };
  });
  afterCommit(deps.caches, { organizations: [accepted.organizationId] });
  return accepted;
}
