import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { AppDeps } from "../../context.js";
import type { Transaction } from "../../db/client.js";
import { invitations, users } from "../../db/schema.js";
import { AppError } from "../../http/errors.js";
import { optionalText } from "../../http/text.js";
import { recordAudit } from "../audit/audit.repository.js";
import { setMemberPassword } from "../auth/better-auth.js";

const invitationLifetimeMs = 7 * 24 * 60 * 60 * 1000;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export const acceptBody = z.strictObject({
  password: z
    .string({ error: "password is required." })
    .min(10, { error: "password must be at least 10 characters." })
    .max(128, { error: "password must be at most 128 characters." }),
  name: optionalText("name", 200).optional(),
});

/** A one-time link for a member to choose a password; only the token's hash is stored. */
export async function createInvitation(
  tx: Transaction,
  input: { organizationId: string; userId: string; createdBy: string; now: Date },
) {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(input.now.getTime() + invitationLifetimeMs);
  await tx.insert(invitations).values({
    organizationId: input.organizationId,
    userId: input.userId,
    tokenHash: hashToken(token),
    expiresAt,
    createdAt: input.now,
    createdBy: input.createdBy,
  });
  return { url: `/invite/${token}`, expiresAt: expiresAt.toISOString() };
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

/** What the invitation page shows before the member chooses a password. */
export async function describeInvitation(deps: AppDeps, token: string) {
  const { user, invitation } = await findUsable(deps, token);
  return {
    email: user.email,
    name: user.name,
    role: user.role,
    expiresAt: invitation.expiresAt.toISOString(),
  };
}

/**
 * Sets the member's password through better-auth, then consumes the invitation. better-auth
 * writes outside our transaction, so the consumption is a conditional update: a second,
 * concurrent acceptance finds it consumed.
 */
export async function acceptInvitation(deps: AppDeps, token: string, body: z.infer<typeof acceptBody>) {
  const { user, invitation } = await findUsable(deps, token);
  const member = body.name ? { ...user, name: body.name } : user;
  if (body.name) await deps.db.update(users).set({ name: body.name }).where(eq(users.id, user.id));
  await setMemberPassword(deps.auth, deps.db, member, body.password);
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const consumed = await tx
      .update(invitations)
      .set({ acceptedAt: now })
      .where(and(eq(invitations.id, invitation.id), isNull(invitations.acceptedAt)))
      .returning({ id: invitations.id });
    if (consumed.length === 0) throw invalidInvitation();
    await recordAudit(tx, {
      organizationId: user.organizationId,
      actorType: "user",
      actorId: user.id,
      action: "invitation.accepted",
      entityType: "user",
      entityId: user.id,
      before: null,
      after: { email: user.email, name: member.name },
      occurredAt: now,
      source: "web",
      requestId: null,
    });
  });
  return { email: user.email, accepted: true };
}
