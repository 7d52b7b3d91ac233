import type { Catalog } from "../../../core/catalog.js";
import type { DueWorkPlan, RenewalStep } from "../../../core/due-work.js";
import type { Seller } from "../../../core/seller-schema.js";
import type { Caches } from "../../cache/caches.js";
import type { Database } from "../../db/client.js";
import type { ClaimedSubscription } from "../due-work.repository.js";

export interface JobDeps {
  db: Database;
  catalog: Catalog;
  /**
   * The seller frozen on renewal invoices; its VAT rates price their tax. Every server path gives
   * it; without one (older tests) renewals issue bare invoices, without seller or tax.
   */
  seller?: Seller;
  /** The process's read caches, when it serves requests: renewed organizations are dropped. */
  caches?: Pick<Caches, "subscriptions">;
}

export interface DueWorkOptions {
  /** Subscriptions claimed per transaction. */
  batchSize?: number;
  /** Wait for rows another transaction holds instead of skipping them (test clock, spends). */
  wait?: boolean;
  /** Only this organization's work. */
  organizationId?: string;
}

export interface DueWorkResult {
  subscriptions: number;
  renewals: number;
  creditResets: number;
  batches: number;
}

/** A claimed subscription and its plan (pure, src/core). */
export interface PlannedDueWork {
  subscription: ClaimedSubscription;
  plan: DueWorkPlan;
}

/** A renewal of a plan, with its subscription. */
export interface PlannedRenewal {
  subscription: ClaimedSubscription;
  step: RenewalStep;
}
