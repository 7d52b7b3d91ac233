import { sql } from "drizzle-orm";
import { webPaths } from "../../core/web-paths.js";
import { jsonOf, rowsOf, toDate } from "../db/adapter.js";
import type { Database, Executor } from "../db/client.js";
import { findBillingContacts } from "../modules/billing-info/billing-info.repository.js";
import { findRequesterEmail } from "../modules/change-requests/change-requests.repository.js";
import { organizationNames } from "../modules/organizations/organizations.repository.js";
import { activeMailboxes } from "../modules/users/users.repository.js";
import type {
  CreditNoteEventObject,
  EventType,
  InvoiceEventObject,
} from "../modules/webhooks/event-types.js";
import { type MailLocale, mailLocale, type RenderedMail, templates } from "./mail-templates.js";
import { outboxAuditJoin, outboxPayload } from "./outbox-payload.js";

export interface PlannedMail extends RenderedMail {
  organizationId: string | null;
  dedupeKey: string;
  template: string;
  recipient: string;
  /** The document attached as a PDF when the message is sent (a receipt's). */
  document?: { kind: "invoice" | "credit_note"; id: string };
}

/** Who reads an organization's mail, and in which locale. */
interface Audience {
  name: string;
  admins: string[];
  billingUsers: string[];
  billingEmail: string | null;
  locale: MailLocale;
}

/**
 * The organization's locale for dates and money: the words are English (decision 0047), so an
 * organization billed in the United States (or without a billing country) reads en-US, any other
 * en-GB ("1 Jul 2026").
 */
export function localeOfCountry(country: string | null): string {
  return country === null || country === "US" ? "en-US" : "en-GB";
}

/** Who reads each organization's mail, through the modules that own the people and addresses. */
async function audiences(executor: Executor, organizationIds: readonly string[]) {
  const found = new Map<string, Audience>();
  const [names, mailboxes, contacts] = await Promise.all([
    organizationNames(executor, organizationIds),
    activeMailboxes(executor, organizationIds),
    findBillingContacts(executor, organizationIds),
  ]);
  for (const [id, name] of names) {
    const contact = contacts.get(id);
    found.set(id, {
      name,
      admins: mailboxes.get(id)?.admins ?? [],
      billingUsers: mailboxes.get(id)?.billing ?? [],
      billingEmail: contact?.billingEmail ?? null,
      locale: mailLocale(localeOfCountry(contact?.country ?? null)),
    });
  }
  return found;
}

const unique = (addresses: (string | null)[]) => [
  ...new Set(addresses.filter((a): a is string => Boolean(a)).map((a) => a.toLowerCase())),
];

interface OutboxRow {
  id: number;
  eventId: string;
  organizationId: string | null;
  topic: string;
  object: Record<string, unknown>;
}

/** The messages one event causes (none for most). */
async function mailOf(
  executor: Executor,
  event: OutboxRow,
  audience: Audience | undefined,
  publicUrl: string,
): Promise<PlannedMail[]> {
  if (!audience || !event.organizationId) return [];
  const organizationId = event.organizationId;
  const billingUrl = `${publicUrl}${webPaths.billing}`;
  const each = (template: string, recipients: string[], mail: RenderedMail) =>
    recipients.map((recipient) => ({
      organizationId,
      dedupeKey: `${event.eventId}:${recipient}`,
      template,
      recipient,
      ...mail,
    }));
  const object = event.object;
  switch (event.topic) {
    case "change_request.submitted":
      return each(
        "change_request_waiting",
        unique(audience.admins),
        templates.changeRequestWaiting({ organizationName: audience.name, request: object, url: billingUrl }),
      );
    case "change_request.approved":
    case "change_request.rejected": {
      const requester = await findRequesterEmail(executor, String(object.id));
      return each(
        "change_request_decided",
        unique([requester]),
        templates.changeRequestDecided({ organizationName: audience.name, request: object, url: billingUrl }),
      );
    }
    case "credits.low":
      return each(
        "credits_low",
        unique([...audience.admins, ...audience.billingUsers]),
        templates.creditsLow({
          organizationName: audience.name,
          threshold: Number(object.threshold),
          used: Number(object.used),
          allocation: Number(object.allocation),
          cycleStart: String(object.cycleStart),
          locale: audience.locale,
          url: billingUrl,
        }),
      );
    case "invoice.issued": {
      // Events written before migration 0013 carried the invoice without its display number.
      const issued = object as unknown as InvoiceEventObject;
      const invoice = { ...issued, displayNumber: issued.displayNumber ?? String(issued.number) };
      return each(
        "invoice_receipt",
        unique([audience.billingEmail]),
        templates.invoiceReceipt({
          organizationName: audience.name,
          invoice,
          locale: audience.locale,
          url: `${publicUrl}${webPaths.invoice(invoice.id)}`,
        }),
      ).map((mail) => ({ ...mail, document: { kind: "invoice" as const, id: invoice.id } }));
    }
    case "credit_note.issued": {
      const note = object as unknown as CreditNoteEventObject;
      return each(
        "credit_note_receipt",
        unique([audience.billingEmail]),
        templates.creditNoteReceipt({
          organizationName: audience.name,
          creditNote: note,
          locale: audience.locale,
          url: `${publicUrl}${webPaths.invoice(note.invoiceId)}`,
        }),
      ).map((mail) => ({ ...mail, document: { kind: "credit_note" as const, id: note.id } }));
    }
    default:
      return [];
  }
}

