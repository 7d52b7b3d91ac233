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
    createdAt: instant("created_at").notNull(),
    deactivatedAt: instant("deactivated_at"),
  },
  (table) => [
    uniqueIndex("users_organization_email_key").on(table.organizationId, sql`lower(${table.email})`),
    index("users_organization_status_idx").on(table.organizationId, table.status),
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
    scheduledCreditBlocks: integer("scheduled_credit_blocks"),
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

/** One row: the last invoice number issued. Bumped inside the issuing transaction, so no gaps. */
export const invoiceNumberSequence = pgTable("invoice_number_sequence", {
  id: integer("id").primaryKey(),
  lastNumber: bigint("last_number", { mode: "number" }).notNull(),
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
  },
  (table) => [
    uniqueIndex("invoices_number_key").on(table.number),
    index("invoices_organization_issued_idx").on(table.organizationId, table.issuedAt),
    uniqueIndex("invoices_renewal_key").on(table.organizationId, table.renewalPeriodStart),
    check("invoices_total_matches", sql`${table.total} = ${table.subtotal} - ${table.creditApplied}`),
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
  (table) => [primaryKey({ columns: [table.scope, table.key] })],
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

/** Transactional outbox: written with the change it announces, delivered later. */
export const outboxEvents = pgTable(
  "outbox_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    organizationId: uuid("organization_id"),
    topic: text("topic").notNull(),
    payload: jsonb("payload").notNull(),
    createdAt: instant("created_at").notNull(),
    deliveredAt: instant("delivered_at"),
    attempts: integer("attempts").notNull().default(0),
  },
  (table) => [index("outbox_events_undelivered_idx").on(table.id).where(sql`${table.deliveredAt} IS NULL`)],
);

/** The manual test clock (BILLING_CLOCK=manual): one row, shared by every process. */
export const testClock = pgTable("test_clock", {
  id: integer("id").primaryKey(),
  now: instant("now").notNull(),
});
