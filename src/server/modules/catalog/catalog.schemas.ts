import { z } from "zod";
import { amount } from "../../validation/responses.js";

const perInterval = z.object({ month: amount, year: amount });
const range = z.object({ min: z.number().int(), max: z.number().int() });

export const catalogResponse = z
  .object({
    currencies: z.record(
      z.string(),
      z.object({
        minorUnit: z.number().int().describe("ISO 4217 minor unit digits"),
        seat: perInterval,
        creditBlock: perInterval,
      }),
    ),
    creditsPerSeat: z.number().int(),
    creditsPerBlock: z.number().int(),
    limits: z.object({ seats: range, creditBlocks: range }),
  })
  .meta({ id: "Catalog" });
