import { z } from "zod";
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
