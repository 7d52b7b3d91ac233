import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const amount = (name: string) => bigint(name, { mode: "number" });

export const organizations = pgTable("organizations", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  currency: text("currency").notNull(),
  requireApproval: boolean("require_approval").notNull().default(false),
  createdAt: instant("created_at").notNull(),
});

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: ["admin", "billing", "member"] }).notNull(),
    status: text("status", { enum: ["active", "deactivated"] })
      .notNull()
      .default("active"),
    /** The better-auth identity that signs in as this member (null until it has a password). */
    authUserId: text("auth_user_id"),
    createdAt: instant("created_at").notNull(),
    deactivatedAt: instant("deactivated_at"),
  },
  (table) => [
    uniqueIndex("users_organization_email_key").on(table.organizationId, sql`lower(${table.email})`),
    index("users_organization_status_idx").on(table.organizationId, table.status),
    // One identity is a member of many organizations, at most once in each (decision 0020).
    uniqueIndex("users_organization_auth_user_key").on(table.organizationId, table.authUserId),
    index("users_auth_user_idx").on(table.authUserId),
  ],
);

export const subscriptions = pgTable(
  "subscriptions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    seats: integer("seats").notNull(),
    additionalCreditBlocks: integer("additional_credit_blocks").notNull(),
    /**
     * The scheduled decrease (SPEC §3): what the renewal at `scheduled_effective_at` applies. All
     * five columns are set together or all null (a check in migration 0008); the id names the
     * scheduled change, and its application is recorded once in scheduled_change_applications.
     */
    scheduledChangeId: uuid("scheduled_change_id"),
    scheduledSeats: integer("scheduled_seats"),
    scheduledCreditBlocks: integer("scheduled_credit_blocks"),
    scheduledInterval: text("scheduled_interval", { enum: ["month", "year"] }),
    scheduledEffectiveAt: instant("scheduled_effective_at"),
    interval: text("interval", { enum: ["month", "year"] }).notNull(),
    /** Periods and credit cycles are computed from this instant. */
    anchorAt: instant("anchor_at").notNull(),
    periodStart: instant("period_start").notNull(),
    periodEnd: instant("period_end").notNull(),
    accountCredit: amount("account_credit").notNull().default(0),
    version: integer("version").notNull().default(1),
    createdAt: instant("created_at").notNull(),
    updatedAt: instant("updated_at").notNull(),
  },
  (table) => [
    uniqueIndex("subscriptions_organization_key").on(table.organizationId),
    index("subscriptions_period_end_idx").on(table.periodEnd),
    check("subscriptions_seats_positive", sql`${table.seats} > 0`),
    check("subscriptions_blocks_nonnegative", sql`${table.additionalCreditBlocks} >= 0`),
    check("subscriptions_account_credit_nonnegative", sql`${table.accountCredit} >= 0`),
  ],
);

/**
 * One row per scheduled change a renewal applied: the primary key makes "applied exactly once" a
 * fact of the database, and `verify` checks no change was applied before its effective time.
 */
