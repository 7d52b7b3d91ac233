import { count, eq } from "drizzle-orm";
import { addMonths, toWholeSecond } from "../../../core/period.js";
import type { AppDeps, Caller } from "../../context.js";
import { billingProfiles, organizations, users } from "../../db/schema.js";
import { bringUpToDate } from "../../jobs/bring-up-to-date.js";
import { insertApiKey } from "../api-keys/api-keys.repository.js";
import { createIdentity, hashPassword } from "../auth/better-auth.js";
import { findCreditBalance } from "../credits/credits.repository.js";
import type { SpendEventBody } from "../credits/credits.schemas.js";
import { spendCreditsBatch } from "../credits/credits.service.js";
import { SpendCoalescer } from "../credits/spend-coalescer.js";
import type { InvoiceDto } from "../invoices/invoices.repository.js";
import { listInvoices } from "../invoices/invoices.repository.js";
import { recordPayment } from "../invoices/invoices.service.js";
import { provisionOrganization } from "../organizations/organizations.service.js";
import { executeChange } from "../subscriptions/subscriptions.service.js";

/** The demo members' password (demo data only; printed at start). */
export const demoPassword = "demo-password-1";
const demoSignIns = ["admin@acme.example", "billing@acme.example", "mia@acme.example"];

export interface DemoCredentials {
  password: string;
  organizationId: string;
  organizationName: string;
  apiKeys: { role: string; name: string; email?: string; secret: string }[];
}

const seedCaller: Caller = {
  principal: { kind: "operator", actorType: "operator", actorId: "operator" },
  requestId: "seed",
  source: "seed",
};

const demoPeople = [
  { name: "Bea Billing", email: "billing@acme.example", role: "billing" as const },
  { name: "Ben Books", email: "ben@acme.example", role: "billing" as const },
  { name: "Mia Member", email: "mia@acme.example", role: "member" as const },
  { name: "Max Member", email: "max@acme.example", role: "member" as const },
  { name: "Noor Member", email: "noor@acme.example", role: "member" as const },
  { name: "Omar Member", email: "omar@acme.example", role: "member" as const },
  { name: "Pia Member", email: "pia@acme.example", role: "member" as const },
];

/**
 * The demo organization on an empty database: Acme Corp, 10 seats, 8 active users across the
 * three roles, monthly, started a month and a few days ago so it has past invoices.
 * Returns undefined when the database already has organizations.
 */
export async function seedDemo(deps: AppDeps): Promise<DemoCredentials | undefined> {
  const [existing] = await deps.db.select({ value: count() }).from(organizations);
  if ((existing?.value ?? 0) > 0) return undefined;
  const now = toWholeSecond(deps.clock.now());
  const startedAt = new Date(addMonths(now, -1).getTime() - 5 * 86_400_000);
  const credentials = await deps.db.transaction(async (tx) => {
    const created = await provisionOrganization(
      tx,
      deps,
      seedCaller,
      {
        name: "Acme Corp",
        currency: "USD",
        seats: 10,
        additionalCreditBlocks: 2,
        interval: "month",
        requireApproval: false,
        admin: { email: "admin@acme.example", name: "Ada Admin" },
      },
      { now: startedAt },
    );
    const organizationId = created.organization.id;
    await tx
      .insert(users)
      .values(demoPeople.map((person) => ({ ...person, organizationId, createdAt: startedAt })));
    await tx
      .update(billingProfiles)
      .set({
        companyName: "Acme Corp",
        taxId: "DE136695976",
        addressLine1: "Friedrichstraße 68",
        city: "Berlin",
        postalCode: "10117",
        country: "DE",
        billingEmail: "finance@acme.example",
        updatedAt: startedAt,
      })
      .where(eq(billingProfiles.organizationId, organizationId));
    const billingKey = await insertApiKey(tx, {
      organizationId,
      name: "Demo billing key",
      role: "billing",
      createdBy: "seed",
      now: startedAt,
    });
    const spendKey = await insertApiKey(tx, {
      organizationId,
      name: "AI features (spend only)",
      role: "spend",
      createdBy: "seed",
      now: startedAt,
    });
    return {
      spendKeyId: spendKey.row.id,
      password: demoPassword,
      organizationId,
      organizationName: "Acme Corp",
      apiKeys: [
        { role: "admin", name: "Ada Admin", email: "admin@acme.example", secret: created.apiKey.secret },
        { role: "billing", name: "Bea Billing", email: "billing@acme.example", secret: billingKey.secret },
        { role: "spend", name: "AI features", secret: spendKey.secret },
      ],
    };
  });
  // An export customer started the same day (its invoices are numbered in date order with Acme's).
  const globexId = await seedExportCustomer(deps, startedAt);
  // The month that has passed since the start is renewed, then some AI use in the new cycle.
  const now2 = deps.clock.now();
  await bringUpToDate(deps, credentials.organizationId, now2);
  await bringUpToDate(deps, globexId, now2);
  await seedCreditUse(deps, credentials.organizationId, credentials.spendKeyId, now2);
  // A second, small organization where Ada is a billing member too: signed in as
  // admin@acme.example, the header's switcher moves between the two (Acme Corp comes first).
  await deps.db.transaction(async (tx) => {
    const labs = await provisionOrganization(
      tx,
      deps,
      seedCaller,
      {
        name: "Acme Labs",
        currency: "EUR",
        seats: 3,
        additionalCreditBlocks: 0,
        interval: "month",
        requireApproval: false,
        admin: { email: "lab-lead@acme.example", name: "Lee Lab" },
      },
      { now },
    );
    await tx.insert(users).values({
      organizationId: labs.organization.id,
      email: "admin@acme.example",
      name: "Ada Admin",
      role: "billing",
      // Later than Acme Corp's membership, so a first sign-in lands on Acme Corp.
      createdAt: now,
    });
  });
  await seedInvoiceCases(deps, { acmeId: credentials.organizationId, globexId }, startedAt);
  // Sign-in identities live in better-auth's tables, hashed by better-auth's own hasher.
  const passwordHash = await hashPassword(deps.auth, demoPassword);
  await deps.db.transaction(async (tx) => {
    for (const email of demoSignIns) {
      const members = await tx.select().from(users).where(eq(users.email, email));
      const identityId = await createIdentity(tx, {
        email,
        name: members[0]?.name ?? email,
        passwordHash,
        now: startedAt,
      });
      if (identityId) await tx.update(users).set({ authUserId: identityId }).where(eq(users.email, email));
    }
  });
  const { spendKeyId: _spendKeyId, ...printed } = credentials;
  return printed;
}

