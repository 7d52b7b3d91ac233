// The audit trail in plain words: who did what, from where. Pure and shared, so the Activity page
// and the server's CSV export (GET /audit-events/export.csv) say the same thing.

/** What these words read of an audit event (the shape GET /audit-events answers). */
export interface AuditEvent {
  occurredAt: string;
  actor: { type: "user" | "api_key" | "operator" | "scheduler" | "system"; id: string | null };
  action: string;
  before: unknown;
  after: unknown;
  source: string;
  requestId: string | null;
}

const sentences: Record<string, string> = {
  "subscription.changed": "changed the subscription",
  "subscription.renewed": "renewed the subscription",
  "subscription.overridden": "overrode the subscription (support)",
  "subscription.scheduled_change_scheduled": "scheduled a decrease for the renewal",
  "subscription.scheduled_change_replaced": "replaced the decrease scheduled for the renewal",
  "subscription.scheduled_change_cancelled": "cancelled the decrease scheduled for the renewal",
  "subscription.scheduled_change_applied": "applied the scheduled decrease at the renewal",
  "change_request.submitted": "submitted a change request",
  "change_request.approved": "approved a change request",
  "change_request.rejected": "rejected a change request",
  "change_request.withdrawn": "withdrew a change request",
  "billing_info.updated": "updated the billing information",
  "user.created": "invited a user",
  "user.deactivated": "deactivated a user",
  "user.reactivated": "reactivated a user",
  "user.role_changed": "changed a user's role",
  "invitation.accepted": "accepted an invitation",
  "api_key.created": "created an API key",
  "api_key.revoked": "revoked an API key",
  "organization.settings_changed": "changed the organization's settings",
  "organization.provisioned": "created the organization",
  "credits.cycle_reset": "reset the AI credits for a new cycle",
  "credits.adjusted": "adjusted the AI credits",
  "test_clock.moved": "moved the test clock",
  "invoice.payment_recorded": "recorded a payment",
  "invoice.paid": "marked an invoice paid",
  "invoice.voided": "voided an invoice",
  "credit_note.issued": "issued a credit note",
  "credits.low": "warned that AI credits are running low",
  "webhook_endpoint.created": "added a webhook endpoint",
  "webhook_endpoint.updated": "changed a webhook endpoint",
  "webhook_endpoint.disabled": "disabled a webhook endpoint",
  "webhook_endpoint.replayed": "replayed webhook events",
  "webhook_endpoint.secret_rotated": "rotated a webhook signing secret",
  "webhook_endpoint.deleted": "deleted a webhook endpoint",
};

/**
 * The kinds of change the Activity page filters by (`?area=` of GET /audit-events): each is the
 * first word of the actions it holds.
 */
export const categories = [
  { id: "subscription", label: "Subscription", prefixes: ["subscription"] },
  { id: "change_request", label: "Change requests", prefixes: ["change_request"] },
  { id: "invoice", label: "Invoices and credit notes", prefixes: ["invoice", "credit_note"] },
  { id: "user", label: "Users", prefixes: ["user", "invitation"] },
  { id: "billing_info", label: "Billing information", prefixes: ["billing_info"] },
  { id: "api_key", label: "API keys", prefixes: ["api_key"] },
  { id: "webhook", label: "Webhooks", prefixes: ["webhook_endpoint"] },
  { id: "credits", label: "Credits", prefixes: ["credits"] },
  { id: "organization", label: "Organization", prefixes: ["organization", "test_clock"] },
] as const;

export type CategoryId = (typeof categories)[number]["id"];
export const categoryIds = categories.map((category) => category.id) as [CategoryId, ...CategoryId[]];

/** The first words of the actions a category holds. */
export function prefixesOf(id: CategoryId): readonly string[] {
  return categories.find((category) => category.id === id)?.prefixes ?? [id];
}

export const categoryOf = (action: string) => {
  const prefix = action.split(".")[0] ?? action;
  return (
    categories.find((category) => (category.prefixes as readonly string[]).includes(prefix))?.id ?? prefix
  );
};

