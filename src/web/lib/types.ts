// Response shapes of the API as the UI reads them (README "API", SPEC §9). Amounts are integers
// in minor units of `currency`; instants are ISO 8601 UTC strings.
import type { Violation } from "../../core/errors.js";
import type { Interval } from "../../core/period.js";

export type Role = "admin" | "billing" | "member";

export interface Me {
  user: { id: string; email: string; name: string; role: Role };
  organization: { id: string; name: string; currency: string; requireApproval: boolean };
  /** Every organization the signed-in person is an active member of (the header's switcher). */
  organizations: { id: string; name: string; role: Role }[];
  permissions: string[];
  mustRequestApproval: boolean;
}

export interface PlanLevels {
  seats: number;
  additionalCreditBlocks: number;
  interval: Interval;
}

export interface Person {
  id: string;
  name: string;
  email: string;
}

export interface QuoteLine {
  kind: string;
  description: string;
  quantity: number;
  unitAmount: number;
  amount: number;
  periodStart: string;
  periodEnd: string;
}

export interface Quote {
  currency: string;
  quotedAt: string;
  changed: boolean;
  dueNow: {
    lines: QuoteLine[];
    subtotal: number;
    creditApplied: number;
    tax: Tax;
    /** subtotal − credit applied + tax: what the invoice will charge. */
    total: number;
    currency: string;
  };
  recurring: { total: number; interval: Interval };
  savings: number;
  creditGrant: number;
  /** The credits granted now: prorated for added seats, in full for added blocks. */
  creditsGranted?: { seats: number; blocks: number };
  /** What the save schedules for the renewal (null: nothing scheduled after it). */
  scheduled?: (ScheduledChange & { recurringTotal: number }) | null;
  scheduleAction?: "scheduled" | "replaced" | "cancelled" | null;
  next: PlanLevels & {
    periodStart: string;
    periodEnd: string;
    accountCredit: number;
  };
  violations: Violation[];
  version?: number;
}

export type ChangeRequestStatus = "pending" | "approved" | "rejected" | "withdrawn";

export interface ChangeRequest {
  id: string;
  status: ChangeRequestStatus;
  requestedBy: Person | null;
  requestedAt: string;
  note: string | null;
  current: PlanLevels;
  requested: PlanLevels;
  quoteAtSubmission: Quote | null;
  decidedBy: Person | null;
  decidedAt: string | null;
  reason: string | null;
  invoiceId?: string | null;
}

/** A decrease waiting for the renewal (SPEC §3). */
export interface ScheduledChange extends PlanLevels {
  effectiveAt: string;
}

export interface Subscription extends PlanLevels {
  id: string;
  scheduled: ScheduledChange | null;
  anchorAt: string;
  periodStart: string;
  periodEnd: string;
  activeUsers: number;
  currency: string;
  accountCredit: number;
  monthlyCredits: number;
  recurring: { total: number; interval: Interval; nextBillingAt: string };
  requireApproval: boolean;
  pendingChangeRequest: ChangeRequest | null;
  lastDecidedChangeRequest?: ChangeRequest | null;
  version: number;
}

export interface TaxLine {
  rate: string;
  rateBasisPoints: number;
  country: string;
  taxableAmount: number;
  amount: number;
}

export interface Tax {
  treatment: string | null;
  mention: string | null;
  lines: TaxLine[];
  total: number;
}

export interface Party {
  companyName?: string;
  legalName?: string;
  taxId?: string | null;
  vatId?: string | null;
  address: Address;
  billingEmail?: string;
}

export interface Invoice {
  id: string;
  number: number;
  displayNumber: string;
  kind: string;
  issuedAt: string;
  dueAt: string | null;
  currency: string;
  lines: QuoteLine[];
  subtotal: number;
  creditApplied: number;
  tax: Tax;
  total: number;
  status: "open" | "paid" | "void";
  overdue: boolean;
  amountPaid: number;
  amountCredited: number;
  amountDue: number;
  paidAt: string | null;
  seller: (Party & { legalName: string }) | null;
  billTo: (Party & { companyName: string }) | null;
}

export interface Page<T> {
  data: T[];
  nextCursor: number | null;
}

export interface AppliedChange {
  subscription: Subscription;
  invoice: Invoice | null;
}

export interface Decision {
  changeRequest: ChangeRequest;
  subscription?: Subscription;
  invoice?: Invoice | null;
}

export interface Address {
  line1: string | null;
  line2: string | null;
  city: string | null;
  postalCode: string | null;
  region: string | null;
  country: string | null;
}

export interface BillingInfo {
  companyName: string;
  taxId: string | null;
  address: Address;
  billingEmail: string;
  updatedAt: string;
}

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  status: "active" | "deactivated";
  createdAt: string;
  deactivatedAt: string | null;
}

export interface UserList {
  data: User[];
  seats: { total: number; used: number };
}

export interface CreatedUser {
  user: User;
  invitation?: { url: string; expiresAt: string };
}

export interface Credits {
  cycleStart: string;
  cycleEnd: string;
  resetAt: string;
  allocation: number;
  used: number;
  remaining: number;
  nextAllocation: number;
  byFeature: { feature: string; credits: number; events: number }[];
  /** Credits granted since the reset for what was added this cycle (seats prorated, blocks in full). */
  addedThisCycle?: { credits: number; occurredAt: string }[];
  notices: { threshold: number; used: number; allocation: number; createdAt: string; message: string }[];
}

export interface DailyUsage {
  cycleStart: string;
  cycleEnd: string | null;
  days: { date: string; credits: number; byFeature: Record<string, number> }[];
}

export interface CatalogResponse {
  currencies: Record<
    string,
    { minorUnit: number; seat: { month: number; year: number }; creditBlock: { month: number; year: number } }
  >;
  creditsPerSeat: number;
  creditsPerBlock: number;
  limits: { seats: { min: number; max: number }; creditBlocks: { min: number; max: number } };
}
