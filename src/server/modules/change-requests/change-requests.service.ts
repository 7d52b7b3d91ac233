import { messages } from "../../../core/errors.js";
import { planChange } from "../../../core/plan-change.js";
import type { AppDeps, Caller } from "../../context.js";
import { auditBy } from "../../context.js";
import { isUniqueViolation } from "../../db/adapter.js";
import type { Executor, Transaction } from "../../db/client.js";
import { AppError, notFound, violationError } from "../../errors.js";
import { bringUpToDateInTransaction } from "../../jobs/bring-up-to-date.js";
import { existingId } from "../../validation/ids.js";
import { recordAudit } from "../audit/audit.repository.js";
import { authorize, can, type OrganizationPrincipal } from "../auth/principal.js";
import { billToOf } from "../billing-info/billing-info.repository.js";
import { findInvoice } from "../invoices/invoices.repository.js";
import { subscriptionSnapshot } from "../subscriptions/subscription-snapshot.js";
import { loadSubscription } from "../subscriptions/subscriptions.repository.js";
import {
  executeChange,
  type QuoteDto,
  quoteOf,
  toSubscriptionDto,
} from "../subscriptions/subscriptions.service.js";
import {
  actorNames,
  type ChangeRequestRow,
  type ChangeRequestStatus,
  decideRequest,
  findLastDecided,
  findPendingRequest,
  findRequest,
  insertRequest,
  listRequests,
  lockRequest,
} from "./change-requests.repository.js";

type Names = Awaited<ReturnType<typeof actorNames>>;

function person(names: Names, id: string | null) {
  if (!id) return null;
  return names.get(id) ?? { id, name: "Former member", email: null };
}

export function toChangeRequestDto(row: ChangeRequestRow, names: Names) {
  return {
    id: row.id,
    status: row.status,
    requestedBy: person(names, row.requestedById),
    requestedAt: row.requestedAt.toISOString(),
    note: row.note,
    current: row.current as { seats: number; additionalCreditBlocks: number; interval: "month" | "year" },
    requested: {
      seats: row.seats,
      additionalCreditBlocks: row.additionalCreditBlocks,
      interval: row.interval,
    },
    // Stored as the quote was answered at submission (jsonb).
    quoteAtSubmission: row.quoteAtSubmission as QuoteDto | null,
    decidedBy: person(names, row.decidedById),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    reason: row.reason,
    invoiceId: row.invoiceId,
  };
}

export type ChangeRequestDto = ReturnType<typeof toChangeRequestDto>;

async function describe(executor: Executor, organizationId: string, rows: ChangeRequestRow[]) {
  const names = await actorNames(executor, organizationId, rows);
  return rows.map((row) => toChangeRequestDto(row, names));
}

/** What the yellow banner and the requester's outcome notice show, for GET /subscription. */
export async function changeRequestBanner(executor: Executor, organizationId: string) {
  const [pending, lastDecided] = await Promise.all([
    findPendingRequest(executor, organizationId),
    findLastDecided(executor, organizationId),
  ]);
  const rows = [pending, lastDecided].filter((row): row is ChangeRequestRow => Boolean(row));
  const described = await describe(executor, organizationId, rows);
  return {
    pendingChangeRequest: pending ? (described[0] ?? null) : null,
    lastDecidedChangeRequest: lastDecided ? (described[pending ? 1 : 0] ?? null) : null,
  };
}

/** Refuses every subscription change while a request is pending (run under the subscription lock). */
export async function refuseWhilePending(executor: Executor, organizationId: string) {
  const pending = await findPendingRequest(executor, organizationId);
  if (pending) throw new AppError("change_request_pending", messages.changeRequestPending, 409);
}

/**
 * The load of a change request's submission: the subscription, locked, brought up to date first
 * when its period has ended (its due work runs in this transaction; the caller's after-commit
 * drops the organization from the caches).
 */
async function loadUpToDate(tx: Transaction, deps: AppDeps, organizationId: string, now: Date) {
  const loaded = await loadSubscription(tx, organizationId, { lock: true });
  if (!loaded || now.getTime() < loaded.row.periodEnd.getTime()) return loaded;
  await bringUpToDateInTransaction(tx, deps, organizationId, now);
  return loadSubscription(tx, organizationId, { lock: true });
}