export const scheduledChangeApplications = pgTable(
  "scheduled_change_applications",
  {
    scheduledChangeId: uuid("scheduled_change_id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    effectiveAt: instant("effective_at").notNull(),
    appliedAt: instant("applied_at").notNull(),
    seatsBefore: integer("seats_before").notNull(),
    creditBlocksBefore: integer("credit_blocks_before").notNull(),
    scheduledSeats: integer("scheduled_seats").notNull(),
    seats: integer("seats").notNull(),
    creditBlocks: integer("credit_blocks").notNull(),
    activeUsers: integer("active_users").notNull(),
    recordedAt: instant("recorded_at").notNull(),
  },
  (table) => [index("scheduled_change_applications_organization_idx").on(table.organizationId)],
);

/** One row: the last invoice number issued. Bumped inside the issuing transaction, so no gaps. */
export const invoiceNumberSequence = pgTable("invoice_number_sequence", {
  id: integer("id").primaryKey(),
  lastNumber: bigint("last_number", { mode: "number" }).notNull(),
  /** The latest issue date of any invoice (kept by a trigger): a new number is not dated before it. */
  lastIssuedAt: timestamp("last_issued_at", { withTimezone: true }),
});

export const invoices = pgTable(
  "invoices",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    number: bigint("number", { mode: "number" }).notNull(),
    kind: text("kind", { enum: ["initial", "change", "renewal"] }).notNull(),
    issuedAt: instant("issued_at").notNull(),
    currency: text("currency").notNull(),
    subtotal: amount("subtotal").notNull(),
    creditApplied: amount("credit_applied").notNull(),
    total: amount("total").notNull(),
    /** For renewals: the period billed; unique so a doubled renewal is a no-op. */
    renewalPeriodStart: instant("renewal_period_start"),
    /** The sum of the tax lines; total = subtotal − credit applied + tax (SPEC §8). */
    taxTotal: amount("tax_total").notNull().default(0),
    /** [{rate (basis points), country, taxableAmount, amount}], one per rate. */
    taxLines: jsonb("tax_lines").notNull().default([]),
    taxTreatment: text("tax_treatment"),
    /** The legal mention (reverse charge, export) or note (billing address missing). */
    taxMention: text("tax_mention"),
    /** The seller and the bill-to as they were at issue time (null on invoices issued before). */
    seller: jsonb("seller"),
    billTo: jsonb("bill_to"),
    dueAt: instant("due_at"),
    status: text("status", { enum: ["open", "paid", "void"] })
      .notNull()
      .default("open"),
    amountPaid: amount("amount_paid").notNull().default(0),
    /** The credit notes' totals against this invoice (tax included); never above the total. */
    amountCredited: amount("amount_credited").notNull().default(0),
    paidAt: instant("paid_at"),
  },
  (table) => [
    uniqueIndex("invoices_number_key").on(table.number),
    index("invoices_organization_issued_idx").on(table.organizationId, table.issuedAt),
    uniqueIndex("invoices_renewal_key").on(table.organizationId, table.renewalPeriodStart),
    check(
      "invoices_total_matches",
      sql`${table.total} = ${table.subtotal} - ${table.creditApplied} + ${table.taxTotal}`,
    ),
    check(
      "invoices_settled_within_total",
      sql`${table.amountPaid} >= 0 AND ${table.amountCredited} >= 0 AND (${table.total} <= 0 OR (${table.amountPaid} <= ${table.total} AND ${table.amountCredited} <= ${table.total}))`,
    ),
  ],
);

/** Payments the operator (or the host) recorded against an invoice. */
export const invoicePayments = pgTable(
  "invoice_payments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    invoiceId: uuid("invoice_id")
      .notNull()
      .references(() => invoices.id),
    amount: amount("amount").notNull(),
    currency: text("currency").notNull(),
    method: text("method").notNull(),
    reference: text("reference"),
    paidAt: instant("paid_at").notNull(),
    recordedAt: instant("recorded_at").notNull(),
  },
  (table) => [
    index("invoice_payments_invoice_idx").on(table.invoiceId),
    check("invoice_payments_amount_positive", sql`${table.amount} > 0`),
  ],
);

/** One row: the last credit-note number issued (a gapless series of its own, like invoices). */
export const creditNoteNumberSequence = pgTable("credit_note_number_sequence", {
  id: integer("id").primaryKey(),
  lastNumber: bigint("last_number", { mode: "number" }).notNull(),
});

/** A credit note: a document of its own that takes back (part of) one invoice. */
export const creditNotes = pgTable(
  "credit_notes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    number: bigint("number", { mode: "number" }).notNull(),
    invoiceId: uuid("invoice_id")
      .notNull()
      .references(() => invoices.id),
    reason: text("reason", { enum: ["void", "correction", "interval_switch"] }).notNull(),
    memo: text("memo"),
    issuedAt: instant("issued_at").notNull(),
    currency: text("currency").notNull(),
    /** [{description, amount}] in positive amounts: what is credited. */
    lines: jsonb("lines").notNull(),
    subtotal: amount("subtotal").notNull(),
    taxTotal: amount("tax_total").notNull(),
    taxLines: jsonb("tax_lines").notNull().default([]),
    total: amount("total").notNull(),
    /** Added to the organization's account credit (the part not set against the invoice's open amount). */
    accountCredit: amount("account_credit").notNull().default(0),
    seller: jsonb("seller"),
    billTo: jsonb("bill_to"),
  },
  (table) => [
    uniqueIndex("credit_notes_number_key").on(table.number),
    index("credit_notes_invoice_idx").on(table.invoiceId),
    // Lists and the account credit history read one organization's notes (decision 0110).
    index("credit_notes_organization_idx").on(table.organizationId, table.number),
    check("credit_notes_total_matches", sql`${table.total} = ${table.subtotal} + ${table.taxTotal}`),
    check("credit_notes_positive", sql`${table.total} > 0 AND ${table.accountCredit} >= 0`),
  ],
);

