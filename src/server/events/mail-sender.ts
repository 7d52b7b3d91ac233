import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { sql } from "drizzle-orm";
import { rowsOf, toDate } from "../db/adapter.js";
import type { Database } from "../db/client.js";
import { isDeadLetter, type RetryPolicy, retryDelayMs, retryPolicy } from "./retry-schedule.js";

export interface MailMessage {
  id: number;
  organizationId: string | null;
  /** The document to attach as a PDF (a receipt's invoice or credit note). */
  document: { kind: "invoice" | "credit_note"; id: string } | null;
  template: string;
  recipient: string;
  subject: string;
  text: string;
  html: string;
  attempts: number;
  createdAt: Date;
}

/** A file attached to a message (a receipt's PDF). */
export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface MailSenderOptions {
  /** smtp://user:pass@host:port or smtps://…; without it each message is written as an .eml file. */
  smtpUrl?: string | undefined;
  from: string;
  /** Where .eml files go when there is no SMTP server (DATA_DIR/mail). */
  outboxDir: string;
  policy?: RetryPolicy;
  leaseMs?: number;
  /** The message's attachments (start-events renders the receipt's PDF); none by default. */
  attachmentsOf?: (message: MailMessage) => Promise<MailAttachment[]>;
  log?: { info(object: object, message: string): void; warn(object: object, message: string): void };
}

export interface MailSender {
  send(message: MailMessage): Promise<{ file: string | null }>;
  close(): void;
}

/** The transports, made with the first message: nodemailer loads then, not at start (decision 0150). */
async function transportsOf(smtpUrl: string | undefined) {
  const { createTransport } = await import("nodemailer");
  return {
    smtp: smtpUrl ? createTransport(smtpUrl) : undefined,
    files: createTransport({ streamTransport: true, buffer: true, newline: "unix" }),
  };
}

export function createMailSender(options: MailSenderOptions): MailSender {
  let transports: ReturnType<typeof transportsOf> | undefined;
  return {
    async send(message) {
      transports ??= transportsOf(options.smtpUrl);
      const { smtp, files } = await transports;
      const attachments = (await options.attachmentsOf?.(message)) ?? [];
      const mail = {
        from: options.from,
        to: message.recipient,
        subject: message.subject,
        text: message.text,
        html: message.html,
        attachments,
        headers: { "X-WiseParts-Template": message.template },
      };
      if (smtp) {
        await smtp.sendMail(mail);
        return { file: null };
      }
      const built = (await files.sendMail(mail)) as unknown as { message: Buffer };
      await mkdir(options.outboxDir, { recursive: true });
      const file = resolve(
        join(options.outboxDir, `${String(message.id).padStart(8, "0")}-${message.template}.eml`),
      );
      await writeFile(file, built.message);
      options.log?.info(
        { file, to: message.recipient, subject: message.subject },
        "e-mail written (no SMTP_URL)",
      );
      return { file };
    },
    close() {
      void transports?.then(({ smtp }) => smtp?.close());
    },
  };
}

/**
 * Sends the due messages (claimed with a lease, FOR UPDATE SKIP LOCKED, so processes share them);
 * a refusal is retried on the webhook schedule, then the message is dead-lettered.
 */
export async function sendDueMail(
  db: Database,
  sender: MailSender,
  input: { now: () => Date; limit?: number; leaseMs?: number; policy?: RetryPolicy; random?: () => number },
) {
  const now = input.now();
  const lease = new Date(now.getTime() + (input.leaseMs ?? 60_000));
  const claimed = rowsOf(
    await db.execute(sql`
      UPDATE email_messages m SET leased_until = ${lease.toISOString()}::timestamptz
      FROM (SELECT id FROM email_messages
        WHERE status = 'pending' AND next_attempt_at <= ${now.toISOString()}::timestamptz
          AND (leased_until IS NULL OR leased_until <= ${now.toISOString()}::timestamptz)
        ORDER BY id LIMIT ${input.limit ?? 50} FOR UPDATE SKIP LOCKED) c
      WHERE m.id = c.id
      RETURNING m.id, m.organization_id, m.template, m.recipient, m.subject, m.text, m.html, m.attempts,
        m.created_at, m.document_kind, m.document_id`),
  ).map(
    (row): MailMessage => ({
      id: Number(row.id),
      organizationId: row.organization_id === null ? null : String(row.organization_id),
      document:
        row.document_kind === null || row.document_id === null
          ? null
          : {
              kind: row.document_kind === "invoice" ? "invoice" : "credit_note",
              id: String(row.document_id),
            },
      template: String(row.template),
      recipient: String(row.recipient),
      subject: String(row.subject),
      text: String(row.text),
      html: String(row.html),
      attempts: Number(row.attempts),
      createdAt: toDate(row.created_at),
    }),
  );
  let sent = 0;
  for (const message of claimed.sort((a, b) => a.id - b.id)) {
    const attempts = message.attempts + 1;
    try {
      const { file } = await sender.send(message);
      sent++;
      await db.execute(sql`
        UPDATE email_messages SET status = 'sent', attempts = ${attempts}, sent_at = ${input.now().toISOString()}::timestamptz,
          leased_until = NULL, file = ${file}, error = NULL
        WHERE id = ${message.id}`);
    } catch (error) {
      const at = input.now();
      const policy = input.policy ?? retryPolicy;
      const dead = isDeadLetter({ attempts, createdAt: message.createdAt, now: at }, policy);
      const next = new Date(at.getTime() + retryDelayMs(attempts, (input.random ?? Math.random)(), policy));
      await db.execute(sql`
        UPDATE email_messages SET status = ${dead ? "dead" : "pending"}, attempts = ${attempts},
          next_attempt_at = ${next.toISOString()}::timestamptz, leased_until = NULL,
          error = ${error instanceof Error ? error.message.slice(0, 500) : "failed"}
        WHERE id = ${message.id}`);
    }
  }
  return { claimed: claimed.length, sent };
}
