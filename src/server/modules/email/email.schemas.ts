import { z } from "zod";

/** The e-mail this server sent or wrote as .eml files, newest first (operator). */
const emailSummary = z.strictObject({
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
});

export const emailListResponse = z.strictObject({
  data: z.array(emailSummary),
  nextCursor: z.number().int().nullable(),
});

/** One message with its bodies (operator): what the recipient reads. */
export const emailDetailResponse = emailSummary
  .extend({
    from: z.string().describe("The sender: the .eml file's From, else MAIL_FROM"),
    text: z.string(),
    html: z.string().describe("Untrusted for display: render it sandboxed, without scripts"),
    attachments: z
      .array(
        z.strictObject({
          filename: z.string(),
          contentType: z.string(),
          size: z.number().int().describe("Bytes"),
        }),
      )
      .nullable()
      .describe(
        "Read from the .eml file; null when unknown (sent through SMTP, not sent yet, or the file is gone)",
      ),
  })
  .meta({ id: "OperatorEmail" });

export const emailIdParams = z.strictObject({ id: z.string().max(20) });