export const invoiceLines = pgTable(
  "invoice_lines",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    invoiceId: uuid("invoice_id")
      .notNull()
      .references(() => invoices.id),
    organizationId: uuid("organization_id").notNull(),
    position: integer("position").notNull(),
    kind: text("kind").notNull(),
    description: text("description").notNull(),
    quantity: integer("quantity").notNull(),
    unitAmount: amount("unit_amount").notNull(),
    amount: amount("amount").notNull(),
    periodStart: instant("period_start").notNull(),
    periodEnd: instant("period_end").notNull(),
  },
  (table) => [uniqueIndex("invoice_lines_invoice_position_key").on(table.invoiceId, table.position)],
);

export const billingProfiles = pgTable("billing_profiles", {
  organizationId: uuid("organization_id")
    .primaryKey()
    .references(() => organizations.id),
  companyName: text("company_name").notNull(),
  taxId: text("tax_id"),
  addressLine1: text("address_line1"),
  addressLine2: text("address_line2"),
  city: text("city"),
  postalCode: text("postal_code"),
  region: text("region"),
  country: text("country"),
  billingEmail: text("billing_email").notNull(),
  updatedAt: instant("updated_at").notNull(),
});

export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    organizationId: uuid("organization_id"),
    actorType: text("actor_type", {
      enum: ["user", "api_key", "operator", "scheduler", "system"],
    }).notNull(),
    actorId: text("actor_id"),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    before: jsonb("before"),
    after: jsonb("after"),
    occurredAt: instant("occurred_at").notNull(),
    source: text("source").notNull(),
    requestId: text("request_id"),
  },
  (table) => [index("audit_events_organization_idx").on(table.organizationId, table.id)],
);

export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    scope: text("scope").notNull(),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    statusCode: integer("status_code").notNull(),
    responseBody: jsonb("response_body").notNull(),
    createdAt: instant("created_at").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.scope, table.key] }),
    // The retention job deletes the oldest keys in order.
    index("idempotency_keys_created_at_idx").on(table.createdAt),
  ],
);

/**
 * Sign-in attempts per key (a hash of the client IP, or of the IP and e-mail) and minute window,
 * shared by every process on the database; counted by one upsert, purged by the scheduler.
 */
export const signInAttempts = pgTable(
  "sign_in_attempts",
  {
    key: text("key").notNull(),
    windowStart: instant("window_start").notNull(),
    attempts: integer("attempts").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.key, table.windowStart] }),
    index("sign_in_attempts_window_idx").on(table.windowStart),
  ],
);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    name: text("name").notNull(),
    role: text("role", { enum: ["admin", "billing", "member", "spend"] }).notNull(),
    /** The first characters of the key, shown in lists so a key can be recognised. */
    prefix: text("prefix").notNull(),
    /** SHA-256 of the secret: keys are 256-bit random, so a fast hash is safe here. */
    secretHash: text("secret_hash").notNull(),
    createdAt: instant("created_at").notNull(),
    createdBy: text("created_by"),
    revokedAt: instant("revoked_at"),
    lastUsedAt: instant("last_used_at"),
  },
  (table) => [
    uniqueIndex("api_keys_secret_hash_key").on(table.secretHash),
    index("api_keys_organization_idx").on(table.organizationId),
  ],
);

/** The balance of the current credit cycle; always equal to the sum of its ledger entries. */
export const creditBalances = pgTable(
  "credit_balances",
  {
    organizationId: uuid("organization_id")
      .primaryKey()
      .references(() => organizations.id),
    cycleStart: instant("cycle_start").notNull(),
    cycleEnd: instant("cycle_end").notNull(),
    allocation: bigint("allocation", { mode: "number" }).notNull(),
    balance: bigint("balance", { mode: "number" }).notNull(),
  },
  (table) => [
    check("credit_balances_nonnegative", sql`${table.balance} >= 0`),
    // The scheduler walks this index in order, with a cursor, to find the cycles that ended.
    index("credit_balances_cycle_end_organization_idx").on(table.cycleEnd, table.organizationId),
  ],
);

