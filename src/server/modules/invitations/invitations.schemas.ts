import { z } from "zod";
import { isoInstant } from "../../validation/responses.js";

// Responses (the request body, acceptBody, is in invitations.service.ts).

export const invitationResponse = z
  .object({
    email: z.string(),
    name: z.string(),
    role: z.enum(["admin", "billing", "member"]),
    organizationName: z.string(),
    identityExists: z.boolean().describe("true: the person signs in to accept; false: chooses a password"),
    expiresAt: isoInstant,
  })
  .meta({ id: "Invitation" });

export const acceptedInvitationResponse = z.object({
  email: z.string(),
  accepted: z.boolean(),
  organizationId: z.string(),
});
