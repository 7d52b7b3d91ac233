import { creditCycleContaining, monthlyAllocation } from "../../../core/credits.js";
import { settle } from "../../../core/invoice.js";
import { invoiceDocument } from "../../../core/invoice-document.js";
import { nthPeriod, toWholeSecond } from "../../../core/period.js";
import { recurringTotal } from "../../../core/plan-change.js";
import { renewalLines } from "../../../core/renewal.js";
import { publicOrigin } from "../../config.js";
import type { AppDeps, Caller } from "../../context.js";
import { auditBy } from "../../context.js";
import type { Transaction } from "../../db/client.js";
import { onlyRow } from "../../db/rows.js";
import { billingProfiles, organizations, subscriptions } from "../../db/schema.js";
import { AppError, violationError } from "../../errors.js";
import { insertApiKey, toApiKeyDto } from "../api-keys/api-keys.repository.js";
import { recordAudit } from "../audit/audit.repository.js";
import { requireOperator } from "../auth/authenticate.js";
import { toBillTo } from "../billing-info/billing-info.repository.js";
import { startCreditCycle } from "../credits/credits.repository.js";
import { createInvitation } from "../invitations/invitations.service.js";
import { insertInvoice } from "../invoices/invoices.repository.js";
import { loadSubscription } from "../subscriptions/subscriptions.repository.js";
import { toSubscriptionDto } from "../subscriptions/subscriptions.service.js";
import { insertUser } from "../users/users.repository.js";
import type { ProvisionBody } from "./organizations.schemas.js";

/**
 * The operator creates an organization with its subscription (the period starts now), its first
 * admin, a billing profile, the first invoice, the first credit cycle and an admin API key.
 */
export async function provisionOrganization(
  tx: Transaction,
  deps: AppDeps,
  caller: Caller,
  input: ProvisionBody,
  options: { now?: Date } = {},
) {
  requireOperator(caller.principal);
  const { catalog } = deps;
  if (!catalog.currencies[input.currency]) {
    throw new AppError(
      "currency_not_offered",
      `The price catalog has no prices in ${input.currency}. Offered: ${Object.keys(catalog.currencies).join(", ")}.`,
      422,
      "currency",
    );
  }
  const violations = [];
  const { seats, creditBlocks } = catalog.limits;
  if (input.seats < seats.min || input.seats > seats.max) {
    violations.push({
      code: "seats_out_of_range" as const,
      field: "seats",
      message: `Seat Count must be between ${seats.min} and ${seats.max}.`,
    });
  }
  if (input.additionalCreditBlocks < creditBlocks.min || input.additionalCreditBlocks > creditBlocks.max) {
    violations.push({
      code: "credit_blocks_out_of_range" as const,
      field: "additionalCreditBlocks",
      message: `additionalCreditBlocks must be between ${creditBlocks.min} and ${creditBlocks.max}.`,
    });
  }
  if (violations.length > 0) throw violationError(violations);

  const now = toWholeSecond(options.now ?? deps.clock.now());
  const period = nthPeriod(now, input.interval, 0);
  const organization = onlyRow(
    await tx
      .insert(organizations)
      .values({
        name: input.name,
        currency: input.currency,
        requireApproval: input.requireApproval,
        createdAt: now,
      })
      .returning(),
    "organization insert",
  );
  const admin = await insertUser(tx, {
    organizationId: organization.id,
    email: input.admin.email,
    name: input.admin.name,
    role: "admin",
    now,
  });
  const profile = onlyRow(
    await tx
      .insert(billingProfiles)
      .values({
        organizationId: organization.id,
        companyName: input.name,
        billingEmail: input.admin.email,
        updatedAt: now,
      })
      .returning(),
    "billing profile insert",
  );
  const lines = renewalLines({
    catalog,
    currency: input.currency,
    interval: input.interval,
    seats: input.seats,
    creditBlocks: input.additionalCreditBlocks,
    period,
  });
  const settlement = settle(lines, 0);
  await tx.insert(subscriptions).values({
    organizationId: organization.id,
    seats: input.seats,
    additionalCreditBlocks: input.additionalCreditBlocks,
    interval: input.interval,
    anchorAt: now,
    periodStart: period.start,
    periodEnd: period.end,
    accountCredit: 0,
    createdAt: now,
    updatedAt: now,
  });
  const invoice = await insertInvoice(tx, {
    organizationId: organization.id,
    kind: "initial",
    issuedAt: now,
    currency: input.currency,
    lines,
    settlement,
    // No billing address yet: no tax, and the invoice says the address is missing.
    document: invoiceDocument({
      seller: deps.seller,
      billTo: toBillTo(profile),
      lines,
      settlement,
      issuedAt: now,
    }),
    renewalPeriodStart: period.start,
  });
  await startCreditCycle(tx, {
    organizationId: organization.id,
    cycle: creditCycleContaining(now, now),
    allocation: monthlyAllocation(catalog, input.seats, input.additionalCreditBlocks),
    now,
  });
  const apiKey = await insertApiKey(tx, {
    organizationId: organization.id,
    name: "Admin key (provisioning)",
    role: "admin",
    createdBy: "operator",
    now,
  });
  // The first admin chooses a password through a one-time link, as invited members do (only its
  // hash is stored and it is never audited); the operator hands it over.
  const invitation = await createInvitation(tx, {
    organizationId: organization.id,
    user: admin,
    createdBy: "operator",
    now,
    origin: publicOrigin(deps.config),
  });
  const loaded = await loadSubscription(tx, organization.id, { lock: false });
  if (!loaded) throw new Error("subscription vanished");
  const subscription = toSubscriptionDto(deps, loaded);
  await recordAudit(tx, {
    ...auditBy(caller, organization.id),
    action: "organization.provisioned",
    entityType: "organization",
    entityId: organization.id,
    before: null,
    after: { organization, subscription, admin: { id: admin.id, email: admin.email }, invoiceId: invoice.id },
    occurredAt: now,
  });
  return {
    organization: {
      id: organization.id,
      name: organization.name,
      currency: organization.currency,
      requireApproval: organization.requireApproval,
    },
    subscription,
    admin: { id: admin.id, email: admin.email, name: admin.name, role: admin.role, invitation },
    apiKey: { ...toApiKeyDto(apiKey.row), secret: apiKey.secret },
    invoice,
    recurringTotal: recurringTotal(
      catalog,
      input.currency,
      input.interval,
      input.seats,
      input.additionalCreditBlocks,
    ),
  };
}