export async function submitChangeRequest(
  tx: Transaction,
  deps: AppDeps,
  caller: Caller,
  body: {
    seats: number;
    additionalCreditBlocks: number;
    interval: "month" | "year";
    note?: string | null | undefined;
  },
) {
  const principal = authorize(caller.principal, "change_requests.submit");
  const now = deps.clock.now();
  const loaded = await loadUpToDate(tx, deps, principal.organizationId, now);
  if (!loaded) throw notFound("The subscription");
  await refuseWhilePending(tx, principal.organizationId);
  const change = {
    seats: body.seats,
    additionalCreditBlocks: body.additionalCreditBlocks,
    interval: body.interval,
  };
  const plan = planChange({ state: loaded.state, change, catalog: deps.catalog, now });
  if (plan.violations.length > 0) throw violationError(plan.violations);
  if (!plan.changed) {
    throw new AppError(
      "no_change",
      "The requested subscription is the same as the current one.",
      422,
      "seats",
    );
  }
  let row: ChangeRequestRow;
  try {
    row = await insertRequest(tx, {
      organizationId: principal.organizationId,
      status: "pending",
      requestedByType: principal.actorType,
      requestedById: principal.actorId,
      requestedAt: plan.now,
      note: body.note ?? null,
      current: {
        seats: loaded.state.scheduled?.seats ?? loaded.state.seats,
        additionalCreditBlocks:
          loaded.state.scheduled?.additionalCreditBlocks ?? loaded.state.additionalCreditBlocks,
        interval: loaded.state.interval,
      },
      ...change,
      quoteAtSubmission: quoteOf(deps, await billToOf(tx, principal.organizationId), plan),
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError("change_request_pending", messages.changeRequestPending, 409);
    throw error;
  }
  const [dto] = await describe(tx, principal.organizationId, [row]);
  await recordAudit(tx, {
    ...auditBy(caller, principal.organizationId),
    action: "change_request.submitted",
    entityType: "change_request",
    entityId: row.id,
    before: null,
    after: dto,
    occurredAt: plan.now,
  });
  return dto;
}

/** Locks the subscription first, then the request: the same order as every other writer. */
async function lockForDecision(tx: Transaction, principal: OrganizationPrincipal, id: string) {
  const requestId = existingId(id, "The change request");
  const loaded = await loadSubscription(tx, principal.organizationId, { lock: true });
  if (!loaded) throw notFound("The subscription");
  const row = await lockRequest(tx, principal.organizationId, requestId);
  if (!row) throw notFound("The change request");
  return { loaded, row };
}

function alreadyDecided(row: ChangeRequestRow): AppError {
  return new AppError("conflict", `This change request was already ${row.status}.`, 409);
}

async function decided(
  tx: Transaction,
  deps: AppDeps,
  caller: Caller,
  principal: OrganizationPrincipal,
  before: ChangeRequestRow,
  decision: { status: ChangeRequestStatus; reason: string | null; invoiceId: string | null },
) {
  const now = deps.clock.now();
  const row = await decideRequest(tx, before.id, {
    status: decision.status,
    decidedByType: principal.actorType,
    decidedById: principal.actorId,
    decidedAt: now,
    reason: decision.reason,
    invoiceId: decision.invoiceId,
  });
  const [beforeDto, afterDto] = await describe(tx, principal.organizationId, [before, row]);
  await recordAudit(tx, {
    ...auditBy(caller, principal.organizationId),
    action: `change_request.${decision.status}`,
    entityType: "change_request",
    entityId: row.id,
    before: beforeDto,
    after: afterDto,
    occurredAt: now,
  });
  return afterDto as ChangeRequestDto;
}

/**
 * Re-checks every rule and re-prices at approval time through the same compute step as a direct
 * save; a rule that now fails refuses the approval and the request stays pending. Approving an
 * approved request changes nothing and answers with the same outcome.
 */
export async function approveChangeRequest(tx: Transaction, deps: AppDeps, caller: Caller, id: string) {
  const principal = authorize(caller.principal, "change_requests.decide");
  const { loaded, row } = await lockForDecision(tx, principal, id);
  if (row.status === "approved") {
    const [changeRequest] = await describe(tx, principal.organizationId, [row]);
    const invoice = row.invoiceId
      ? await findInvoice(tx, principal.organizationId, row.invoiceId, deps.clock.now())
      : null;
    return { changeRequest, subscription: toSubscriptionDto(deps, loaded), invoice: invoice ?? null };
  }
  if (row.status !== "pending") throw alreadyDecided(row);
  const applied = await executeChange(tx, deps, caller, {
    organizationId: principal.organizationId,
    change: { seats: row.seats, additionalCreditBlocks: row.additionalCreditBlocks, interval: row.interval },
    action: "subscription.changed",
  });
  const changeRequest = await decided(tx, deps, caller, principal, row, {
    status: "approved",
    reason: null,
    invoiceId: applied.invoice?.id ?? null,
  });
  return { changeRequest, subscription: applied.subscription, invoice: applied.invoice };
}

export async function rejectChangeRequest(
  tx: Transaction,
  deps: AppDeps,
  caller: Caller,
  id: string,
  body: { reason?: string | null | undefined },
) {
  const principal = authorize(caller.principal, "change_requests.decide");
  const { row } = await lockForDecision(tx, principal, id);
  if (row.status === "rejected") return (await describe(tx, principal.organizationId, [row]))[0];
  if (row.status !== "pending") throw alreadyDecided(row);
  return decided(tx, deps, caller, principal, row, {
    status: "rejected",
    reason: body.reason ?? null,
    invoiceId: null,
  });
}

/** Only the requester may withdraw their own pending request. */
export async function withdrawChangeRequest(tx: Transaction, deps: AppDeps, caller: Caller, id: string) {
  const principal = authorize(caller.principal, "change_requests.submit");
  const { row } = await lockForDecision(tx, principal, id);
  if (row.requestedById !== principal.actorId) {
    throw new AppError("forbidden", "Only the person who submitted this request can withdraw it.", 403);
  }
  if (row.status === "withdrawn") return (await describe(tx, principal.organizationId, [row]))[0];
  if (row.status !== "pending") throw alreadyDecided(row);
  return decided(tx, deps, caller, principal, row, { status: "withdrawn", reason: null, invoiceId: null });
}

export async function getChangeRequests(
  deps: AppDeps,
  caller: Caller,
  query: { status?: ChangeRequestStatus | undefined; limit: number },
) {
  const principal = authorize(caller.principal, "change_requests.read");
  const rows = await listRequests(deps.db, principal.organizationId, query);
  return { data: (await describe(deps.db, principal.organizationId, rows)).map(forReader(principal)) };
}

/**
 * A member reads a request for the banner (SPEC §7) but has no billing access (SPEC §1): the
 * money (the quote at submission, the invoice) is left out for roles that cannot read the
 * subscription.
 */
function forReader(principal: OrganizationPrincipal) {
  return (request: ChangeRequestDto): ChangeRequestDto =>
    can(principal, "subscription.read") ? request : { ...request, quoteAtSubmission: null, invoiceId: null };
}

export async function getChangeRequest(deps: AppDeps, caller: Caller, id: string) {
  const principal = authorize(caller.principal, "change_requests.read");
  const row = await findRequest(deps.db, principal.organizationId, existingId(id, "The change request"));
  if (!row) throw notFound("The change request");
  const [described] = (await describe(deps.db, principal.organizationId, [row])).map(forReader(principal));
  if (!described) throw notFound("The change request");
  return described;
}

/** The cost if approved now: the same compute step, at this instant, without writing. */
export async function quoteChangeRequest(deps: AppDeps, caller: Caller, id: string) {
  const principal = authorize(caller.principal, "subscription.read");
  const row = await findRequest(deps.db, principal.organizationId, existingId(id, "The change request"));
  if (!row) throw notFound("The change request");
  const now = deps.clock.now();
  // The quote's load, with its up-to-date step (an overdue renewal or reset runs first).
  const snapshot = await subscriptionSnapshot(deps, principal.organizationId, now);
  if (!snapshot) throw notFound("The subscription");
  const plan = planChange({
    state: snapshot.loaded.state,
    change: { seats: row.seats, additionalCreditBlocks: row.additionalCreditBlocks, interval: row.interval },
    catalog: deps.catalog,
    now,
  });
  return quoteOf(deps, snapshot.billTo, plan);
}
