/**
 * Standard VAT rates of the 27 EU member states, as percentages written exactly (no floats).
 * Data, not code: a seller file may override any of them (`vatRates`), for example on the day a
 * member state changes its rate before this table is updated.
 */
export const euStandardVatRates = {
  /** The day the figures below were last checked against the source. */
  date: "2025-08-01",
  source:
    "European Commission, DG TAXUD, 'VAT rates applied in the Member States of the European Union' " +
    "(taxation-customs.ec.europa.eu), situation at 1 July 2025; Romania 21% from 1 August 2025 (Law 141/2025)",
  standard: {
    AT: "20",
    BE: "21",
    BG: "20",
    CY: "19",
    CZ: "21",
    DE: "19",
    DK: "25",
    EE: "24",
    ES: "21",
    FI: "25.5",
    FR: "20",
    GR: "24",
    HR: "25",
    HU: "27",
    IE: "23",
    IT: "22",
    LT: "21",
    LU: "17",
    LV: "21",
    MT: "18",
    NL: "21",
    PL: "23",
    PT: "23",
    RO: "21",
    SE: "25",
    SI: "22",
    SK: "23",
  } as Record<string, string>,
};
