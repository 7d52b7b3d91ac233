import type { AppDeps, Caller } from "../../context.js";
import { auditBy } from "../../context.js";
import type { Transaction } from "../../db/client.js";
import { notFound } from "../../errors.js";
import { recordAudit } from "../audit/audit.repository.js";
import { authorize } from "../auth/principal.js";
import {
  type BillingInfoDto,
  findBillingProfile,
  saveBillingProfile,
  toBillingInfoDto,
} from "./billing-info.repository.js";
import type { BillingInfoBody } from "./billing-info.schemas.js";

export async function getBillingInfo(deps: AppDeps, caller: Caller) {
  const principal = authorize(caller.principal, "billing_info.read");
  const row = await findBillingProfile(deps.db, principal.organizationId);
  if (!row) throw notFound("The billing information");
  return toBillingInfoDto(row);
}

function sameInfo(a: BillingInfoDto, b: BillingInfoDto): boolean {
  return JSON.stringify({ ...a, updatedAt: null }) === JSON.stringify({ ...b, updatedAt: null });
}

/** Replaces the billing profile (Save in "Manage billing info"); saving it unchanged writes nothing. */
export async function updateBillingInfo(
  tx: Transaction,
  deps: AppDeps,
  caller: Caller,
  input: BillingInfoBody,
) {
  const principal = authorize(caller.principal, "billing_info.write");
  const now = deps.clock.now();
  const current = await findBillingProfile(tx, principal.organizationId, { lock: true });
  const before = current ? toBillingInfoDto(current) : null;
  const proposed = toBillingInfoDto({
    organizationId: principal.organizationId,
    companyName: input.companyName,
    taxId: input.taxId,
    addressLine1: input.address.line1,
    addressLine2: input.address.line2,
    city: input.address.city,
    postalCode: input.address.postalCode,
    region: input.address.region,
    country: input.address.country,
    billingEmail: input.billingEmail,
    updatedAt: now,
  });
  if (before && sameInfo(before, proposed)) return before;
  const after = toBillingInfoDto(await saveBillingProfile(tx, principal.organizationId, input, now));
  await recordAudit(tx, {
    ...auditBy(caller, principal.organizationId),
    action: "billing_info.updated",
    entityType: "billing_profile",
    entityId: principal.organizationId,
    before,
    after,
    occurredAt: now,
  });
  return after;
}
