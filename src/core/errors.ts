/** Every error code the API can answer with. The web UI imports the same list. */
export const errorCodes = [
  "invalid_request",
  "malformed_json",
  "payload_too_large",
  "unsupported_media_type",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "idempotency_key_reused",
  "idempotency_key_invalid",
  "seats_below_active_users",
  "seats_out_of_range",
  "credit_blocks_out_of_range",
  "interval_downgrade_mid_term",
  "currency_not_offered",
  "seats_exhausted",
  "change_request_pending",
  "approval_required",
  "no_change",
  "insufficient_credits",
  "clock_backwards",
  "clock_not_manual",
  "renewal_due",
  "user_exists",
  "last_admin",
  "too_many_requests",
  "outcome_unknown",
  "decrease_with_interval_switch",
  "decrease_scheduled",
  "sign_in_required",
  "invitation_email_mismatch",
  "already_member",
  "session_required",
  "body_too_deep",
  "invalid_path",
  "invoice_not_open",
  "payment_currency_mismatch",
  "payment_exceeds_amount_due",
  "credit_exceeds_invoice",
  "invalid_redirect",
  "too_many_endpoints",
  "replay_in_progress",
  "url_not_allowed",
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** A broken business rule, as computed by the pure core (no HTTP status here). */
export interface Violation {
  code: ErrorCode;
  message: string;
  field?: string;
}

const monthAbbreviations = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
];

/** A calendar day in the English of these messages, as the page writes it: "Jul 1, 2026" (UTC). */
export function messageDay(instant: Date): string {
  return `${monthAbbreviations[instant.getUTCMonth()]} ${instant.getUTCDate()}, ${instant.getUTCFullYear()}`;
}

export const messages = {
  seatFloor: (activeUsers: number) =>
    `You cannot reduce seats below your active user count (${activeUsers}). Deactivate users first.`,
  intervalDowngrade:
    "Downgrading from annual to monthly is not available mid-term. Contact support if needed.",
  decreaseWithIntervalSwitch:
    "Seats and Additional Credits cannot go down when switching to Yearly. Lower them first; switch after the renewal that applies the decrease.",
  decreaseScheduled: (seats: number, effectiveAt: Date) =>
    `Seats drop to ${seats} on ${messageDay(effectiveAt)}. Cancel the scheduled change or add seats first.`,
  seatsExhausted: (seats: number) => `All ${seats} seats are in use. Add seats first.`,
  changeRequestPending:
    "A change request is pending. No changes can be saved or submitted until it is approved, rejected or withdrawn.",
  approvalRequired:
    "Your organization requires approval for subscription changes. Click Submit Request to send this change to an administrator.",
} as const;
