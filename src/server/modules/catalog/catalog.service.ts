import { minorUnitDigits } from "../../../core/currency.js";
import type { AppDeps, Caller } from "../../context.js";
import { authorize } from "../auth/principal.js";

/** The catalog the server bills with, each currency with its ISO 4217 minor unit. */
export function getCatalog(deps: AppDeps, caller: Caller) {
  // The operator sets the catalog; every organization role may read it.
  if (caller.principal.kind === "member") authorize(caller.principal, "catalog.read");
  const { catalog } = deps;
  const currencies = Object.fromEntries(
    Object.entries(catalog.currencies).map(([currency, prices]) => [
      currency,
      { minorUnit: minorUnitDigits(currency), seat: prices.seat, creditBlock: prices.creditBlock },
    ]),
  );
  return {
    currencies,
    creditsPerSeat: catalog.creditsPerSeat,
    creditsPerBlock: catalog.creditsPerBlock,
    limits: catalog.limits,
  };
}