const labels: Record<string, string> = {
  seats: "Seats",
  additionalCreditBlocks: "Additional credit blocks",
  interval: "Billing period",
  billingEmail: "Billing email",
  companyName: "Company name",
  taxId: "Tax ID",
  role: "Role",
  status: "Status",
  name: "Name",
  email: "Email",
  requireApprovalForChanges: "Require approval",
  requireApproval: "Require approval",
  reason: "Reason",
};

const show = (value: unknown): string => {
  if (value === null || value === undefined || value === "") return "none";
  if (value === "month") return "monthly";
  if (value === "year") return "yearly";
  if (value === true) return "on";
  if (value === false) return "off";
  if (typeof value === "number") return value.toLocaleString("en-US");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
};

const record = (value: unknown): Record<string, unknown> =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** "Seats 10 → 12, Billing period monthly → yearly": the named fields that differ. */
export function changesOf(event: Pick<AuditEvent, "before" | "after">, skip: readonly string[] = []): string {
  const before = record(event.before);
  const after = record(event.after);
  const parts: string[] = [];
  // A change request carries what was asked: its own before → after.
  if (after.current && after.requested)
    parts.push(changesOf({ before: after.current, after: after.requested }));
  for (const key of Object.keys(labels)) {
    if (skip.includes(key)) continue;
    if (!(key in before) && !(key in after)) continue;
    const from = before[key];
    const to = after[key];
    if (JSON.stringify(from) === JSON.stringify(to)) continue;
    if (!(key in before)) {
      // A new record's empty fields say nothing.
      if (to !== null && to !== undefined && to !== "") parts.push(`${labels[key]} ${show(to)}`);
    } else parts.push(`${labels[key]} ${show(from)} → ${show(to)}`);
  }
  return parts.filter(Boolean).join(", ");
}

export function who(event: AuditEvent, people: ReadonlyMap<string, string>): string {
  switch (event.actor.type) {
    case "user":
      return (event.actor.id && people.get(event.actor.id)) || "A former member";
    case "api_key":
      return "An API key";
    case "scheduler":
      return "WiseParts (automatic)";
    case "operator":
      return "WiseParts support";
    default:
      return event.actor.type;
  }
}

/** "web 203.0.113.9 Mozilla/5.0 …" → "the web app, 203.0.113.9". */
export function whereFrom(source: string): string {
  const [channel, ip] = source.split(" ");
  const place =
    channel === "web"
      ? "the web app"
      : channel === "api"
        ? "the API"
        : channel === "scheduler"
          ? "the scheduler"
          : channel === "seed"
            ? "setup"
            : (channel ?? source);
  return ip ? `${place}, ${ip}` : place;
}

export function describeEvent(event: AuditEvent, people: ReadonlyMap<string, string>): string {
  const what = sentences[event.action] ?? event.action.replaceAll(/[._]/g, " ");
  // The sentence already says a request's status.
  const changes = changesOf(event, event.action.startsWith("change_request.") ? ["status"] : []);
  const sentence = `${who(event, people)} ${what}${changes ? `: ${changes}` : ""}`;
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

const cell = (value: string) =>
  /[",\n\r]/.test(value) || /^[=+\-@\t]/.test(value)
    ? `"${value.replaceAll('"', '""').replace(/^([=+\-@\t])/, "'$1")}"`
    : value;

/** RFC 4180 CSV; a cell a spreadsheet would run as a formula is prefixed with an apostrophe. */
export function activityCsv(events: readonly AuditEvent[], people: ReadonlyMap<string, string>): string {
  const rows = [["time (UTC)", "who", "action", "what", "from", "request"]];
  for (const event of events) {
    rows.push([
      event.occurredAt,
      who(event, people),
      event.action,
      describeEvent(event, people),
      whereFrom(event.source),
      event.requestId ?? "",
    ]);
  }
  return `${rows.map((row) => row.map(cell).join(",")).join("\r\n")}\r\n`;
}
