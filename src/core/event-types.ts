/**
 * The public webhook event types (version 1), one list for the server (its payload schemas in
 * src/server/modules/webhooks/event-types.ts) and the web app's Webhooks page.
 */
export const eventTypes = [
  "subscription.updated",
  "subscription.change_scheduled",
  "invoice.issued",
  "invoice.paid",
  "credit_note.issued",
  "credits.low",
  "credits.reset",
  "change_request.submitted",
  "change_request.approved",
  "change_request.rejected",
  "change_request.withdrawn",
  "user.added",
  "user.deactivated",
  "user.reactivated",
  "billing_info.updated",
] as const;
