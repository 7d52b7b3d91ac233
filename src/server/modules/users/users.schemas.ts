import { z } from "zod";
import { isoInstant } from "../../validation/responses.js";
import { emailAddress, requiredText } from "../../validation/text.js";

const role = z.enum(["admin", "billing", "member"], {
  error: "role must be 'admin', 'billing' or 'member'.",
});

export const createUserBody = z.strictObject({
  email: emailAddress("email"),
  name: requiredText("name", 200),
  role,
});

export type CreateUserBody = z.infer<typeof createUserBody>;

export const changeRoleBody = z.strictObject({ role });

export type ChangeRoleBody = z.infer<typeof changeRoleBody>;

// Responses.

export const userResponse = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(["admin", "billing", "member"]),
    status: z.enum(["active", "deactivated"]),
    createdAt: isoInstant,
    deactivatedAt: isoInstant.nullable(),
  })
  .meta({ id: "User" });

export const userListResponse = z.object({
  data: z.array(userResponse),
  seats: z.object({ total: z.number().int(), used: z.number().int() }),
});

/** A one-time link for a person to choose a password (or accept signed in). */
export const invitationLink = z
  .object({
    url: z.string().describe("The one-time invitation link (a path: /invite/<token>)"),
    expiresAt: isoInstant,
  })
  .describe("Send this link to the person; it is in this answer only");

export const createdUserResponse = userResponse
  .extend({ invitation: invitationLink })
  .meta({ id: "CreatedUser" });
