import type { AppDeps, Caller } from "../../context.js";
import { auditBy } from "../../context.js";
import type { Transaction } from "../../db/client.js";
import { AppError, notFound } from "../../errors.js";
import { existingId } from "../../validation/ids.js";
import { recordAudit } from "../audit/audit.repository.js";
import { authorize } from "../auth/principal.js";
import {
  findApiKey,
  insertApiKey,
  listApiKeys,
  lockActiveAdminKeys,
  revokeApiKey,
  toApiKeyDto,
} from "./api-keys.repository.js";
import type { CreateApiKeyBody } from "./api-keys.schemas.js";

export async function getApiKeys(deps: AppDeps, caller: Caller) {
  const principal = authorize(caller.principal, "api_keys.manage");
  const rows = await listApiKeys(deps.db, principal.organizationId);
  return { data: rows.map(toApiKeyDto) };
}

/** The secret is in this response only; the database keeps its hash. */
export async function createApiKey(tx: Transaction, deps: AppDeps, caller: Caller, input: CreateApiKeyBody) {
  const principal = authorize(caller.principal, "api_keys.manage");
  const now = deps.clock.now();
  const { row, secret } = await insertApiKey(tx, {
    organizationId: principal.organizationId,
    name: input.name,
    role: input.role,
    createdBy: `${principal.actorType}:${principal.actorId}`,
    now,
  });
  const key = toApiKeyDto(row);
  await recordAudit(tx, {
    ...auditBy(caller, principal.organizationId),
    action: "api_key.created",
    entityType: "api_key",
    entityId: row.id,
    before: null,
    after: key,
    occurredAt: now,
  });
  return { ...key, secret };
}

/**
 * Revokes a key: it is refused from the next request on. Revoking a revoked key changes nothing.
 * The last active admin key cannot be revoked: until members can sign in, it is the
 * organization's only way to manage itself.
 */
export async function revokeApiKeyById(tx: Transaction, deps: AppDeps, caller: Caller, id: string) {
  const principal = authorize(caller.principal, "api_keys.manage");
  const keyId = existingId(id, "The API key");
  const adminKeys = await lockActiveAdminKeys(tx, principal.organizationId);
  const current = await findApiKey(tx, principal.organizationId, keyId);
  if (!current) throw notFound("The API key");
  if (current.revokedAt) return toApiKeyDto(current);
  if (current.role === "admin" && adminKeys.length <= 1) {
    throw new AppError(
      "last_admin",
      "This is the organization's only active admin API key. Create another admin key before revoking it.",
      409,
    );
  }
  const now = deps.clock.now();
  const revoked = await revokeApiKey(tx, principal.organizationId, keyId, now);
  if (!revoked) throw new Error("api key vanished while locked");
  const after = toApiKeyDto(revoked);
  await recordAudit(tx, {
    ...auditBy(caller, principal.organizationId),
    action: "api_key.revoked",
    entityType: "api_key",
    entityId: keyId,
    before: toApiKeyDto(current),
    after,
    occurredAt: now,
  });
  return after;
}
