import { z } from "zod";
import { isCountryCode } from "./countries.js";
import { checkTaxId, isEuMember } from "./tax-id.js";
import { parsePercent, type VatRateTable, vatRateTable } from "./vat.js";

// Kept apart from the pricing core so the web bundle, which imports only the types, ships no zod.
const text = z.string().trim().min(1).max(500);
const country = z
  .string()
  .refine(isCountryCode, { message: "must be an ISO 3166 alpha-2 country code (upper case, e.g. DE)" });
const numberFormat = z.strictObject({
  prefix: z.string().max(20).default(""),
  padding: z.number().int().min(0).max(12).default(0),
});

const sellerFileSchema = z
  .strictObject({
    legalName: text,
    address: z.strictObject({
      line1: text,
      line2: text.optional(),
      city: text,
      postalCode: text.optional(),
      region: text.optional(),
      country,
    }),
    vatId: text.optional(),
    /** Charge VAT (SPEC §8). Defaults to true when a VAT ID is given. */
    vatRegistered: z.boolean().optional(),
    /** Company register entry, share capital, managing directors: printed in the footer. */
    registration: text.optional(),
    paymentTerms: z.strictObject({ days: z.number().int().min(0).max(365) }),
    paymentInstructions: text,
    support: z.strictObject({ email: z.string().email(), url: z.string().url().optional() }),
    invoiceNumber: numberFormat.default({ prefix: "", padding: 0 }),
    creditNoteNumber: numberFormat.default({ prefix: "CN-", padding: 0 }),
    /** Overrides of the shipped EU standard rates, as percentages: {"EE": "24"}. */
    vatRates: z
      .record(
        z.string().refine(isEuMember, { message: "not an EU member state" }),
        z.string().refine(
          (value) => {
            try {
              parsePercent(value);
              return true;
            } catch {
              return false;
            }
          },
          { message: 'must be a percentage with at most two decimals, e.g. "19" or "25.5"' },
        ),
      )
      .default({}),
  })
  .superRefine((value, context) => {
    if (value.vatRegistered && !value.vatId) {
      context.addIssue({
        code: "custom",
        path: ["vatId"],
        message: "a VAT-registered seller needs its VAT ID",
      });
    }
    if (value.vatId && isEuMember(value.address.country)) {
      const check = checkTaxId(value.vatId, value.address.country);
      if (!check.ok) context.addIssue({ code: "custom", path: ["vatId"], message: check.message });
    }
  });

export type SellerFile = z.infer<typeof sellerFileSchema>;

/** The seller as the product uses it: the file's fields, the VAT ID compact, the rates resolved. */
export type Seller = {
  legalName: string;
  address: {
    line1: string;
    line2: string | null;
    city: string;
    postalCode: string | null;
    region: string | null;
    country: string;
  };
  vatId: string | null;
  vatRegistered: boolean;
  registration: string | null;
  paymentTerms: { days: number };
  paymentInstructions: string;
  support: { email: string; url: string | null };
  invoiceNumber: { prefix: string; padding: number };
  creditNoteNumber: { prefix: string; padding: number };
  vatRates: VatRateTable;
  /** The overrides as written in the file (the operator endpoint shows them). */
  vatRateOverrides: Record<string, string>;
};

/** Validates a seller file's JSON; throws one message listing every problem with its path. */
export function parseSeller(json: unknown): Seller {
  const result = sellerFileSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
      .join("; ");
    throw new Error(problems);
  }
  const file = result.data;
  const vatId = file.vatId ? checkTaxId(file.vatId, file.address.country) : null;
  return {
    legalName: file.legalName,
    address: {
      line1: file.address.line1,
      line2: file.address.line2 ?? null,
      city: file.address.city,
      postalCode: file.address.postalCode ?? null,
      region: file.address.region ?? null,
      country: file.address.country,
    },
    vatId: vatId?.ok ? vatId.value : (file.vatId ?? null),
    vatRegistered: file.vatRegistered ?? Boolean(file.vatId),
    registration: file.registration ?? null,
    paymentTerms: file.paymentTerms,
    paymentInstructions: file.paymentInstructions,
    support: { email: file.support.email, url: file.support.url ?? null },
    invoiceNumber: { prefix: file.invoiceNumber.prefix, padding: file.invoiceNumber.padding },
    creditNoteNumber: { prefix: file.creditNoteNumber.prefix, padding: file.creditNoteNumber.padding },
    vatRates: vatRateTable(file.vatRates),
    vatRateOverrides: file.vatRates,
  };
}

/** "WP-" + 42 padded to 6 → "WP-000042". The number itself stays the gapless sequence. */
export function formatDocumentNumber(format: { prefix: string; padding: number }, number: number): string {
  return `${format.prefix}${String(number).padStart(format.padding, "0")}`;
}
