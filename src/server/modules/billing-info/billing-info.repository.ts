import { eq, inArray } from "drizzle-orm";
import type { BillTo } from "../../../core/invoice-document.js";
import type { Executor } from "../../db/client.js";
import { onlyRow } from "../../db/rows.js";
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
  const rows = await executor
    .insert(billingProfiles)
    .values({ organizationId, ...values })
    .onConflictDoUpdate({ target: billingProfiles.organizationId, set: values })
    .returning();
  return onlyRow(rows, "billing profile upsert");
}

export type BillingInfoDto = ReturnType<typeof toBillingInfoDto>;

export function toBillingInfoDto(row: BillingProfileRow) {
  return { ...toBillTo(row), updatedAt: row.updatedAt.toISOString() };
}

/** The billing info as an invoice freezes it (bill-to). */
export function toBillTo(row: Omit<BillingProfileRow, "organizationId" | "updatedAt">): BillTo {
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
  };
}

/** The bill-to of each organization that has billing info (one statement). */
export async function findBillTos(
  executor: Executor,
  organizationIds: readonly string[],
): Promise<Map<string, BillTo>> {
  if (organizationIds.length === 0) return new Map();
  const rows = await executor
    .select()
    .from(billingProfiles)
    .where(inArray(billingProfiles.organizationId, [...new Set(organizationIds)]));
  return new Map(rows.map((row) => [row.organizationId, toBillTo(row)]));
}

/** A billing_profiles row as `row_to_json` gives it (snake case), as a bill-to. */
export function billToOfJson(value: unknown): BillTo | null {
  if (value === null || value === undefined) return null;
  const row = (typeof value === "string" ? JSON.parse(value) : value) as Record<string, string | null>;
  return toBillTo({
    companyName: String(row.company_name),
    taxId: row.tax_id ?? null,
    addressLine1: row.address_line1 ?? null,
    addressLine2: row.address_line2 ?? null,
    city: row.city ?? null,
    postalCode: row.postal_code ?? null,
    region: row.region ?? null,
    country: row.country ?? null,
    billingEmail: String(row.billing_email),
  });
}

export async function billToOf(executor: Executor, organizationId: string): Promise<BillTo | null> {
  const row = await findBillingProfile(executor, organizationId);
  return row ? toBillTo(row) : null;
}

/** Each organization's billing e-mail and country (receipts and the mail locale). */
export async function findBillingContacts(executor: Executor, organizationIds: readonly string[]) {
  if (organizationIds.length === 0)
    return new Map<string, { billingEmail: string | null; country: string | null }>();
  const rows = await executor
    .select({
      organizationId: billingProfiles.organizationId,
      billingEmail: billingProfiles.billingEmail,
      country: billingProfiles.country,
    })
    .from(billingProfiles)
    .where(inArray(billingProfiles.organizationId, [...new Set(organizationIds)]));
  return new Map(
    rows.map((row) => [row.organizationId, { billingEmail: row.billingEmail, country: row.country }]),
  );
}
