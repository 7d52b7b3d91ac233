import { z } from "zod";
import { isCountryCode } from "../../../core/countries.js";
import { checkTaxId } from "../../../core/tax-id.js";
import { isoInstant } from "../../validation/responses.js";
import { emailAddress, optionalText, requiredText } from "../../validation/text.js";

const country = z
  .string({ error: "address.country must be a two-letter ISO 3166 country code such as US or DE." })
  .trim()
  .toUpperCase()
  .refine(isCountryCode, {
    error: "address.country must be a two-letter ISO 3166 country code such as US or DE.",
  })
  .nullish()
  .transform((value) => value ?? null);

const address = z.strictObject(
  {
    line1: optionalText("address.line1", 200),
    line2: optionalText("address.line2", 200),
    city: optionalText("address.city", 100),
    postalCode: optionalText("address.postalCode", 20),
    region: optionalText("address.region", 100),
    country,
  },
  { error: "address must be an object." },
);

const emptyAddress = {
  line1: null,
  line2: null,
  city: null,
  postalCode: null,
  region: null,
  country: null,
};

/**
 * The whole billing profile (PUT replaces it): a field left out is cleared. A tax ID of a company
 * in the EU, or one with an EU VAT prefix, must have its country's VAT format.
 */
export const billingInfoBody = z
  .strictObject({
    companyName: requiredText("Company name", 200),
    taxId: optionalText("taxId", 50),
    address: address.nullish().transform((value) => value ?? emptyAddress),
    billingEmail: emailAddress("billingEmail"),
  })
  .transform((value, context) => {
    const { address } = value;
    const hasAddress = Object.values(address).some((part) => part !== null);
    if (hasAddress && address.country === null) {
      context.addIssue({
        code: "custom",
        path: ["address", "country"],
        message: "address.country is required when an address is given.",
      });
      return z.NEVER;
    }
    if (value.taxId === null) return value;
    const taxId = checkTaxId(value.taxId, address.country);
    if (!taxId.ok) {
      context.addIssue({ code: "custom", path: ["taxId"], message: taxId.message });
      return z.NEVER;
    }
    return { ...value, taxId: taxId.value };
  });

export type BillingInfoBody = z.output<typeof billingInfoBody>;

// Responses.

export const billingInfoResponse = z
  .object({
    companyName: z.string(),
    taxId: z.string().nullable(),
    address: z.object({
      line1: z.string().nullable(),
      line2: z.string().nullable(),
      city: z.string().nullable(),
      postalCode: z.string().nullable(),
      region: z.string().nullable(),
      country: z.string().nullable().describe("ISO 3166 alpha-2"),
    }),
    billingEmail: z.string(),
    updatedAt: isoInstant,
  })
  .meta({ id: "BillingInfo" });