export const creditLedger = pgTable(
  "credit_ledger",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    organizationId: uuid("organization_id").notNull(),
    cycleStart: instant("cycle_start").notNull(),
    kind: text("kind", { enum: ["grant", "spend", "expiry", "adjustment"] }).notNull(),
    credits: bigint("credits", { mode: "number" }).notNull(),
    eventId: text("event_id"),
    feature: text("feature"),
    /** The cycle's balance right after this entry: a repeated spend answers with it. */
    balanceAfter: bigint("balance_after", { mode: "number" }),
    occurredAt: instant("occurred_at").notNull(),
    recordedAt: instant("recorded_at").notNull(),
  },
  (table) => [
    uniqueIndex("credit_ledger_event_key").on(table.organizationId, table.eventId),
    index("credit_ledger_organization_cycle_idx").on(table.organizationId, table.cycleStart),
    index("credit_ledger_organization_id_idx").on(table.organizationId, table.id),
    check(
      "credit_ledger_sign",
      sql`(${table.kind} = 'grant' AND ${table.credits} >= 0) OR (${table.kind} IN ('spend', 'expiry') AND ${table.credits} <= 0) OR ${table.kind} = 'adjustment'`,
    ),
  ],
);

/** Low-balance notices: one per organization, cycle and threshold (80% and 100% used). */
export const creditNotices = pgTable(
  "credit_notices",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    cycleStart: instant("cycle_start").notNull(),
    threshold: integer("threshold").notNull(),
    allocation: bigint("allocation", { mode: "number" }).notNull(),
    used: bigint("used", { mode: "number" }).notNull(),
    createdAt: instant("created_at").notNull(),
  },
  (table) => [
    uniqueIndex("credit_notices_cycle_threshold_key").on(
      table.organizationId,
      table.cycleStart,
      table.threshold,
    ),
  ],
);

/**
 * Transactional outbox: written with the change it announces (triggers of migration 0011 turn
 * audit events and new invoices into events, assign the organization's sequence number and fan
 * the event out to the matching webhook endpoints), delivered later by src/server/events.
 * `deliveredAt` is when the e-mail step has planned its messages for the event; an event of a type
 * that causes no e-mail is written with it set (migration 0018, `mailTopics`), so only mail waits.
 */
export const outboxEvents = pgTable(
  "outbox_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** The event's public id (the `webhook-id` header): the same on every retry and replay. */
    eventId: uuid("event_id").notNull().defaultRandom(),
    organizationId: uuid("organization_id"),
    /** 1, 2, 3 … per organization, in commit order (assigned under the organization's counter lock). */
    sequence: bigint("sequence", { mode: "number" }),
    topic: text("topic").notNull(),
    version: integer("version").notNull().default(1),
    /**
     * The event's `{object, previous}` (and for audit events `action`), written here by the issuers
     * of invoice.issued and credits.low. Null for an event published from an audit event: its
     * payload is read from that row (`auditEventId`, `outboxPayload`), which is never changed or
     * deleted, instead of writing its before/after a second time (migration 0017, decision 0143).
     */
    payload: jsonb("payload"),
    /** The audit event this event publishes (audit_events_publish), whose payload it reads. */
    auditEventId: bigint("audit_event_id", { mode: "number" }),
    createdAt: instant("created_at").notNull(),
    deliveredAt: instant("delivered_at"),
    attempts: integer("attempts").notNull().default(0),
  },
  (table) => [
    index("outbox_events_undelivered_idx").on(table.id).where(sql`${table.deliveredAt} IS NULL`),
    uniqueIndex("outbox_events_event_id_key").on(table.eventId),
    index("outbox_events_organization_idx").on(table.organizationId, table.createdAt),
    index("outbox_events_created_idx").on(table.createdAt),
  ],
);

/** The last event sequence number of each organization. */
export const eventSequences = pgTable("event_sequences", {
  organizationId: uuid("organization_id").primaryKey(),
  last: bigint("last", { mode: "number" }).notNull(),
});

