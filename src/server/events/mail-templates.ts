import { formatMoney } from "../../core/money.js";
import type { CreditNoteEventObject, InvoiceEventObject } from "../modules/webhooks/event-types.js";

/** One template: what it says once; the text and HTML bodies are both drawn from it. */
export interface MailContent {
  subject: string;
  /** Paragraphs of plain text (the HTML escapes them). */
  paragraphs: string[];
  /** Label-value lines shown as a small table. */
  facts?: [string, string][];
  action?: { label: string; url: string };
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

export function render(content: MailContent): RenderedMail {
  const facts = content.facts ?? [];
  const text = [
    ...content.paragraphs,
    ...(facts.length > 0 ? [facts.map(([label, value]) => `${label}: ${value}`).join("\n")] : []),
    ...(content.action ? [`${content.action.label}: ${content.action.url}`] : []),
    "— WiseParts Billing",
  ].join("\n\n");
  const html = [
    '<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#111">',
    ...content.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    facts.length > 0
      ? `<table>${facts.map(([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`).join("")}</table>`
      : "",
    content.action
      ? `<p><a href="${escapeHtml(content.action.url)}">${escapeHtml(content.action.label)}</a></p>`
      : "",
    '<p style="color:#666">— WiseParts Billing</p></body></html>',
  ].join("");
  return { subject: content.subject, text: `${text}\n`, html };
}

/** Dates and amounts in the organization's locale (English words, decision 0047). */
export interface MailLocale {
  locale: string;
  date(value: string | Date): string;
  money(amount: number, currency: string): string;
}

export function mailLocale(locale: string): MailLocale {
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  return {
    locale,
    date: (value) => dates.format(new Date(value)),
    money: (amount, currency) => formatMoney(amount, currency, locale),
  };
}

interface ChangeSummary {
  /** What was asked (a change request's `requested`). */
  requested?: { seats?: number; additionalCreditBlocks?: number; interval?: string };
  seats?: number;
  additionalCreditBlocks?: number;
  interval?: string;
  note?: string | null;
  reason?: string | null;
  status?: string;
}

function asked(request: ChangeSummary): [string, string][] {
  const facts: [string, string][] = [];
  const change = request.requested ?? request;
  if (change.seats !== undefined) facts.push(["Seats", String(change.seats)]);
  if (change.additionalCreditBlocks !== undefined)
    facts.push(["Additional credit blocks", String(change.additionalCreditBlocks)]);
  if (change.interval) facts.push(["Billing", change.interval === "year" ? "yearly" : "monthly"]);
  if (request.note) facts.push(["Note", request.note]);
  return facts;
}

/** As the invitation page says it (InvitePage.tsx). */
const invitedRoles: Record<string, string> = {
  admin: "an admin",
  billing: "a billing member",
  member: "a member",
};

export const templates = {
  changeRequestWaiting(input: { organizationName: string; request: ChangeSummary; url: string }) {
    return render({
      subject: `A change request for ${input.organizationName} waits for your approval`,
      paragraphs: [`A member of ${input.organizationName} asked to change the subscription.`],
      facts: asked(input.request),
      action: { label: "Review the request", url: input.url },
    });
  },
  changeRequestDecided(input: { organizationName: string; request: ChangeSummary; url: string }) {
    const outcome = input.request.status ?? "decided";
    return render({
      subject: `Your change request for ${input.organizationName} was ${outcome}`,
      paragraphs: [
        `Your request to change the subscription of ${input.organizationName} was ${outcome}.`,
        ...(input.request.reason ? [`Reason: ${input.request.reason}`] : []),
      ],
      facts: asked(input.request),
      action: { label: "Open billing", url: input.url },
    });
  },
  creditsLow(input: {
    organizationName: string;
    threshold: number;
    used: number;
    allocation: number;
    cycleStart: string;
    locale: MailLocale;
    url: string;
  }) {
    const numbers = new Intl.NumberFormat(input.locale.locale);
    return render({
      subject:
        input.threshold >= 100
          ? `${input.organizationName} has used all of this cycle's credits`
          : `${input.organizationName} has used ${input.threshold}% of this cycle's credits`,
      paragraphs: [
        input.threshold >= 100
          ? "Spending is refused until the cycle resets or more credits are added."
          : "Add credit blocks before they run out to keep spending.",
      ],
      facts: [
        ["Used", `${numbers.format(input.used)} of ${numbers.format(input.allocation)} credits`],
        ["Cycle started", input.locale.date(input.cycleStart)],
      ],
      action: { label: "Add credits", url: input.url },
    });
  },
  invoiceReceipt(input: {
    organizationName: string;
    invoice: Pick<
      InvoiceEventObject,
      "displayNumber" | "total" | "currency" | "issuedAt" | "dueAt" | "status"
    >;
    locale: MailLocale;
    url: string;
  }) {
    const { invoice, locale } = input;
    return render({
      subject: `Invoice ${invoice.displayNumber} from WiseParts for ${input.organizationName}`,
      paragraphs: [
        `Here is the receipt for invoice ${invoice.displayNumber}; the invoice is attached as a PDF.`,
      ],
      facts: [
        ["Invoice", invoice.displayNumber],
        ["Total", locale.money(invoice.total, invoice.currency)],
        ["Issued", locale.date(invoice.issuedAt)],
        ...(invoice.status === "open" && invoice.dueAt
          ? [["Due", locale.date(invoice.dueAt)] as [string, string]]
          : []),
        ...(invoice.status === "paid" ? [["Status", "paid"] as [string, string]] : []),
      ],
      action: { label: "View the invoice", url: input.url },
    });
  },
  creditNoteReceipt(input: {
    organizationName: string;
    creditNote: Pick<
      CreditNoteEventObject,
      "displayNumber" | "total" | "currency" | "issuedAt" | "reason" | "accountCredit" | "invoiceNumber"
    >;
    locale: MailLocale;
    url: string;
  }) {
    const { creditNote: note, locale } = input;
    const why = {
      void: `It cancels invoice ${note.invoiceNumber}.`,
      correction: `It corrects invoice ${note.invoiceNumber}.`,
      interval_switch: `It credits the unused time of invoice ${note.invoiceNumber} after the change of billing interval.`,
    }[note.reason];
    return render({
      subject: `Credit note ${note.displayNumber} from WiseParts for ${input.organizationName}`,
      paragraphs: [
        `Here is credit note ${note.displayNumber}; it is attached as a PDF. ${why}`,
        ...(note.accountCredit > 0
          ? [
              `${locale.money(note.accountCredit, note.currency)} became account credit, set against your next invoices.`,
            ]
          : []),
      ],
      facts: [
        ["Credit note", note.displayNumber],
        ["Credits invoice", note.invoiceNumber],
        ["Total credited", locale.money(note.total, note.currency)],
        ["Issued", locale.date(note.issuedAt)],
      ],
      action: { label: "View the invoice", url: input.url },
    });
  },
  renewalReminder(input: {
    organizationName: string;
    renewsAt: Date;
    seats: number;
    locale: MailLocale;
    url: string;
  }) {
    return render({
      subject: `${input.organizationName}'s yearly subscription renews on ${input.locale.date(input.renewsAt)}`,
      paragraphs: [
        `The yearly subscription of ${input.organizationName} renews on ${input.locale.date(input.renewsAt)}.`,
        "To change seats or credits for the next year, do it before then.",
      ],
      facts: [["Seats", String(input.seats)]],
      action: { label: "Review the subscription", url: input.url },
    });
  },
  invitation(input: { organizationName: string; role: string; expiresAt: Date; url: string }) {
    return render({
      subject: `You are invited to ${input.organizationName} on WiseParts Billing`,
      paragraphs: [
        `You are invited to join ${input.organizationName} as ${invitedRoles[input.role] ?? "a member"}. Choose a password to sign in; if you already have an account with this e-mail address, sign in to accept.`,
        "The link works once and expires on the date below. If you did not expect this, ignore this message.",
      ],
      facts: [["Link expires", mailLocale("en-US").date(input.expiresAt)]],
      action: { label: "Accept the invitation", url: input.url },
    });
  },
  resetPassword(input: { url: string }) {
    return render({
      subject: "Reset your WiseParts Billing password",
      paragraphs: [
        "Someone asked to reset the password of this e-mail address. The link works once, for an hour.",
        "If it was not you, ignore this message: your password stays as it is.",
      ],
      action: { label: "Choose a new password", url: input.url },
    });
  },
  endpointDisabled(input: { url: string; reason: string; settingsUrl: string }) {
    return render({
      subject: "A webhook endpoint was disabled after repeated failures",
      paragraphs: [
        `Deliveries to ${input.url} kept failing (${input.reason}), so it was disabled.`,
        "What was queued is kept and sent once you enable it again; events while it is disabled are not queued: replay their time range after enabling it.",
      ],
      action: { label: "Open webhook settings", url: input.settingsUrl },
    });
  },
};
