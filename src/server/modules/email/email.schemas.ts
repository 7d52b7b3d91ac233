import { z } from "zod";

/** The e-mail this server sent or wrote as .eml files, newest first (operator). */
export const emailListResponse = z.strictObject({
  data: z.array(
    z.strictObject({
      id: z.number().int(),
      organizationId: z.string().nullable(),
      template: z.string(),
      recipient: z.string(),
      subject: z.string(),
      status: z.enum(["pending", "sent", "dead"]),
      attempts: z.number().int(),
      createdAt: z.string(),
      sentAt: z.string().nullable(),
      file: z.string().nullable(),
      error: z.string().nullable(),
    }),
  ),
  nextCursor: z.number().int().nullable(),
});
