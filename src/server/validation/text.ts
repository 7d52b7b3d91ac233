import { z } from "zod";

// Control characters (NUL above all, which PostgreSQL cannot store) are refused in one-line text.
const controlCharacter = /\p{Cc}/u;

/** A required one-line string: trimmed, non-empty, at most `max` characters. */
export function requiredText(label: string, max: number) {
  return z
    .string({
      error: (issue) => (issue.input === undefined ? `${label} is required.` : `${label} must be text.`),
    })
    .trim()
    .min(1, { error: `${label} is required.` })
    .max(max, { error: `${label} must be at most ${max} characters.` })
    .refine((value) => !controlCharacter.test(value), { error: `${label} must be one line of text.` });
}

/** An optional one-line string: missing, null or blank all mean "none" (null). */
export function optionalText(label: string, max: number) {
  return z
    .string({ error: `${label} must be text or null.` })
    .trim()
    .max(max, { error: `${label} must be at most ${max} characters.` })
    .refine((value) => !controlCharacter.test(value), { error: `${label} must be one line of text.` })
    .nullish()
    .transform((value) => (value ? value : null));
}

/** An e-mail address, trimmed; case is kept but compared case-insensitively. */
export function emailAddress(label: string) {
  return z
    .string({
      error: (issue) => (issue.input === undefined ? `${label} is required.` : `${label} must be text.`),
    })
    .trim()
    .max(254, { error: `${label} must be at most 254 characters.` })
    .pipe(z.email({ error: `${label} must be a valid e-mail address.` }));
}