/**
 * Webhook endpoints: the operator's (organizationId null: every organization's events) and an
 * organization admin's (its own). An empty `eventTypes` means every type.
 */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id"),
    url: text("url").notNull(),
    description: text("description"),
    eventTypes: text("event_types").array().notNull().default(sql`'{}'::text[]`),
    /** `whsec_…`: the signing secret. During a rotation the previous one also signs until it expires. */
    secret: text("secret").notNull(),
    previousSecret: text("previous_secret"),
    previousSecretExpiresAt: instant("previous_secret_expires_at"),
    enabled: boolean("enabled").notNull().default(true),
    disabledAt: instant("disabled_at"),
    disabledReason: text("disabled_reason"),
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    failingSince: instant("failing_since"),
    createdAt: instant("created_at").notNull(),
    createdBy: text("created_by"),
  },
  (table) => [index("webhook_endpoints_organization_idx").on(table.organizationId)],
);

/**
 * One queue per (endpoint, organization): the unit a worker claims, so that an organization's
 * events reach an endpoint in order while other organizations and endpoints go on in parallel.
 */
export const webhookStreams = pgTable(
  "webhook_streams",
  {
    endpointId: uuid("endpoint_id").notNull(),
    organizationId: uuid("organization_id").notNull(),
    /** When its head delivery is due; null when nothing is pending. */
    nextAttemptAt: instant("next_attempt_at"),
    /** A worker holds the stream until then; a crashed worker's lease runs out and another takes over. */
    leasedUntil: instant("leased_until"),
    /**
     * Deliveries queued so far: a worker releasing the stream compares it with what it read at its
     * claim, so an event committed meanwhile keeps the stream due.
     */
    enqueued: bigint("enqueued", { mode: "number" }).notNull().default(0),
  },
  (table) => [
    primaryKey({ columns: [table.endpointId, table.organizationId] }),
    index("webhook_streams_due_idx").on(table.nextAttemptAt).where(sql`${table.nextAttemptAt} IS NOT NULL`),
  ],
);

/** One event to one endpoint (a replay adds another): its state and last attempt, the delivery log. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    endpointId: uuid("endpoint_id").notNull(),
    organizationId: uuid("organization_id").notNull(),
    outboxId: bigint("outbox_id", { mode: "number" }).notNull(),
    status: text("status", { enum: ["pending", "delivered", "dead"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    replay: boolean("replay").notNull().default(false),
    createdAt: instant("created_at").notNull(),
    lastAttemptAt: instant("last_attempt_at"),
    responseStatus: integer("response_status"),
    latencyMs: integer("latency_ms"),
    error: text("error"),
    deliveredAt: instant("delivered_at"),
  },
  (table) => [
    index("webhook_deliveries_stream_idx")
      .on(table.endpointId, table.organizationId, table.id)
      .where(sql`${table.status} = 'pending'`),
    index("webhook_deliveries_endpoint_idx").on(table.endpointId, table.id),
    // Retention (decision 0085): finished deliveries by age, and whether an event still has any.
    index("webhook_deliveries_finished_idx").on(table.lastAttemptAt).where(sql`${table.status} <> 'pending'`),
    index("webhook_deliveries_outbox_idx").on(table.outboxId),
  ],
);

/** E-mail to people, planned from outbox events (and renewal reminders), sent by the mail worker. */
export const emailMessages = pgTable(
  "email_messages",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    organizationId: uuid("organization_id"),
    /** Makes planning idempotent: e.g. `<event id>:<recipient>` or `renewal:<subscription>:<period>:<recipient>`. */
    dedupeKey: text("dedupe_key").notNull(),
    template: text("template").notNull(),
    recipient: text("recipient").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html").notNull(),
    status: text("status", { enum: ["pending", "sent", "dead"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: instant("next_attempt_at").notNull(),
    leasedUntil: instant("leased_until"),
    createdAt: instant("created_at").notNull(),
    sentAt: instant("sent_at"),
    /** Where the message was written when no SMTP_URL is set. */
    file: text("file"),
    error: text("error"),
    /** The document attached as a PDF (a receipt's invoice or credit note), rendered when sent. */
    documentKind: text("document_kind", { enum: ["invoice", "credit_note"] }),
    documentId: uuid("document_id"),
  },
  (table) => [
    uniqueIndex("email_messages_dedupe_key").on(table.dedupeKey),
    index("email_messages_due_idx").on(table.nextAttemptAt).where(sql`${table.status} = 'pending'`),
    index("email_messages_finished_idx").on(table.createdAt).where(sql`${table.status} <> 'pending'`),
  ],
);

/** The manual test clock (BILLING_CLOCK=manual): one row, shared by every process. */
export const testClock = pgTable("test_clock", {
  id: integer("id").primaryKey(),
  now: instant("now").notNull(),
});

/** The organization's change requests (SPEC §7); at most one pending per organization. */
export const changeRequests = pgTable(
  "change_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    status: text("status", { enum: ["pending", "approved", "rejected", "withdrawn"] }).notNull(),
    requestedByType: text("requested_by_type", { enum: ["user", "api_key"] }).notNull(),
    requestedById: text("requested_by_id").notNull(),
    requestedAt: instant("requested_at").notNull(),
    note: text("note"),
    /** The subscription when the request was made: {seats, additionalCreditBlocks, interval}. */
    current: jsonb("current").notNull(),
    seats: integer("seats").notNull(),
    additionalCreditBlocks: integer("additional_credit_blocks").notNull(),
    interval: text("interval", { enum: ["month", "year"] }).notNull(),
    quoteAtSubmission: jsonb("quote_at_submission").notNull(),
    decidedByType: text("decided_by_type"),
    decidedById: text("decided_by_id"),
    decidedAt: instant("decided_at"),
    reason: text("reason"),
    invoiceId: uuid("invoice_id"),
  },
  (table) => [
    uniqueIndex("change_requests_one_pending_key")
      .on(table.organizationId)
      .where(sql`${table.status} = 'pending'`),
    index("change_requests_organization_idx").on(table.organizationId, table.requestedAt),
  ],
);

/** One-time invitation links: only the SHA-256 of the token is kept. */
export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    tokenHash: text("token_hash").notNull(),
    expiresAt: instant("expires_at").notNull(),
    acceptedAt: instant("accepted_at"),
    createdAt: instant("created_at").notNull(),
    createdBy: text("created_by"),
  },
  (table) => [uniqueIndex("invitations_token_hash_key").on(table.tokenHash)],
);

