import type { ChangePlan, ChangeRequestBody } from "../../../../core/plan-change.js";
import type { SwitchDocuments } from "../../../../core/switch-credit-note.js";
import type { Caller } from "../../../context.js";
import type { AppError } from "../../../errors.js";
import type { OrganizationPrincipal } from "../../auth/principal.js";
import type { InvoiceDto } from "../../invoices/invoices.repository.js";
import type { SubscriptionSnapshot } from "../load-subscription-snapshot.js";
import type { QuoteDto, SubscriptionDto } from "../subscription-dto.js";
import type { ChangeContext, LoadedSubscription, SubscriptionRow } from "../subscriptions.repository.js";

/** One plan change, as the direct save, an approval and an operator override ask for it. */
export interface ChangeItem {
  caller: Caller;
  organizationId: string;
  change: ChangeRequestBody;
  expectedVersion?: number | undefined;
  allowIntervalDowngrade?: boolean;
  action: string;
  /** Why (operator overrides): kept in the audit event. */
  reason?: string | undefined;
  /**
   * A direct save (Save Changes): refused for a billing member where the organization requires
   * approval, and for everyone while a change request is pending (decision 0011).
   */
  directSave?: { role: OrganizationPrincipal["role"] };
}

export interface AppliedChange {
  subscription: SubscriptionDto;
  invoice: InvoiceDto | null;
  quote: QuoteDto;
  /**
   * What a quote reads after this change commits, for a direct save that kept its period (no
   * change request can be pending after one): the caller may cache it instead of reloading.
   */
  snapshot?: SubscriptionSnapshot;
}

/** What one item of a batch turned out as: its applied change, or the AppError that refused it. */
export type ChangeOutcome = { ok: true; value: AppliedChange } | { ok: false; error: AppError };

/** An item's locked subscription and what else its change reads (load). */
export interface ChangeTarget {
  loaded: LoadedSubscription;
  context: ChangeContext;
}

/** An item's target and its plan (pure, src/core). */
export interface PlannedChange extends ChangeTarget {
  plan: ChangePlan;
}

/** A checked change that writes: its new row and the documents it issues. */
export interface ChangeWrite extends PlannedChange {
  index: number;
  item: ChangeItem;
  documents: SwitchDocuments;
  row: SubscriptionRow;
  before: SubscriptionDto;
}