/** A few days of call analysis and customer insights, so the Billing page shows real use. */
async function seedCreditUse(deps: AppDeps, organizationId: string, spendKeyId: string, now: Date) {
  const balance = await findCreditBalance(deps.db, organizationId);
  if (!balance) return;
  const events: SpendEventBody[] = [];
  const day = 86_400_000;
  for (
    let at = balance.cycleStart.getTime() + day / 2, index = 0;
    at < now.getTime();
    at += day / 3, index++
  ) {
    const feature = index % 3 === 2 ? "customer_insights" : "call_analysis";
    events.push({
      eventId: `demo-${index}`,
      feature,
      credits: feature === "call_analysis" ? 120 + ((index * 37) % 90) : 60 + ((index * 53) % 70),
      occurredAt: new Date(at).toISOString(),
    });
  }
  if (events.length === 0) return;
  const caller: Caller = {
    principal: { kind: "member", organizationId, role: "spend", actorType: "api_key", actorId: spendKeyId },
    requestId: "seed",
    source: "seed",
  };
  await spendCreditsBatch(new SpendCoalescer(deps), caller, { events });
}

/**
 * Invoices that show each VAT case and each status (issue 15): Acme Corp (Berlin, with a VAT ID)
 * is billed German VAT, its first invoice paid and its renewal open; Acme Labs (Paris, VAT ID) is
 * reverse-charged; Globex Inc (Chicago) is billed without VAT as an export, its renewal paid and
 * its first invoice overdue.
 */
async function seedInvoiceCases(
  deps: AppDeps,
  { acmeId, globexId }: { acmeId: string; globexId: string },
  startedAt: Date,
) {
  const now = toWholeSecond(deps.clock.now());
  const invoicesOf = (organizationId: string) => listInvoices(deps.db, organizationId, { limit: 10 }, now);
  const payInFull = async (organizationId: string, invoice: InvoiceDto, paidAt: Date, reference: string) =>
    deps.db.transaction((tx) =>
      recordPayment(tx, deps, seedCaller, organizationId, invoice.id, {
        amount: invoice.amountDue,
        currency: invoice.currency,
        method: "bank_transfer",
        reference,
        paidAt: paidAt.toISOString(),
      }),
    );
  const acmeFirst = (await invoicesOf(acmeId)).find((invoice) => invoice.kind === "initial");
  if (acmeFirst)
    await payInFull(acmeId, acmeFirst, new Date(startedAt.getTime() + 6 * 86_400_000), "SEPA 2026-0042");

  const [labs] = await deps.db.select().from(organizations).where(eq(organizations.name, "Acme Labs"));
  if (labs) {
    await deps.db
      .update(billingProfiles)
      .set({
        companyName: "Acme Labs SAS",
        taxId: "FR40303265045",
        addressLine1: "12 rue de la Paix",
        city: "Paris",
        postalCode: "75002",
        country: "FR",
        billingEmail: "compta@acmelabs.example",
        updatedAt: now,
      })
      .where(eq(billingProfiles.organizationId, labs.id));
    await deps.db.transaction((tx) =>
      executeChange(tx, deps, seedCaller, {
        organizationId: labs.id,
        change: { seatsDelta: 1 },
        action: "subscription.changed",
      }),
    );
  }

  const renewal = (await invoicesOf(globexId)).find((invoice) => invoice.kind === "renewal");
  if (renewal) await payInFull(globexId, renewal, now, "ACH 7781");
}

/** Globex Inc in Chicago: billed in USD without VAT (an export), from `startedAt`. */
async function seedExportCustomer(deps: AppDeps, startedAt: Date): Promise<string> {
  const globex = await deps.db.transaction((tx) =>
    provisionOrganization(
      tx,
      deps,
      seedCaller,
      {
        name: "Globex Inc",
        currency: "USD",
        seats: 5,
        additionalCreditBlocks: 0,
        interval: "month",
        requireApproval: false,
        admin: { email: "admin@globex.example", name: "Hank Scorpio" },
      },
      { now: startedAt },
    ),
  );
  const globexId = globex.organization.id;
  await deps.db
    .update(billingProfiles)
    .set({
      companyName: "Globex Inc",
      taxId: "36-1234567",
      addressLine1: "1 Globex Plaza",
      city: "Chicago",
      postalCode: "60601",
      region: "IL",
      country: "US",
      billingEmail: "ap@globex.example",
      updatedAt: startedAt,
    })
    .where(eq(billingProfiles.organizationId, globexId));
  return globexId;
}