/** Deployment-wide settings that must survive restarts (e.g. the session signing secret). */
export const appSettings = pgTable("app_settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

// better-auth's tables (sign-in, sessions, credentials). Membership, roles and status live in
// `users`, next to the seat rules they are checked with (decision 0010).
export const authUsers = pgTable(
  "auth_users",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    email: text("email").notNull().unique(),
    emailVerified: boolean("email_verified").notNull().default(false),
    image: text("image"),
    createdAt: instant("created_at").notNull(),
    updatedAt: instant("updated_at").notNull(),
  },
  // An e-mail is one identity whatever its case (stored lower-case; this holds it).
  (table) => [uniqueIndex("auth_users_email_lower_key").on(sql`lower(${table.email})`)],
);

export const authSessions = pgTable(
  "auth_sessions",
  {
    id: text("id").primaryKey(),
    expiresAt: instant("expires_at").notNull(),
    token: text("token").notNull().unique(),
    createdAt: instant("created_at").notNull(),
    updatedAt: instant("updated_at").notNull(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    userId: text("user_id")
      .notNull()
      .references(() => authUsers.id, { onDelete: "cascade" }),
    /** The one organization this session acts on (decision 0020); set when it is created. */
    organizationId: uuid("organization_id").references(() => organizations.id),
  },
  (table) => [
    index("auth_sessions_user_idx").on(table.userId),
    index("auth_sessions_organization_user_idx").on(table.organizationId, table.userId),
  ],
);

export const authAccounts = pgTable(
  "auth_accounts",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    providerId: text("provider_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => authUsers.id, { onDelete: "cascade" }),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: instant("access_token_expires_at"),
    refreshTokenExpiresAt: instant("refresh_token_expires_at"),
    scope: text("scope"),
    password: text("password"),
    createdAt: instant("created_at").notNull(),
    updatedAt: instant("updated_at").notNull(),
  },
  (table) => [index("auth_accounts_user_idx").on(table.userId)],
);

export const authVerifications = pgTable("auth_verifications", {
  id: text("id").primaryKey(),
  identifier: text("identifier").notNull(),
  value: text("value").notNull(),
  expiresAt: instant("expires_at").notNull(),
  createdAt: instant("created_at").notNull(),
  updatedAt: instant("updated_at").notNull(),
});
