import { randomUUID } from "node:crypto";
import { invoiceDocument } from "../../../../core/invoice-document.js";
import type { AppDeps } from "../../../context.js";
import { auditBy } from "../../../context.js";
import type { AuditEvent } from "../../audit/audit.repository.js";
import {
  accountCreditAfter,
  quoteOf,
  type SubscriptionDto,
  switchDocuments,
  toSubscriptionDto,
} from "../subscription-dto.js";
import { nextSubscriptionRow } from "../subscriptions.repository.js";
import type { AppliedChange, ChangeItem, ChangeWrite, PlannedChange } from "./change-item.js";

/**
 * What a checked change writes: its new row and documents, or (a change that changes nothing) its
 * answer at once.
 */
export function changeWriteOf(
  deps: Pick<AppDeps, "catalog" | "seller">,
  index: number,
  item: ChangeItem,
  planned: PlannedChange,
): ChangeWrite | { unchanged: AppliedChange } {
  const { loaded, context, plan } = planned;
  const before = toSubscriptionDto(deps, loaded);
  if (!plan.changed) {
    return { unchanged: { subscription: before, invoice: null, quote: quoteOf(deps, context.billTo, plan) } };
  }
  const anchorAt = plan.restartsPeriod ? plan.next.periodStart : loaded.row.anchorAt;
  const documents = switchDocuments(deps, context.billTo, plan);
  const row = nextSubscriptionRow(
    loaded.row,
    { ...plan.next, anchorAt, accountCredit: accountCreditAfter(plan, documents) },
    plan.now,
  );
  return { ...planned, index, item, documents, row, before };
}

/**
 * The records of a batch's writes (pure): the invoices to issue (their ids drawn here, so that the
 * audit events can name them before the numbers exist), the subscriptions as they will read, and
 * the audit events (the changes, then the scheduled changes they made).
 */
export function changeRecords(deps: Pick<AppDeps, "catalog" | "seller">, writes: readonly ChangeWrite[]) {
  const invoiced = writes.filter((write) => write.plan.lines.length > 0);
  const newInvoices = invoiced.map((write) => {
    // A split change's invoice carries the charges only; its credit note is written after it.
    const { documents } = write;
    const lines = documents.split ? documents.invoice.lines : write.plan.lines;
    const settlement = documents.split
      ? { subtotal: documents.invoice.subtotal, creditApplied: 0, total: documents.invoice.subtotal }
      : write.plan;
    return {
      id: randomUUID(),
      organizationId: write.item.organizationId,
      kind: "change" as const,
      issuedAt: write.plan.now,
      currency: write.plan.currency,
      lines,
      settlement,
      document: invoiceDocument({
        seller: deps.seller,
        billTo: write.context.billTo,
        lines,
        settlement,
        issuedAt: write.plan.now,
      }),
    };
  });
  const invoiceOf = new Map(invoiced.map((write, position) => [write.index, newInvoices[position]]));
  const subscriptions = new Map(
    writes.map((write) => [write.index, toSubscriptionDto(deps, { ...write.loaded, row: write.row })]),
  );
  const subscriptionOf = (write: ChangeWrite) => subscriptions.get(write.index) as SubscriptionDto;
  const reason = (write: ChangeWrite) => (write.item.reason ? { reason: write.item.reason } : {});
  const eventOf = (write: ChangeWrite, action: string, before: unknown, after: unknown): AuditEvent => ({
    ...auditBy(write.item.caller, write.item.organizationId),
    action,
    entityType: "subscription",
    entityId: write.row.id,
    before,
    after,
    occurredAt: write.plan.now,
  });
  const changed = writes.map((write) => {
    const invoice = invoiceOf.get(write.index);
    return eventOf(write, write.item.action, write.before, {
      ...subscriptionOf(write),
      invoiceId: invoice?.id ?? null,
      invoiceTotal: invoice?.document.total ?? null,
      ...reason(write),
    });
  });
  const scheduled = writes.flatMap((write) => {
    const action = write.plan.scheduleAction;
    if (!action) return [];
    return [
      eventOf(
        write,
        `subscription.scheduled_change_${action}`,
        { scheduled: write.before.scheduled, scheduledChangeId: write.loaded.row.scheduledChangeId },
        {
          scheduled: subscriptionOf(write).scheduled,
          scheduledChangeId: write.row.scheduledChangeId,
          ...reason(write),
        },
      ),
    ];
  });
  return { invoiced, newInvoices, subscriptionOf, audits: [...changed, ...scheduled] };
}
