import { eq } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { billingProfiles } from "../../db/schema.js";
import type { BillingInfoBody } from "./billing-info.schemas.js";

export type BillingProfileRow = typeof billingProfiles.$inferSelect;

export async function findBillingProfile(
  executor: Executor,
  organizationId: string,
  options: { lock: boolean } = { lock: false },
) {
  const query = executor
    .select()
    .from(billingProfiles)
    .where(eq(billingProfiles.organizationId, organizationId));
  const [row] = options.lock ? await query.for("update") : await query;
  return row;
}

/** Writes the whole profile, creating it for an organization provisioned without one. */
export async function saveBillingProfile(
  executor: Executor,
  organizationId: string,
  info: BillingInfoBody,
  now: Date,
) {
  const values = {
    companyName: info.companyName,
    taxId: info.taxId,
    addressLine1: info.address.line1,
    addressLine2: info.address.line2,
    city: info.address.city,
    postalCode: info.address.postalCode,
    region: info.address.region,
    country: info.address.country,
    billingEmail: info.billingEmail,
    updatedAt: now,
  };
  const [row] = await executor
    .insert(billingProfiles)
    .values({ organizationId, ...values })
    .onConflictDoUpdate({ target: billingProfiles.organizationId, set: values })
    .returning();
  if (!row) throw new Error("billing profile upsert returned nothing");
  return row;
}

export type BillingInfoDto = ReturnType<typeof toBillingInfoDto>;

export function toBillingInfoDto(row: BillingProfileRow) {
  return {
    companyName: row.companyName,
    taxId: row.taxId,
    address: {
      line1: row.addressLine1,
      line2: row.addressLine2,
      city: row.city,
      postalCode: row.postalCode,
      region: row.region,
      country: row.country,
    },
    billingEmail: row.billingEmail,
    updatedAt: row.updatedAt.toISOString(),
  };
}
