import { hash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { findOwnRow, onlyRow } from "../../db/rows.js";
import { apiKeys } from "../../db/schema.js";
import type { ApiKeyRole } from "../auth/principal.js";

export const apiKeyPrefix = "wpk_";

export function hashApiKey(secret: string): string {
  return hash("sha256", secret, "hex");
}

export function generateApiKey(): { secret: string; prefix: string; secretHash: string } {
  const secret = `${apiKeyPrefix}${randomBytes(32).toString("base64url")}`;
  return { secret, prefix: secret.slice(0, 12), secretHash: hashApiKey(secret) };
}

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export async function insertApiKey(
  executor: Executor,
  values: { organizationId: string; name: string; role: ApiKeyRole; createdBy: string | null; now: Date },
) {
  const generated = generateApiKey();
  const rows = await executor
    .insert(apiKeys)
    .values({
      organizationId: values.organizationId,
      name: values.name,
      role: values.role,
      prefix: generated.prefix,
      secretHash: generated.secretHash,
      createdAt: values.now,
      createdBy: values.createdBy,
    })
    .returning();
  return { row: onlyRow(rows, "api key insert"), secret: generated.secret };
}

/** The active key with this secret hash (`hashApiKey`), if any. */
export async function findActiveApiKey(executor: Executor, secretHash: string) {
  const [row] = await executor
    .select({ id: apiKeys.id, organizationId: apiKeys.organizationId, role: apiKeys.role })
    .from(apiKeys)
    .where(and(eq(apiKeys.secretHash, secretHash), isNull(apiKeys.revokedAt)));
  return row;
}

export async function listApiKeys(executor: Executor, organizationId: string) {
  return executor
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.organizationId, organizationId))
    .orderBy(desc(apiKeys.createdAt));
}

export async function findApiKey(executor: Executor, organizationId: string, id: string) {
  return findOwnRow(executor, apiKeys, organizationId, id);
}

/**
 * Locks the organization's active admin keys and returns their ids: two revocations of the last
 * two admin keys then run one after the other, and the second sees the first.
 */
export async function lockActiveAdminKeys(executor: Executor, organizationId: string) {
  const rows = await executor
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(
      and(eq(apiKeys.organizationId, organizationId), eq(apiKeys.role, "admin"), isNull(apiKeys.revokedAt)),
    )
    .for("update");
  return rows.map((row) => row.id);
}

export async function revokeApiKey(executor: Executor, organizationId: string, id: string, now: Date) {
  const [row] = await executor
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.organizationId, organizationId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning();
  return row;
}

export function toApiKeyDto(row: ApiKeyRow) {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
