import * as jsvatModule from "jsvat-next";

// jsvat-next is CommonJS for Node (its named exports are not detectable from ESM) and ESM for
// bundlers; take whichever shape arrived.
const jsvat: typeof jsvatModule =
  (jsvatModule as unknown as { default?: typeof jsvatModule }).default ?? jsvatModule;

interface EuMember {
  name: string;
  /** The VAT prefix; Greece uses EL, not its ISO code GR. */
  vatPrefix: string;
  example: string;
}

/** The 27 EU member states, by ISO 3166 alpha-2 code. */
const euMembers: Record<string, EuMember> = {
  AT: { name: "Austria", vatPrefix: "AT", example: "ATU12345678" },
  BE: { name: "Belgium", vatPrefix: "BE", example: "BE0123456789" },
  BG: { name: "Bulgaria", vatPrefix: "BG", example: "BG123456789" },
  CY: { name: "Cyprus", vatPrefix: "CY", example: "CY12345678X" },
  CZ: { name: "Czechia", vatPrefix: "CZ", example: "CZ12345678" },
  DE: { name: "Germany", vatPrefix: "DE", example: "DE123456789" },
  DK: { name: "Denmark", vatPrefix: "DK", example: "DK12345678" },
  EE: { name: "Estonia", vatPrefix: "EE", example: "EE101234567" },
  ES: { name: "Spain", vatPrefix: "ES", example: "ESX12345678" },
  FI: { name: "Finland", vatPrefix: "FI", example: "FI12345678" },
  FR: { name: "France", vatPrefix: "FR", example: "FR12345678901" },
  GR: { name: "Greece", vatPrefix: "EL", example: "EL123456789" },
  HR: { name: "Croatia", vatPrefix: "HR", example: "HR12345678901" },
  HU: { name: "Hungary", vatPrefix: "HU", example: "HU12345678" },
  IE: { name: "Ireland", vatPrefix: "IE", example: "IE1234567WA" },
  IT: { name: "Italy", vatPrefix: "IT", example: "IT12345678901" },
  LT: { name: "Lithuania", vatPrefix: "LT", example: "LT123456789" },
  LU: { name: "Luxembourg", vatPrefix: "LU", example: "LU12345678" },
  LV: { name: "Latvia", vatPrefix: "LV", example: "LV12345678901" },
  MT: { name: "Malta", vatPrefix: "MT", example: "MT12345678" },
  NL: { name: "Netherlands", vatPrefix: "NL", example: "NL123456789B01" },
  PL: { name: "Poland", vatPrefix: "PL", example: "PL1234567890" },
  PT: { name: "Portugal", vatPrefix: "PT", example: "PT123456789" },
  RO: { name: "Romania", vatPrefix: "RO", example: "RO1234567890" },
  SE: { name: "Sweden", vatPrefix: "SE", example: "SE123456789001" },
  SI: { name: "Slovenia", vatPrefix: "SI", example: "SI12345678" },
  SK: { name: "Slovakia", vatPrefix: "SK", example: "SK1234567890" },
};

const memberByVatPrefix = new Map(Object.entries(euMembers).map(([iso, member]) => [member.vatPrefix, iso]));

export function isEuMember(country: string): boolean {
  return Object.hasOwn(euMembers, country);
}

export type TaxIdCheck = { ok: true; value: string } | { ok: false; message: string };

/**
 * Checks a tax ID against the billing country. An EU VAT number (one that starts with an EU VAT
 * prefix, or any tax ID of a company in the EU) must have the format of its country and is
 * stored compact with its prefix ("de 123 456 789" → "DE123456789"). Other tax IDs are kept as
 * written: their formats are not checked.
 */
export function checkTaxId(input: string, country: string | null): TaxIdCheck {
  const written = input.trim();
  const compact = written.toUpperCase().replace(/[\s.\-/]+/g, "");
  const prefixed = memberByVatPrefix.get(compact.slice(0, 2));
  const home = country !== null && isEuMember(country) ? country : undefined;
  const iso = prefixed ?? home;
  if (!iso) return { ok: true, value: written };
  const member = euMembers[iso] as EuMember;
  const vatNumber = prefixed ? compact : `${member.vatPrefix}${compact}`;
  const rules = jsvat.countries.filter((candidate) => candidate.codes[0] === iso);
  // Format only: checksums are not published for every member state and reject real numbers.
  if (!jsvat.checkVAT(vatNumber, rules).isValidFormat) {
    return {
      ok: false,
      message: `${written} is not a valid VAT number for ${member.name} (expected a format like ${member.example}).`,
    };
  }
  return { ok: true, value: vatNumber };
}