export async function insertMail(executor: Executor, mail: readonly PlannedMail[], now: Date) {
  if (mail.length === 0) return 0;
  const json = JSON.stringify(
    mail.map((m) => ({
      organization_id: m.organizationId,
      dedupe_key: m.dedupeKey,
      template: m.template,
      recipient: m.recipient,
      subject: m.subject,
      text: m.text,
      html: m.html,
      document_kind: m.document?.kind ?? null,
      document_id: m.document?.id ?? null,
    })),
  );
  const rows = rowsOf(
    await executor.execute(sql`
      INSERT INTO email_messages (organization_id, dedupe_key, template, recipient, subject, text, html, status,
        next_attempt_at, created_at, document_kind, document_id)
      SELECT x.organization_id, x.dedupe_key, x.template, x.recipient, x.subject, x.text, x.html, 'pending',
        ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz, x.document_kind, x.document_id
      FROM jsonb_to_recordset(${json}::jsonb) AS x(organization_id uuid, dedupe_key text, template text,
        recipient text, subject text, text text, html text, document_kind text, document_id uuid)
      ON CONFLICT (dedupe_key) DO NOTHING
      RETURNING 1`),
  );
  return rows.length;
}

/**
 * Claims outbox events not yet looked at for e-mail (FOR UPDATE SKIP LOCKED), writes the messages
 * they cause and marks them, in one transaction: a crash leaves them to the next pass, and the
 * dedupe key keeps a message from being planned twice.
 */
export async function planMail(db: Database, input: { now: Date; publicUrl: string; limit?: number }) {
  return db.transaction(async (tx) => {
    const events = rowsOf(
      await tx.execute(sql`
        SELECT o.id, o.event_id, o.organization_id, o.topic, ${outboxPayload} AS payload
        FROM outbox_events o ${outboxAuditJoin}
        WHERE o.delivered_at IS NULL ORDER BY o.id LIMIT ${input.limit ?? 200}
        FOR UPDATE OF o SKIP LOCKED`),
    ).map(
      (row): OutboxRow => ({
        id: Number(row.id),
        eventId: String(row.event_id),
        organizationId: row.organization_id === null ? null : String(row.organization_id),
        topic: String(row.topic),
        object: ((jsonOf(row.payload) as { object?: Record<string, unknown> }).object ?? {}) as Record<
          string,
          unknown
        >,
      }),
    );
    if (events.length === 0) return { events: 0, planned: 0 };
    const mailed = events.filter((event) => event.topic in mailTopics);
    const people = await audiences(
      tx,
      mailed.flatMap((event) => (event.organizationId ? [event.organizationId] : [])),
    );
    const mail: PlannedMail[] = [];
    for (const event of mailed) {
      mail.push(
        ...(await mailOf(
          tx,
          event,
          event.organizationId ? people.get(event.organizationId) : undefined,
          input.publicUrl,
        )),
      );
    }
    const planned = await insertMail(tx, mail, input.now);
    await tx.execute(sql`
      UPDATE outbox_events SET delivered_at = ${input.now.toISOString()}::timestamptz
      WHERE id = ANY (${`{${events.map((event) => event.id).join(",")}}`}::bigint[])`);
    return { events: events.length, planned };
  });
}

/**
 * The event types that cause e-mail. Migration 0018's `event_sends_mail(topic)` holds the same list:
 * an event of any other type is written already past this step (delivered_at set), so the planner
 * never reads or marks it (test/integration/email.test.ts checks that the two agree).
 */
export const mailTopics: Readonly<Partial<Record<EventType, true>>> = {
  "change_request.submitted": true,
  "change_request.approved": true,
  "change_request.rejected": true,
  "credits.low": true,
  "invoice.issued": true,
  "credit_note.issued": true,
};

/**
 * A reminder `days` days (or fewer) before each yearly renewal, to the admins and the billing
 * e-mail; once per subscription, period and recipient. `now` is the billing clock.
 */
export async function planRenewalReminders(
  db: Database,
  input: { now: Date; wallNow: Date; days: number; publicUrl: string },
) {
  const until = new Date(input.now.getTime() + input.days * 86_400_000);
  const due = rowsOf(
    await db.execute(sql`
      SELECT s.id, s.organization_id, s.period_end, s.seats FROM subscriptions s
      WHERE s.interval = 'year' AND s.period_end > ${input.now.toISOString()}::timestamptz
        AND s.period_end <= ${until.toISOString()}::timestamptz
        AND NOT EXISTS (SELECT 1 FROM email_messages m
          WHERE m.dedupe_key LIKE 'renewal:' || s.id || ':' || extract(epoch FROM s.period_end)::bigint || ':%')
      LIMIT 500`),
  );
  if (due.length === 0) return 0;
  const people = await audiences(
    db,
    due.map((row) => String(row.organization_id)),
  );
  const mail: PlannedMail[] = [];
  for (const row of due) {
    const audience = people.get(String(row.organization_id));
    if (!audience) continue;
    const renewsAt = toDate(row.period_end);
    const rendered = templates.renewalReminder({
      organizationName: audience.name,
      renewsAt,
      seats: Number(row.seats),
      locale: audience.locale,
      url: `${input.publicUrl}${webPaths.billing}`,
    });
    for (const recipient of unique([...audience.admins, audience.billingEmail])) {
      mail.push({
        organizationId: String(row.organization_id),
        dedupeKey: `renewal:${String(row.id)}:${Math.floor(renewsAt.getTime() / 1000)}:${recipient}`,
        template: "renewal_reminder",
        recipient,
        ...rendered,
      });
    }
  }
  return insertMail(db, mail, input.wallNow);
}
