// Generated from openapi.json by scripts/openapi.ts (openapi-typescript). Do not edit.
export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process answers */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: the database answers */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/organizations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Provision an organization, its subscription and first admin (operator token) */
        post: operations["provisionOrganization"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller, the organization they act on, role, permissions, and every organization they may switch to */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/organization": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Switch the signed-in session to another organization the person is an active member of (session only) */
        post: operations["switchOrganization"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/organization": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's organization */
        get: operations["getOrganization"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/organization/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Require approval for subscription changes (admin) */
        patch: operations["updateOrganizationSettings"];
        trace?: never;
    };
    "/api/v1/subscription": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organization's subscription */
        get: operations["getSubscription"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/subscription/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Quote a change without writing (same computation as apply)
         * @description What happens today (dueNow, with the credits each line grants now) and what the save would schedule for the renewal (scheduled: a decrease takes effect at the end of the period; nothing is refunded).
         */
        post: operations["previewSubscriptionChange"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/subscription/changes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Apply a change: seats, additional credit blocks, interval
         * @description Applied at once, or 409 change_request_pending when the organization requires approval for the caller's role (submit a change request instead). 409 conflict when expectedVersion is stale; 422 when a billing rule is broken; 503 outcome_unknown when the commit could not be confirmed: retry with the same Idempotency-Key.
         */
        post: operations["applySubscriptionChange"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/organizations/{id}/subscription/override": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Support override (operator): change a subscription, yearly → monthly mid-term included */
        post: operations["overrideSubscription"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Change requests, newest first */
        get: operations["listChangeRequests"];
        put?: never;
        /** Submit a change request (Submit Request) */
        post: operations["submitChangeRequest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-requests/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One change request */
        get: operations["getChangeRequest"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-requests/{id}/quote": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The cost if the request were approved now */
        get: operations["quoteChangeRequest"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-requests/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve (admin): re-checked and re-priced now, applied atomically */
        post: operations["approveChangeRequest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-requests/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reject (admin) with an optional reason */
        post: operations["rejectChangeRequest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-requests/{id}/withdraw": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Withdraw your own pending request */
        post: operations["withdrawChangeRequest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organization's users and seats used (admin, billing) */
        get: operations["listUsers"];
        put?: never;
        /** Add an active user; needs a free seat (admin) */
        post: operations["createUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/deactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Deactivate a user, freeing a seat (admin) */
        post: operations["deactivateUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/reactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reactivate a user; needs a free seat (admin) */
        post: operations["reactivateUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/role": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change a user's role (admin) */
        post: operations["changeUserRole"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The invited member (public, by one-time token) */
        get: operations["getInvitation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations/{token}/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept the invitation: a new identity chooses its password; an existing one accepts signed in as that e-mail */
        post: operations["acceptInvitation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing-info": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Company, tax ID, address and billing e-mail (admin, billing) */
        get: operations["getBillingInfo"];
        /** Replace the billing information; fields left out are cleared (admin, billing) */
        put: operations["updateBillingInfo"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invoices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Invoices, newest first; pass nextCursor as `before` for the next page (admin, billing) */
        get: operations["listInvoices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invoices/export.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Invoices issued from `from` to `to` (UTC days, both included) as CSV (admin, billing) */
        get: operations["exportInvoicesCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invoices/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One invoice: lines, seller, bill-to, tax, status and payments (admin, billing) */
        get: operations["getInvoice"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invoices/{id}/pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The invoice as a PDF (application/pdf) with the fields of Article 226 (admin, billing) */
        get: operations["getInvoicePdf"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/credit-notes/{id}/pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The credit note as a PDF (application/pdf) (admin, billing) */
        get: operations["getCreditNotePdf"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/credit-notes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Credit notes, newest first (admin, billing) */
        get: operations["listCreditNotes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/credit-notes/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One credit note and the invoice it credits (admin, billing) */
        get: operations["getCreditNote"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/account-credit/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every movement of the account credit (credit notes in, invoices out) with the balance after each, newest first; pass nextCursor as `before` for the next page (admin, billing) */
        get: operations["listAccountCreditHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/account-credit/history.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The account credit history as CSV, oldest first (admin, billing) */
        get: operations["exportAccountCreditHistoryCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/seller": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The seller profile on invoices (SELLER_FILE) and the VAT rates in force (operator) */
        get: operations["getSellerProfile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/organizations/{organizationId}/invoices/{id}/payments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record a payment against an invoice; partial payments allowed (operator) */
        post: operations["recordInvoicePayment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/organizations/{organizationId}/invoices/{id}/credit-notes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Issue a credit note: void the invoice, or credit part of it (operator) */
        post: operations["issueCreditNote"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The audit log, newest first, narrowed by actor, kind of change and UTC days; pass nextCursor as `before` for the next page (admin) */
        get: operations["listAuditEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit-events/export.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The audit log the same filters keep, as CSV in plain words, newest first (admin; up to 10,000 events) */
        get: operations["exportAuditEventsCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organization's API keys, revoked ones included (admin) */
        get: operations["listApiKeys"];
        put?: never;
        /** Create an API key; the secret is returned once (admin) */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-keys/{id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke an API key; it is refused at once (admin) */
        post: operations["revokeApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/catalog": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The price catalog the server bills with (any authenticated caller) */
        get: operations["getCatalog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/credits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** AI credits of the current cycle: allocation, used, remaining, reset time, use by feature */
        get: operations["getCredits"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/credits/ledger": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The credit ledger, newest first (grants, spends, expiries, adjustments) */
        get: operations["listCreditLedger"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/credits/usage/daily": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Credits spent per UTC day and feature in a cycle (the current one by default) */
        get: operations["getDailyCreditUsage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/credits/spend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Spend credits for one event. A repeated eventId returns the first result; 402 insufficient_credits spends nothing */
        post: operations["spendCredits"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/credits/spend/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Spend credits for up to 1,000 events, in order, each with its own result
         * @description Each event is decided in order, as one-by-one spends would be: an event that does not fit is refused in its result (status insufficient_credits) and the next ones still run. A repeated eventId answers its first result (duplicate: true).
         */
        post: operations["spendCreditsBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/organizations/{organizationId}/credits/adjustments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add or remove credits in the organization's current cycle, with a reason (operator token) */
        post: operations["adjustCredits"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/test-clock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The manual test clock (BILLING_CLOCK=manual only) */
        get: operations["getTestClock"];
        put?: never;
        /** Move the test clock (operator token); runs the renewals and credit resets that became due before answering */
        post: operations["moveTestClock"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhook-endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Webhook endpoints (operator or admin)
         * @description The operator token manages the host product's endpoints (every organization's events); an organization admin its own.
         */
        get: operations["getWebhookEndpoints"];
        put?: never;
        /**
         * Register a webhook endpoint; its signing secret is returned (operator or admin; at most 16 each)
         * @description The operator token manages the host product's endpoints (every organization's events); an organization admin its own. Deliveries are signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).
         */
        post: operations["postWebhookEndpoints"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhook-endpoints/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete an endpoint with its delivery log; nothing more is sent to it
         * @description Events still waiting for it are dropped and its secret stops signing at once; the owner may register another in its place.
         */
        delete: operations["deleteWebhookEndpoints"];
        options?: never;
        head?: never;
        /**
         * Change an endpoint's URL, event types or description; disable or enable it
         * @description Enabling an endpoint that was disabled after failures clears its count and sends what waited.
         */
        patch: operations["patchWebhookEndpoints"];
        trace?: never;
    };
    "/api/v1/webhook-endpoints/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rotate the signing secret; the previous one keeps signing for a while (default 24 h) */
        post: operations["postWebhookEndpointsRotateSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhook-endpoints/{id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send one event, or every event of a time range, to the endpoint again (same event ids)
         * @description One replay at a time per endpoint (409 replay_in_progress while one is being delivered).
         */
        post: operations["postWebhookEndpointsReplay"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhook-endpoints/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The endpoint's delivery log, newest first: status, attempts, response code, latency */
        get: operations["getWebhookEndpointsDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/operator/emails": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** E-mail sent or, without SMTP_URL, written as .eml files (with their path), newest first (operator token) */
        get: operations["getOperatorEmails"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/operator/emails/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One e-mail with its text and HTML bodies, sender and attachments (operator token) */
        get: operations["getOperatorEmail"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/sign-in/email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in with e-mail and password; sets the session cookie (wp.session_token) */
        post: operations["signInEmail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/sign-out": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End the session and clear its cookie */
        post: operations["signOut"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    "subscription.updated": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * subscription.updated (version 1)
         * @description Signed per Standard Webhooks: verify webhook-signature over webhook-id, webhook-timestamp and the body joined by dots, with the endpoint's secret; dedupe on webhook-id; order by sequence within an organization.
         */
        post: operations["onSubscriptionUpdated"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "subscription.change_scheduled": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * subscription.change_scheduled (version 1)
         * @description Signed per Standard Webhooks: verify webhook-signature over webhook-id, webhook-timestamp and the body joined by dots, with the endpoint's secret; dedupe on webhook-id; order by sequence within an organization.
         */
        post: operations["onSubscriptionChangeScheduled"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "invoice.issued": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * invoice.issued (version 1)
         * @description Signed per Standard Webhooks: verify webhook-signature over webhook-id, webhook-timestamp and the body joined by dots, with the endpoint's secret; dedupe on webhook-id; order by sequence within an organization.
         */
        post: operations["onInvoiceIssued"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "invoice.paid": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * invoice.paid (version 1)
         * @description Signed per Standard Webhooks: verify webhook-signature over webhook-id, webhook-timestamp and the body joined by dots, with the endpoint's secret; dedupe on webhook-id; order by sequence within an organization.
         */
        post: operations["onInvoicePaid"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "credit_note.issued": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * credit_note.issued (version 1)
         * @description Signed per Standard Webhooks: verify webhook-signature over webhook-id, webhook-timestamp and the body joined by dots, with the endpoint's secret; dedupe on webhook-id; order by sequence within an organization.
         */
        post: operations["onCreditNoteIssued"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "credits.low": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * credits.low (version 1)
         * @description Signed per Standard Webhooks: verify webhook-signature over webhook-id, webhook-timestamp and the body joined by dots, with the endpoint's secret; dedupe on webhook-id; order by sequence within an organization.
         */
        post: operations["onCreditsLow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "credits.reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * credits.reset (version 1)
         * @description Signed per Standard Webhooks: verify webhook-signature over webhook-id, webhook-timestamp and the body joined by dots, with the endpoint's secret; dedupe on webhook-id; order by sequence within an organization.
         */
        post: operations["onCreditsReset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "change_request.submitted": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * change_request.submitted (version 1)
         * @description Signed per Standard Webhooks: verify webhook-signature over webhook-id, webhook-timestamp and the body joined by dots, with the endpoint's secret; dedupe on webhook-id; order by sequence within an organization.
         */
        post: operations["onChangeRequestSubmitted"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "change_request.approved": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * change_request.approved (version 1)
         * @description Signed per Standard Webhooks: verify webhook-signature over webhook-id, webhook-timestamp and the body joined by dots, with the endpoint's secret; dedupe on webhook-id; order by sequence within an organization.
         */
        post: operations["onChangeRequestApproved"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "change_request.rejected": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * change_request.rejected (version 1)
         * @description Signed per Standard Webhooks: verify webhook-signature over webhook-id, webhook-timestamp and the body joined by dots, with the endpoint's secret; dedupe on webhook-id; order by sequence within an organization.
         */
        post: operations["onChangeRequestRejected"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "change_request.withdrawn": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * change_request.withdrawn (version 1)
         * @description Signed per Standard Webhooks: verify webhook-signature over webhook-id, webhook-timestamp and the body joined by dots, with the endpoint's secret; dedupe on webhook-id; order by sequence within an organization.
         */
        post: operations["onChangeRequestWithdrawn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "user.added": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * user.added (version 1)
         * @description Signed per Standard Webhooks: verify webhook-signature over webhook-id, webhook-timestamp and the body joined by dots, with the endpoint's secret; dedupe on webhook-id; order by sequence within an organization.
         */
        post: operations["onUserAdded"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "user.deactivated": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * user.deactivated (version 1)
         * @description Signed per Standard Webhooks: verify webhook-signature over webhook-id, webhook-timestamp and the body joined by dots, with the endpoint's secret; dedupe on webhook-id; order by sequence within an organization.
         */
        post: operations["onUserDeactivated"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "user.reactivated": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * user.reactivated (version 1)
         * @description Signed per Standard Webhooks: verify webhook-signature over webhook-id, webhook-timestamp and the body joined by dots, with the endpoint's secret; dedupe on webhook-id; order by sequence within an organization.
         */
        post: operations["onUserReactivated"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "billing_info.updated": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * billing_info.updated (version 1)
         * @description Signed per Standard Webhooks: verify webhook-signature over webhook-id, webhook-timestamp and the body joined by dots, with the endpoint's secret; dedupe on webhook-id; order by sequence within an organization.
         */
        post: operations["onBillingInfoUpdated"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        /**
         * @description An error: 4xx with a stable code changes nothing; 5xx is ours.
         * @example {
         *       "error": {
         *         "code": "insufficient_credits",
         *         "message": "Not enough credits.",
         *         "field": "credits"
         *       }
         *     }
         */
        Error: {
            error: {
                /** @description Stable, machine-readable code, e.g. insufficient_credits, conflict */
                code: string;
                /** @description A sentence for a person; it names the field when one is at fault */
                message: string;
                /** @description The request field at fault, e.g. seats or Idempotency-Key */
                field?: string;
                /** @description More about the error, e.g. every broken rule as {violations: [...]} */
                details?: unknown;
            };
        };
        InvoiceLine: {
            /** @description e.g. seats, credit_blocks, proration */
            kind: string;
            description: string;
            quantity: number;
            /** @description Integer amount in minor units of the currency */
            unitAmount: number;
            /** @description Integer amount in minor units of the currency */
            amount: number;
            /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
            periodStart: string;
            /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
            periodEnd: string;
        };
        Invoice: {
            id: string;
            /** @description The gapless sequence number */
            number: number;
            /** @description The number as printed, in the seller's format */
            displayNumber: string;
            kind: string;
            /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
            issuedAt: string;
            dueAt: string | null;
            currency: string;
            lines: components["schemas"]["InvoiceLine"][];
            /** @description Integer amount in minor units of the currency */
            subtotal: number;
            /** @description Integer amount in minor units of the currency */
            creditApplied: number;
            tax: {
                /** @description Which VAT rule applied (null on invoices issued before VAT) */
                treatment: ("domestic" | "reverse_charge" | "eu_consumer" | "export" | "not_registered" | "billing_address_missing") | null;
                /** @description Legal mention (reverse charge, export) or the missing-address note */
                mention: string | null;
                /** @description One line per rate, each rounded once, half away from zero */
                lines: {
                    /** @description The rate as printed, e.g. "19" or "25.5" (percent) */
                    rate: string;
                    rateBasisPoints: number;
                    country: string;
                    /** @description Integer amount in minor units of the currency */
                    taxableAmount: number;
                    /** @description Integer amount in minor units of the currency */
                    amount: number;
                }[];
                /** @description Integer amount in minor units of the currency */
                total: number;
            };
            /** @description subtotal − creditApplied + tax.total */
            total: number;
            /** @enum {string} */
            status: "open" | "paid" | "void";
            /** @description Open, past its due date, with something left to pay */
            overdue: boolean;
            /** @description Integer amount in minor units of the currency */
            amountPaid: number;
            /** @description Taken back by credit notes */
            amountCredited: number;
            /** @description Integer amount in minor units of the currency */
            amountDue: number;
            paidAt: string | null;
            seller: {
                legalName: string;
                address: {
                    line1: string | null;
                    line2: string | null;
                    city: string | null;
                    postalCode: string | null;
                    region: string | null;
                    country: string | null;
                };
                vatId: string | null;
                vatRegistered: boolean;
                registration: string | null;
                paymentTerms: {
                    days: number;
                };
                paymentInstructions: string;
                support: {
                    email: string;
                    url: string | null;
                };
                invoiceNumber: {
                    prefix: string;
                    padding: number;
                };
                creditNoteNumber: {
                    prefix: string;
                    padding: number;
                };
            } | null;
            /** @description The billing info at issue time (null: none) */
            billTo: ({
                companyName: string;
                taxId: string | null;
                address: {
                    line1: string | null;
                    line2: string | null;
                    city: string | null;
                    postalCode: string | null;
                    region: string | null;
                    country: string | null;
                };
                billingEmail: string;
            } & {
                [key: string]: unknown;
            }) | null;
        };
        CreditNote: {
            id: string;
            number: number;
            displayNumber: string;
            invoiceId: string;
            /** @description The credited invoice's number as printed */
            invoiceNumber: string;
            /** @enum {string} */
            reason: "void" | "correction" | "interval_switch";
            memo: string | null;
            /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
            issuedAt: string;
            currency: string;
            lines: {
                description: string;
                /** @description Integer amount in minor units of the currency */
                amount: number;
            }[];
            /** @description Integer amount in minor units of the currency */
            subtotal: number;
            tax: {
                /** @description Which VAT rule applied (null on invoices issued before VAT) */
                treatment: ("domestic" | "reverse_charge" | "eu_consumer" | "export" | "not_registered" | "billing_address_missing") | null;
                /** @description Legal mention (reverse charge, export) or the missing-address note */
                mention: string | null;
                /** @description One line per rate, each rounded once, half away from zero */
                lines: {
                    /** @description The rate as printed, e.g. "19" or "25.5" (percent) */
                    rate: string;
                    rateBasisPoints: number;
                    country: string;
                    /** @description Integer amount in minor units of the currency */
                    taxableAmount: number;
                    /** @description Integer amount in minor units of the currency */
                    amount: number;
                }[];
                /** @description Integer amount in minor units of the currency */
                total: number;
            };
            /** @description Integer amount in minor units of the currency */
            total: number;
            /** @description What went to the organization's account credit */
            accountCredit: number;
            seller: {
                legalName: string;
                address: {
                    line1: string | null;
                    line2: string | null;
                    city: string | null;
                    postalCode: string | null;
                    region: string | null;
                    country: string | null;
                };
                vatId: string | null;
                vatRegistered: boolean;
                registration: string | null;
                paymentTerms: {
                    days: number;
                };
                paymentInstructions: string;
                support: {
                    email: string;
                    url: string | null;
                };
                invoiceNumber: {
                    prefix: string;
                    padding: number;
                };
                creditNoteNumber: {
                    prefix: string;
                    padding: number;
                };
            } | null;
            /** @description The billing info at issue time (null: none) */
            billTo: ({
                companyName: string;
                taxId: string | null;
                address: {
                    line1: string | null;
                    line2: string | null;
                    city: string | null;
                    postalCode: string | null;
                    region: string | null;
                    country: string | null;
                };
                billingEmail: string;
            } & {
                [key: string]: unknown;
            }) | null;
        };
        AccountCreditMovement: {
            /** @description 1 for the oldest movement, counting up; the cursor of a page (pass as `before`) */
            position: number;
            /**
             * @description credited: a credit note (or an invoice issued negative) added credit; applied: an invoice used it
             * @enum {string}
             */
            type: "credited" | "applied";
            /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
            occurredAt: string;
            /** @description Signed: positive when credited, negative when applied */
            amount: number;
            /** @description The account credit right after this movement */
            balanceAfter: number;
            currency: string;
            /** @description e.g. "Credit note CN-0003 for invoice INV-0007: invoice voided" */
            description: string;
            /** @description Why credit arrived (null when applied); negative_invoice: an invoice issued negative before credit notes */
            reason: ("void" | "correction" | "interval_switch" | "negative_invoice") | null;
            /** @description The credit note that added the credit (null when applied or for a negative invoice) */
            creditNote: {
                id: string;
                number: number;
                displayNumber: string;
            } | null;
            /** @description The invoice the credit note credits, or the invoice the credit was applied to */
            invoice: {
                id: string;
                number: number;
                displayNumber: string;
            };
        };
        ApiKey: {
            id: string;
            name: string;
            /** @enum {string} */
            role: "admin" | "billing" | "member" | "spend";
            /** @description The first characters of the secret, to tell keys apart */
            prefix: string;
            /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
            createdAt: string;
            revokedAt: string | null;
        };
        CreatedApiKey: {
            id: string;
            name: string;
            /** @enum {string} */
            role: "admin" | "billing" | "member" | "spend";
            /** @description The first characters of the secret, to tell keys apart */
            prefix: string;
            /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
            createdAt: string;
            revokedAt: string | null;
            /** @description The key (wpk_…): shown in this answer only */
            secret: string;
        };
        AuditEvent: {
            id: number;
            /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
            occurredAt: string;
            actor: {
                /** @enum {string} */
                type: "user" | "api_key" | "operator" | "scheduler" | "system";
                id: string | null;
            };
            /** @description e.g. subscription.changed, api_key.created */
            action: string;
            entityType: string;
            entityId: string | null;
            /** @description The entity before the change (JSON), or null */
            before: unknown;
            /** @description The entity after the change (JSON), or null */
            after: unknown;
            source: string;
            requestId: string | null;
        };
        BillingInfo: {
            companyName: string;
            taxId: string | null;
            address: {
                line1: string | null;
                line2: string | null;
                city: string | null;
                postalCode: string | null;
                region: string | null;
                /** @description ISO 3166 alpha-2 */
                country: string | null;
            };
            billingEmail: string;
            /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
            updatedAt: string;
        };
        Catalog: {
            currencies: {
                [key: string]: {
                    /** @description ISO 4217 minor unit digits */
                    minorUnit: number;
                    seat: {
                        /** @description Integer amount in minor units of the currency */
                        month: number;
                        /** @description Integer amount in minor units of the currency */
                        year: number;
                    };
                    creditBlock: {
                        /** @description Integer amount in minor units of the currency */
                        month: number;
                        /** @description Integer amount in minor units of the currency */
                        year: number;
                    };
                };
            };
            creditsPerSeat: number;
            creditsPerBlock: number;
            limits: {
                seats: {
                    min: number;
                    max: number;
                };
                creditBlocks: {
                    min: number;
                    max: number;
                };
            };
        };
        /** @description A decrease applied (and billed) at the renewal */
        ScheduledChange: {
            seats: number;
            additionalCreditBlocks: number;
            /** @enum {string} */
            interval: "month" | "year";
            /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
            effectiveAt: string;
        };
        /** @description A broken billing rule */
        Violation: {
            code: string;
            message: string;
            field?: string;
        };
        QuoteLine: {
            /** @description e.g. seats_added, credit_blocks_added, seats_unused */
            kind: string;
            description: string;
            quantity: number;
            /** @description Integer amount in minor units of the currency */
            unitAmount: number;
            /** @description Negative for a credit */
            amount: number;
            /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
            periodStart: string;
            /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
            periodEnd: string;
            /** @description Credits this line grants now (added seats prorated, blocks in full) */
            creditsGranted: number;
        };
        Quote: {
            currency: string;
            /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
            quotedAt: string;
            /** @description false: the change asks for what the subscription already is */
            changed: boolean;
            dueNow: {
                lines: components["schemas"]["QuoteLine"][];
                /** @description Integer amount in minor units of the currency */
                subtotal: number;
                /** @description Integer amount in minor units of the currency */
                creditApplied: number;
                tax: {
                    /** @description Which VAT rule applied (null on invoices issued before VAT) */
                    treatment: ("domestic" | "reverse_charge" | "eu_consumer" | "export" | "not_registered" | "billing_address_missing") | null;
                    /** @description Legal mention (reverse charge, export) or the missing-address note */
                    mention: string | null;
                    /** @description One line per rate, each rounded once, half away from zero */
                    lines: {
                        /** @description The rate as printed, e.g. "19" or "25.5" (percent) */
                        rate: string;
                        rateBasisPoints: number;
                        country: string;
                        /** @description Integer amount in minor units of the currency */
                        taxableAmount: number;
                        /** @description Integer amount in minor units of the currency */
                        amount: number;
                    }[];
                    /** @description Integer amount in minor units of the currency */
                    total: number;
                };
                /** @description subtotal − creditApplied + tax.total: what the invoice will charge */
                total: number;
                currency: string;
            };
            /** @description A change whose unused time exceeds its charges (dueNow.total < 0) is issued as an invoice for the charges and a credit note for the unused time: their figures (invoice total − credit note total = dueNow.total). null otherwise */
            documents?: {
                invoice: {
                    /** @description Integer amount in minor units of the currency */
                    subtotal: number;
                    tax: {
                        /** @description Which VAT rule applied (null on invoices issued before VAT) */
                        treatment: ("domestic" | "reverse_charge" | "eu_consumer" | "export" | "not_registered" | "billing_address_missing") | null;
                        /** @description Legal mention (reverse charge, export) or the missing-address note */
                        mention: string | null;
                        /** @description One line per rate, each rounded once, half away from zero */
                        lines: {
                            /** @description The rate as printed, e.g. "19" or "25.5" (percent) */
                            rate: string;
                            rateBasisPoints: number;
                            country: string;
                            /** @description Integer amount in minor units of the currency */
                            taxableAmount: number;
                            /** @description Integer amount in minor units of the currency */
                            amount: number;
                        }[];
                        /** @description Integer amount in minor units of the currency */
                        total: number;
                    };
                    /** @description Integer amount in minor units of the currency */
                    total: number;
                };
                creditNote: {
                    lines: {
                        description: string;
                        /** @description Integer amount in minor units of the currency */
                        amount: number;
                    }[];
                    /** @description Integer amount in minor units of the currency */
                    subtotal: number;
                    tax: {
                        /** @description Which VAT rule applied (null on invoices issued before VAT) */
                        treatment: ("domestic" | "reverse_charge" | "eu_consumer" | "export" | "not_registered" | "billing_address_missing") | null;
                        /** @description Legal mention (reverse charge, export) or the missing-address note */
                        mention: string | null;
                        /** @description One line per rate, each rounded once, half away from zero */
                        lines: {
                            /** @description The rate as printed, e.g. "19" or "25.5" (percent) */
                            rate: string;
                            rateBasisPoints: number;
                            country: string;
                            /** @description Integer amount in minor units of the currency */
                            taxableAmount: number;
                            /** @description Integer amount in minor units of the currency */
                            amount: number;
                        }[];
                        /** @description Integer amount in minor units of the currency */
                        total: number;
                    };
                    /** @description Integer amount in minor units of the currency */
                    total: number;
                    /** @description The excess beyond the invoice, added to account credit */
                    accountCredit: number;
                };
            } | null;
            recurring: {
                /** @description Integer amount in minor units of the currency */
                total: number;
                /** @enum {string} */
                interval: "month" | "year";
            };
            /** @description What yearly billing saves over 12 months */
            savings: number;
            /** @description Credits granted now */
            creditGrant: number;
            creditsGranted?: {
                seats: number;
                blocks: number;
            };
            /** @description What the save would leave scheduled for the renewal (null: nothing) */
            scheduled?: {
                seats: number;
                additionalCreditBlocks: number;
                /** @enum {string} */
                interval: "month" | "year";
                /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
                effectiveAt: string;
                /** @description What the renewal at effectiveAt bills */
                recurringTotal: number | null;
            } | null;
            scheduleAction?: ("scheduled" | "replaced" | "cancelled") | null;
            next: {
                seats: number;
                additionalCreditBlocks: number;
                /** @enum {string} */
                interval: "month" | "year";
                /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
                periodStart: string;
                /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
                periodEnd: string;
                /** @description Integer amount in minor units of the currency */
                accountCredit: number;
            };
            /** @description Empty when the change may be saved */
            violations: components["schemas"]["Violation"][];
        };
        Preview: {
            currency: string;
            /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
            quotedAt: string;
            /** @description false: the change asks for what the subscription already is */
            changed: boolean;
            dueNow: {
                lines: components["schemas"]["QuoteLine"][];
                /** @description Integer amount in minor units of the currency */
                subtotal: number;
                /** @description Integer amount in minor units of the currency */
                creditApplied: number;
                tax: {
                    /** @description Which VAT rule applied (null on invoices issued before VAT) */
                    treatment: ("domestic" | "reverse_charge" | "eu_consumer" | "export" | "not_registered" | "billing_address_missing") | null;
                    /** @description Legal mention (reverse charge, export) or the missing-address note */
                    mention: string | null;
                    /** @description One line per rate, each rounded once, half away from zero */
                    lines: {
                        /** @description The rate as printed, e.g. "19" or "25.5" (percent) */
                        rate: string;
                        rateBasisPoints: number;
                        country: string;
                        /** @description Integer amount in minor units of the currency */
                        taxableAmount: number;
                        /** @description Integer amount in minor units of the currency */
                        amount: number;
                    }[];
                    /** @description Integer amount in minor units of the currency */
                    total: number;
                };
                /** @description subtotal − creditApplied + tax.total: what the invoice will charge */
                total: number;
                currency: string;
            };
            /** @description A change whose unused time exceeds its charges (dueNow.total < 0) is issued as an invoice for the charges and a credit note for the unused time: their figures (invoice total − credit note total = dueNow.total). null otherwise */
            documents?: {
                invoice: {
                    /** @description Integer amount in minor units of the currency */
                    subtotal: number;
                    tax: {
                        /** @description Which VAT rule applied (null on invoices issued before VAT) */
                        treatment: ("domestic" | "reverse_charge" | "eu_consumer" | "export" | "not_registered" | "billing_address_missing") | null;
                        /** @description Legal mention (reverse charge, export) or the missing-address note */
                        mention: string | null;
                        /** @description One line per rate, each rounded once, half away from zero */
                        lines: {
                            /** @description The rate as printed, e.g. "19" or "25.5" (percent) */
                            rate: string;
                            rateBasisPoints: number;
                            country: string;
                            /** @description Integer amount in minor units of the currency */
                            taxableAmount: number;
                            /** @description Integer amount in minor units of the currency */
                            amount: number;
                        }[];
                        /** @description Integer amount in minor units of the currency */
                        total: number;
                    };
                    /** @description Integer amount in minor units of the currency */
                    total: number;
                };
                creditNote: {
                    lines: {
                        description: string;
                        /** @description Integer amount in minor units of the currency */
                        amount: number;
                    }[];
                    /** @description Integer amount in minor units of the currency */
                    subtotal: number;
                    tax: {
                        /** @description Which VAT rule applied (null on invoices issued before VAT) */
                        treatment: ("domestic" | "reverse_charge" | "eu_consumer" | "export" | "not_registered" | "billing_address_missing") | null;
                        /** @description Legal mention (reverse charge, export) or the missing-address note */
                        mention: string | null;
                        /** @description One line per rate, each rounded once, half away from zero */
                        lines: {
                            /** @description The rate as printed, e.g. "19" or "25.5" (percent) */
                            rate: string;
                            rateBasisPoints: number;
                            country: string;
                            /** @description Integer amount in minor units of the currency */
                            taxableAmount: number;
                            /** @description Integer amount in minor units of the currency */
                            amount: number;
                        }[];
                        /** @description Integer amount in minor units of the currency */
                        total: number;
                    };
                    /** @description Integer amount in minor units of the currency */
                    total: number;
                    /** @description The excess beyond the invoice, added to account credit */
                    accountCredit: number;
                };
            } | null;
            recurring: {
                /** @description Integer amount in minor units of the currency */
                total: number;
                /** @enum {string} */
                interval: "month" | "year";
            };
            /** @description What yearly billing saves over 12 months */
            savings: number;
            /** @description Credits granted now */
            creditGrant: number;
            creditsGranted?: {
                seats: number;
                blocks: number;
            };
            /** @description What the save would leave scheduled for the renewal (null: nothing) */
            scheduled?: {
                seats: number;
                additionalCreditBlocks: number;
                /** @enum {string} */
                interval: "month" | "year";
                /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
                effectiveAt: string;
                /** @description What the renewal at effectiveAt bills */
                recurringTotal: number | null;
            } | null;
            scheduleAction?: ("scheduled" | "replaced" | "cancelled") | null;
            next: {
                seats: number;
                additionalCreditBlocks: number;
                /** @enum {string} */
                interval: "month" | "year";
                /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
                periodStart: string;
                /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
                periodEnd: string;
                /** @description Integer amount in minor units of the currency */
                accountCredit: number;
            };
            /** @description Empty when the change may be saved */
            violations: components["schemas"]["Violation"][];
            /** @description The subscription's version; send it as expectedVersion to save exactly this */
            version: number;
            organizationId: string;
        };
        Subscription: {
            id: string;
            organizationId: string;
            seats: number;
            additionalCreditBlocks: number;
            /** @enum {string} */
            interval: "month" | "year";
            scheduled: components["schemas"]["ScheduledChange"] | null;
            /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
            anchorAt: string;
            /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
            periodStart: string;
            /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
            periodEnd: string;
            activeUsers: number;
            currency: string;
            /** @description Integer amount in minor units of the currency */
            accountCredit: number;
            /** @description Credits granted at each monthly reset */
            monthlyCredits: number;
            recurring: {
                /** @description What the next renewal bills (the scheduled counts when a decrease stands) */
                total: number;
                /** @enum {string} */
                interval: "month" | "year";
                /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
                nextBillingAt: string;
            };
            requireApproval: boolean;
            pendingChangeRequest: null;
            lastDecidedChangeRequest: null;
            version: number;
        };
        Person: {
            id: string;
            name: string;
            email: string | null;
        } | null;
        ChangeRequest: {
            id: string;
            /** @enum {string} */
            status: "pending" | "approved" | "rejected" | "withdrawn";
            requestedBy: components["schemas"]["Person"];
            /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
            requestedAt: string;
            note: string | null;
            /** @description The subscription when the request was submitted */
            current: {
                seats: number;
                additionalCreditBlocks: number;
                /** @enum {string} */
                interval: "month" | "year";
            };
            requested: {
                seats: number;
                additionalCreditBlocks: number;
                /** @enum {string} */
                interval: "month" | "year";
            };
            /** @description The quote shown when it was submitted (null for roles that cannot read money) */
            quoteAtSubmission: components["schemas"]["Quote"] | null;
            decidedBy: components["schemas"]["Person"];
            decidedAt: string | null;
            reason: string | null;
            invoiceId: string | null;
        };
        Approval: {
            changeRequest: components["schemas"]["ChangeRequest"];
            subscription: components["schemas"]["Subscription"];
            invoice: components["schemas"]["Invoice"] | null;
        };
        SubscriptionView: {
            id: string;
            organizationId: string;
            seats: number;
            additionalCreditBlocks: number;
            /** @enum {string} */
            interval: "month" | "year";
            scheduled: components["schemas"]["ScheduledChange"] | null;
            /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
            anchorAt: string;
            /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
            periodStart: string;
            /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
            periodEnd: string;
            activeUsers: number;
            currency: string;
            /** @description Integer amount in minor units of the currency */
            accountCredit: number;
            /** @description Credits granted at each monthly reset */
            monthlyCredits: number;
            recurring: {
                /** @description What the next renewal bills (the scheduled counts when a decrease stands) */
                total: number;
                /** @enum {string} */
                interval: "month" | "year";
                /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
                nextBillingAt: string;
            };
            requireApproval: boolean;
            pendingChangeRequest: components["schemas"]["ChangeRequest"] | null;
            lastDecidedChangeRequest: components["schemas"]["ChangeRequest"] | null;
            version: number;
            /** @description What the renewal at periodEnd invoices as things stand: its lines priced today (a scheduled decrease counted), account credit applied, VAT for the billing address */
            nextInvoice: {
                /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
                issuedAt: string;
                /** @description Integer amount in minor units of the currency */
                subtotal: number;
                /** @description Integer amount in minor units of the currency */
                creditApplied: number;
                tax: {
                    /** @description Which VAT rule applied (null on invoices issued before VAT) */
                    treatment: ("domestic" | "reverse_charge" | "eu_consumer" | "export" | "not_registered" | "billing_address_missing") | null;
                    /** @description Legal mention (reverse charge, export) or the missing-address note */
                    mention: string | null;
                    /** @description One line per rate, each rounded once, half away from zero */
                    lines: {
                        /** @description The rate as printed, e.g. "19" or "25.5" (percent) */
                        rate: string;
                        rateBasisPoints: number;
                        country: string;
                        /** @description Integer amount in minor units of the currency */
                        taxableAmount: number;
                        /** @description Integer amount in minor units of the currency */
                        amount: number;
                    }[];
                    /** @description Integer amount in minor units of the currency */
                    total: number;
                };
                /** @description subtotal − creditApplied + tax.total */
                total: number;
            };
        };
        Credits: {
            /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
            cycleStart: string;
            /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
            cycleEnd: string;
            /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
            resetAt: string;
            allocation: number;
            used: number;
            remaining: number;
            /** @description What the next reset grants */
            nextAllocation: number;
            byFeature: {
                feature: string;
                credits: number;
                events: number;
            }[];
            /** @description Credits granted since the reset for seats (prorated) and blocks (in full) added this cycle */
            addedThisCycle: {
                credits: number;
                /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
                occurredAt: string;
            }[];
            notices: {
                /** @description Percent of the allocation used, e.g. 80 or 100 */
                threshold: number;
                used: number;
                allocation: number;
                /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
                createdAt: string;
                message: string;
            }[];
        };
        CreditLedgerPage: {
            entries: {
                id: number;
                /** @enum {string} */
                kind: "grant" | "spend" | "expiry" | "adjustment";
                /** @description Negative for spends and expiries */
                credits: number;
                balanceAfter: number | null;
                eventId: string | null;
                feature: string | null;
                /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
                cycleStart: string;
                /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
                occurredAt: string;
                /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
                recordedAt: string;
            }[];
            /** @description Pass as `before` for the next page; null on the last page */
            nextBefore: number | null;
        };
        DailyCreditUsage: {
            /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
            cycleStart: string;
            /** @description null for a past cycle */
            cycleEnd: string | null;
            days: {
                /** @description YYYY-MM-DD (UTC) */
                date: string;
                credits: number;
                byFeature: {
                    [key: string]: number;
                };
            }[];
        };
        /**
         * @example {
         *       "eventId": "call-analysis:8f14e45f",
         *       "status": "spent",
         *       "duplicate": false,
         *       "feature": "call_analysis",
         *       "credits": 25,
         *       "occurredAt": "2026-06-01T10:00:00.000Z",
         *       "balance": 1975
         *     }
         */
        Spend: {
            eventId: string;
            /** @constant */
            status: "spent";
            /** @description true: this eventId was spent before; this is the first result */
            duplicate: boolean;
            feature: string;
            credits: number;
            /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
            occurredAt: string;
            /** @description Credits left in the cycle after this event */
            balance: number | null;
        };
        SpendBatch: {
            results: ({
                eventId: string;
                /** @constant */
                status: "spent";
                duplicate: boolean;
                feature: string | null;
                credits: number;
                balance: number | null;
            } | {
                eventId: string;
                /** @constant */
                status: "insufficient_credits";
                duplicate: boolean;
                credits: number;
                balance: number;
                error: {
                    /** @constant */
                    code: "insufficient_credits";
                    message: string;
                };
            })[];
            /** @description Credits spent by this batch */
            spent: number;
            balance: number;
            /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
            cycleStart: string;
            /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
            cycleEnd: string;
        };
        CreditAdjustment: {
            /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
            cycleStart: string;
            /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
            cycleEnd: string;
            allocation: number;
            remaining: number;
            credits: number;
            reason: string;
            ledgerEntryId: number;
        };
        OperatorEmail: {
            id: number;
            organizationId: string | null;
            template: string;
            recipient: string;
            subject: string;
            /** @enum {string} */
            status: "pending" | "sent" | "dead";
            attempts: number;
            createdAt: string;
            sentAt: string | null;
            file: string | null;
            error: string | null;
            /** @description The sender: the .eml file's From, else MAIL_FROM */
            from: string;
            text: string;
            /** @description Untrusted for display: render it sandboxed, without scripts */
            html: string;
            /** @description Read from the .eml file; null when unknown (sent through SMTP, not sent yet, or the file is gone) */
            attachments: {
                filename: string;
                contentType: string;
                /** @description Bytes */
                size: number;
            }[] | null;
        };
        Invitation: {
            email: string;
            name: string;
            /** @enum {string} */
            role: "admin" | "billing" | "member";
            organizationName: string;
            /** @description true: the person signs in to accept; false: chooses a password */
            identityExists: boolean;
            /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
            expiresAt: string;
        };
        User: {
            id: string;
            email: string;
            name: string;
            /** @enum {string} */
            role: "admin" | "billing" | "member";
            /** @enum {string} */
            status: "active" | "deactivated";
            /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
            createdAt: string;
            deactivatedAt: string | null;
        };
        CreatedUser: {
            id: string;
            email: string;
            name: string;
            /** @enum {string} */
            role: "admin" | "billing" | "member";
            /** @enum {string} */
            status: "active" | "deactivated";
            /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
            createdAt: string;
            deactivatedAt: string | null;
            /** @description Send this link to the person; it is in this answer only */
            invitation: {
                /** @description The one-time invitation link (a path: /invite/<token>) */
                url: string;
                /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
                expiresAt: string;
            };
        };
        Organization: {
            id: string;
            name: string;
            currency: string;
            requireApproval: boolean;
        };
        ProvisionedOrganization: {
            organization: components["schemas"]["Organization"];
            subscription: components["schemas"]["Subscription"];
            admin: {
                id: string;
                email: string;
                name: string;
                /** @enum {string} */
                role: "admin" | "billing" | "member";
                /** @description Send this link to the person; it is in this answer only */
                invitation: {
                    /** @description The one-time invitation link (a path: /invite/<token>) */
                    url: string;
                    /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
                    expiresAt: string;
                };
            };
            /** @description The organization's first admin API key (its secret, once) */
            apiKey: components["schemas"]["CreatedApiKey"];
            /** @description The initial invoice */
            invoice: components["schemas"]["Invoice"];
            /** @description What each renewal bills */
            recurringTotal: number;
        };
        Me: {
            /** @description The signed-in person (null for an API key) */
            user: {
                id: string;
                email: string;
                name: string;
                /** @enum {string} */
                role: "admin" | "billing" | "member";
            } | null;
            /** @description The API key the call was made with (null for a session) */
            apiKey: {
                id: string;
                /** @enum {string} */
                role: "admin" | "billing" | "member" | "spend";
            } | null;
            /** @enum {string} */
            role: "admin" | "billing" | "member" | "spend";
            organization: components["schemas"]["Organization"];
            /** @description Every organization the person may switch to */
            organizations: {
                id: string;
                name: string;
                /** @enum {string} */
                role: "admin" | "billing" | "member" | "spend";
            }[];
            permissions: string[];
            /** @description Changes go through a change request for this caller */
            mustRequestApproval: boolean;
        } | {
            /** @constant */
            operator: true;
        };
        TestClock: {
            /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
            now: string;
            /** @constant */
            mode: "manual";
        };
        TestClockMoved: {
            /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
            now: string;
            /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
            previous: string;
            ran: {
                renewals: number;
                creditResets: number;
                subscriptions: number;
            };
        };
    };
    responses: {
        /** @description Bad input (invalid_request, malformed_json, idempotency_key_invalid…); nothing changed */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description No valid API key, operator token or session (unauthorized) */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The caller's role or credential does not allow this (forbidden) */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The request body is too large (payload_too_large) */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The body is not JSON (unsupported_media_type) */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Too many requests (too_many_requests) */
        TooManyRequests: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The Idempotency-Key was used with another request (idempotency_key_reused), or a billing rule is broken */
        KeyReused: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Our fault; it was logged (internal_error) */
        InternalError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
    };
    parameters: {
        /**
         * @description 1 to 255 visible ASCII characters. The first answer under a key is stored and replayed, byte for byte, to a retry with the same body; the same key with another body is 422 idempotency_key_reused. A key belongs to its caller.
         * @example 3f1c2a9e-6d1b-4a57-9d36-0c1b7a2f8e11
         */
        IdempotencyKey: string;
    };
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ok";
                    };
                };
            };
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ready";
                        /** @enum {string} */
                        database: "pglite" | "postgres";
                    };
                };
            };
            /** @description outcome_unknown: the outcome could not be confirmed; retry with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    provisionOrganization: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 visible ASCII characters. The first answer under a key is stored and replayed, byte for byte, to a retry with the same body; the same key with another body is 422 idempotency_key_reused. A key belongs to its caller.
                 * @example 3f1c2a9e-6d1b-4a57-9d36-0c1b7a2f8e11
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    seats: number;
                    additionalCreditBlocks: number;
                    /** @enum {string} */
                    interval: "month" | "year";
                    name: string;
                    currency: string;
                    /** @default false */
                    requireApproval?: boolean;
                    admin: {
                        email: string;
                        name: string;
                    };
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProvisionedOrganization"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Conflict: the state moved (conflict, change_request_pending, renewal_due, last_admin, …) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description A billing rule is broken (the first rule's code; all in details), or idempotency_key_reused */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            500: components["responses"]["InternalError"];
        };
    };
    switchOrganization: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    organizationId: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["InternalError"];
        };
    };
    getOrganization: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Organization"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    updateOrganizationSettings: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 visible ASCII characters. The first answer under a key is stored and replayed, byte for byte, to a retry with the same body; the same key with another body is 422 idempotency_key_reused. A key belongs to its caller.
                 * @example 3f1c2a9e-6d1b-4a57-9d36-0c1b7a2f8e11
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    requireApproval: boolean;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Organization"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["KeyReused"];
            500: components["responses"]["InternalError"];
        };
    };
    getSubscription: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriptionView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    previewSubscriptionChange: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 visible ASCII characters. The first answer under a key is stored and replayed, byte for byte, to a retry with the same body; the same key with another body is 422 idempotency_key_reused. A key belongs to its caller.
                 * @example 3f1c2a9e-6d1b-4a57-9d36-0c1b7a2f8e11
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    seats?: number;
                    seatsDelta?: number;
                    additionalCreditBlocks?: number;
                    additionalCreditBlocksDelta?: number;
                    /** @enum {string} */
                    interval?: "month" | "year";
                    expectedVersion?: number;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Preview"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["KeyReused"];
            500: components["responses"]["InternalError"];
        };
    };
    applySubscriptionChange: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 visible ASCII characters. The first answer under a key is stored and replayed, byte for byte, to a retry with the same body; the same key with another body is 422 idempotency_key_reused. A key belongs to its caller.
                 * @example 3f1c2a9e-6d1b-4a57-9d36-0c1b7a2f8e11
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    seats?: number;
                    seatsDelta?: number;
                    additionalCreditBlocks?: number;
                    additionalCreditBlocksDelta?: number;
                    /** @enum {string} */
                    interval?: "month" | "year";
                    expectedVersion?: number;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        subscription: components["schemas"]["Subscription"];
                        invoice: components["schemas"]["Invoice"] | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: the state moved (conflict, change_request_pending, renewal_due, last_admin, …) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description A billing rule is broken (the first rule's code; all in details), or idempotency_key_reused */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
            /** @description outcome_unknown: the outcome could not be confirmed; retry with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    overrideSubscription: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 visible ASCII characters. The first answer under a key is stored and replayed, byte for byte, to a retry with the same body; the same key with another body is 422 idempotency_key_reused. A key belongs to its caller.
                 * @example 3f1c2a9e-6d1b-4a57-9d36-0c1b7a2f8e11
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    seats?: number;
                    additionalCreditBlocks?: number;
                    /** @enum {string} */
                    interval?: "month" | "year";
                    reason: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        subscription: components["schemas"]["Subscription"];
                        invoice: components["schemas"]["Invoice"] | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: the state moved (conflict, change_request_pending, renewal_due, last_admin, …) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description A billing rule is broken (the first rule's code; all in details), or idempotency_key_reused */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    listChangeRequests: {
        parameters: {
            query?: {
                status?: "pending" | "approved" | "rejected" | "withdrawn";
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ChangeRequest"][];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            500: components["responses"]["InternalError"];
        };
    };
    submitChangeRequest: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 visible ASCII characters. The first answer under a key is stored and replayed, byte for byte, to a retry with the same body; the same key with another body is 422 idempotency_key_reused. A key belongs to its caller.
                 * @example 3f1c2a9e-6d1b-4a57-9d36-0c1b7a2f8e11
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    seats: number;
                    additionalCreditBlocks: number;
                    /** @enum {string} */
                    interval: "month" | "year";
                    note?: string | null;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChangeRequest"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: the state moved (conflict, change_request_pending, renewal_due, last_admin, …) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description A billing rule is broken (the first rule's code; all in details), or idempotency_key_reused */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    getChangeRequest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChangeRequest"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    quoteChangeRequest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Quote"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    approveChangeRequest: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 visible ASCII characters. The first answer under a key is stored and replayed, byte for byte, to a retry with the same body; the same key with another body is 422 idempotency_key_reused. A key belongs to its caller.
                 * @example 3f1c2a9e-6d1b-4a57-9d36-0c1b7a2f8e11
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": Record<string, never> | null;
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Approval"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: the state moved (conflict, change_request_pending, renewal_due, last_admin, …) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description A billing rule is broken (the first rule's code; all in details), or idempotency_key_reused */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    rejectChangeRequest: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 visible ASCII characters. The first answer under a key is stored and replayed, byte for byte, to a retry with the same body; the same key with another body is 422 idempotency_key_reused. A key belongs to its caller.
                 * @example 3f1c2a9e-6d1b-4a57-9d36-0c1b7a2f8e11
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason?: string | null;
                } | null;
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChangeRequest"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: the state moved (conflict, change_request_pending, renewal_due, last_admin, …) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["KeyReused"];
            500: components["responses"]["InternalError"];
        };
    };
    withdrawChangeRequest: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 visible ASCII characters. The first answer under a key is stored and replayed, byte for byte, to a retry with the same body; the same key with another body is 422 idempotency_key_reused. A key belongs to its caller.
                 * @example 3f1c2a9e-6d1b-4a57-9d36-0c1b7a2f8e11
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": Record<string, never> | null;
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChangeRequest"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: the state moved (conflict, change_request_pending, renewal_due, last_admin, …) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["KeyReused"];
            500: components["responses"]["InternalError"];
        };
    };
    listUsers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["User"][];
                        seats: {
                            total: number;
                            used: number;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            500: components["responses"]["InternalError"];
        };
    };
    createUser: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 visible ASCII characters. The first answer under a key is stored and replayed, byte for byte, to a retry with the same body; the same key with another body is 422 idempotency_key_reused. A key belongs to its caller.
                 * @example 3f1c2a9e-6d1b-4a57-9d36-0c1b7a2f8e11
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    email: string;
                    name: string;
                    /** @enum {string} */
                    role: "admin" | "billing" | "member";
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedUser"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Conflict: the state moved (conflict, change_request_pending, renewal_due, last_admin, …) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description A billing rule is broken (the first rule's code; all in details), or idempotency_key_reused */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    deactivateUser: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 visible ASCII characters. The first answer under a key is stored and replayed, byte for byte, to a retry with the same body; the same key with another body is 422 idempotency_key_reused. A key belongs to its caller.
                 * @example 3f1c2a9e-6d1b-4a57-9d36-0c1b7a2f8e11
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": Record<string, never> | null;
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: the state moved (conflict, change_request_pending, renewal_due, last_admin, …) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["KeyReused"];
            500: components["responses"]["InternalError"];
        };
    };
    reactivateUser: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 visible ASCII characters. The first answer under a key is stored and replayed, byte for byte, to a retry with the same body; the same key with another body is 422 idempotency_key_reused. A key belongs to its caller.
                 * @example 3f1c2a9e-6d1b-4a57-9d36-0c1b7a2f8e11
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": Record<string, never> | null;
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: the state moved (conflict, change_request_pending, renewal_due, last_admin, …) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description A billing rule is broken (the first rule's code; all in details), or idempotency_key_reused */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    changeUserRole: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 visible ASCII characters. The first answer under a key is stored and replayed, byte for byte, to a retry with the same body; the same key with another body is 422 idempotency_key_reused. A key belongs to its caller.
                 * @example 3f1c2a9e-6d1b-4a57-9d36-0c1b7a2f8e11
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    role: "admin" | "billing" | "member";
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: the state moved (conflict, change_request_pending, renewal_due, last_admin, …) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["KeyReused"];
            500: components["responses"]["InternalError"];
        };
    };
    getInvitation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Invitation"];
                };
            };
            400: components["responses"]["BadRequest"];
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests (too_many_requests) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    acceptInvitation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    password?: string;
                    name?: string | null;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        email: string;
                        accepted: boolean;
                        organizationId: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            /** @description No valid API key, operator token or session (unauthorized) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The caller's role does not allow this (forbidden) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: the state moved (conflict, change_request_pending, renewal_due, last_admin, …) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description Too many requests (too_many_requests) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    getBillingInfo: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BillingInfo"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    updateBillingInfo: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 visible ASCII characters. The first answer under a key is stored and replayed, byte for byte, to a retry with the same body; the same key with another body is 422 idempotency_key_reused. A key belongs to its caller.
                 * @example 3f1c2a9e-6d1b-4a57-9d36-0c1b7a2f8e11
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    companyName: string;
                    taxId?: string | null;
                    address?: {
                        line1?: string | null;
                        line2?: string | null;
                        city?: string | null;
                        postalCode?: string | null;
                        region?: string | null;
                        country?: string | null;
                    } | null;
                    billingEmail: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BillingInfo"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Conflict: the state moved (conflict, change_request_pending, renewal_due, last_admin, …) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["KeyReused"];
            500: components["responses"]["InternalError"];
        };
    };
    listInvoices: {
        parameters: {
            query?: {
                limit?: number;
                before?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Invoice"][];
                        /** @description Pass as `before` to read the next page; null on the last page */
                        nextCursor: number | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            500: components["responses"]["InternalError"];
        };
    };
    exportInvoicesCsv: {
        parameters: {
            query: {
                from: string;
                to: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One row per invoice (text/csv) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            500: components["responses"]["InternalError"];
        };
    };
    getInvoice: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Invoice"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    getInvoicePdf: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The document (application/pdf) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/pdf": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    getCreditNotePdf: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The document (application/pdf) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/pdf": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    listCreditNotes: {
        parameters: {
            query?: {
                limit?: number;
                before?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["CreditNote"][];
                        /** @description Pass as `before` to read the next page; null on the last page */
                        nextCursor: number | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            500: components["responses"]["InternalError"];
        };
    };
    getCreditNote: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreditNote"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    listAccountCreditHistory: {
        parameters: {
            query?: {
                limit?: number;
                before?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["AccountCreditMovement"][];
                        /** @description Pass as `before` to read the next page; null on the last page */
                        nextCursor: number | null;
                        /** @description The account credit now: the sum of every movement */
                        balance: number;
                        currency: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    exportAccountCreditHistoryCsv: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One row per movement (text/csv) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            500: components["responses"]["InternalError"];
        };
    };
    getSellerProfile: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        legalName: string;
                        address: {
                            line1: string | null;
                            line2: string | null;
                            city: string | null;
                            postalCode: string | null;
                            region: string | null;
                            country: string | null;
                        };
                        vatId: string | null;
                        vatRegistered: boolean;
                        registration: string | null;
                        paymentTerms: {
                            days: number;
                        };
                        paymentInstructions: string;
                        support: {
                            email: string;
                            url: string | null;
                        };
                        invoiceNumber: {
                            prefix: string;
                            padding: number;
                        };
                        creditNoteNumber: {
                            prefix: string;
                            padding: number;
                        };
                        vatRates: {
                            date: string;
                            source: string;
                            overrides: {
                                [key: string]: string;
                            };
                            /** @description Percent per member state, overrides applied */
                            rates: {
                                [key: string]: string;
                            };
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            500: components["responses"]["InternalError"];
        };
    };
    recordInvoicePayment: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 visible ASCII characters. The first answer under a key is stored and replayed, byte for byte, to a retry with the same body; the same key with another body is 422 idempotency_key_reused. A key belongs to its caller.
                 * @example 3f1c2a9e-6d1b-4a57-9d36-0c1b7a2f8e11
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                organizationId: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    amount: number;
                    currency: string;
                    /** @enum {string} */
                    method: "bank_transfer" | "card" | "direct_debit" | "cash" | "other";
                    reference?: string | null;
                    /** Format: date-time */
                    paidAt: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        payment: {
                            id: string;
                            invoiceId: string;
                            /** @description Integer amount in minor units of the currency */
                            amount: number;
                            currency: string;
                            method: string;
                            reference: string | null;
                            /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
                            paidAt: string;
                            /** @description ISO 8601 UTC timestamp, e.g. 2026-07-01T00:00:00.000Z */
                            recordedAt: string;
                        };
                        invoice: components["schemas"]["Invoice"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: the state moved (conflict, change_request_pending, renewal_due, last_admin, …) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description A billing rule is broken (the first rule's code; all in details), or idempotency_key_reused */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    issueCreditNote: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 visible ASCII characters. The first answer under a key is stored and replayed, byte for byte, to a retry with the same body; the same key with another body is 422 idempotency_key_reused. A key belongs to its caller.
                 * @example 3f1c2a9e-6d1b-4a57-9d36-0c1b7a2f8e11
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                organizationId: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    reason: "void" | "correction";
                    amount?: number;
                    memo: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        creditNote: components["schemas"]["CreditNote"];
                        invoice: components["schemas"]["Invoice"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: the state moved (conflict, change_request_pending, renewal_due, last_admin, …) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description A billing rule is broken (the first rule's code; all in details), or idempotency_key_reused */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    listAuditEvents: {
        parameters: {
            query?: {
                limit?: number;
                before?: number;
                /** @description Only events by this kind of actor */
                actorType?: "user" | "api_key" | "operator" | "scheduler" | "system";
                /** @description Only events by this actor (a user's or an API key's id) */
                actorId?: string;
                /** @description Only this kind of change (invoice: invoices and credit notes; user: users and invitations) */
                area?: "subscription" | "change_request" | "invoice" | "user" | "billing_info" | "api_key" | "webhook" | "credits" | "organization";
                /** @description Only this action, e.g. subscription.changed */
                action?: string;
                /** @description First UTC day of the range (YYYY-MM-DD), included */
                from?: string;
                /** @description Last UTC day of the range (YYYY-MM-DD), included */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["AuditEvent"][];
                        /** @description Pass as `before` to read the next page; null on the last page */
                        nextCursor: number | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            500: components["responses"]["InternalError"];
        };
    };
    exportAuditEventsCsv: {
        parameters: {
            query?: {
                /** @description Only events by this kind of actor */
                actorType?: "user" | "api_key" | "operator" | "scheduler" | "system";
                /** @description Only events by this actor (a user's or an API key's id) */
                actorId?: string;
                /** @description Only this kind of change (invoice: invoices and credit notes; user: users and invitations) */
                area?: "subscription" | "change_request" | "invoice" | "user" | "billing_info" | "api_key" | "webhook" | "credits" | "organization";
                /** @description Only this action, e.g. subscription.changed */
                action?: string;
                /** @description First UTC day of the range (YYYY-MM-DD), included */
                from?: string;
                /** @description Last UTC day of the range (YYYY-MM-DD), included */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One row per event (text/csv) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            500: components["responses"]["InternalError"];
        };
    };
    listApiKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ApiKey"][];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            500: components["responses"]["InternalError"];
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 visible ASCII characters. The first answer under a key is stored and replayed, byte for byte, to a retry with the same body; the same key with another body is 422 idempotency_key_reused. A key belongs to its caller.
                 * @example 3f1c2a9e-6d1b-4a57-9d36-0c1b7a2f8e11
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** @enum {string} */
                    role: "admin" | "billing" | "member" | "spend";
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiKey"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Conflict: the state moved (conflict, change_request_pending, renewal_due, last_admin, …) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["KeyReused"];
            500: components["responses"]["InternalError"];
        };
    };
    revokeApiKey: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 visible ASCII characters. The first answer under a key is stored and replayed, byte for byte, to a retry with the same body; the same key with another body is 422 idempotency_key_reused. A key belongs to its caller.
                 * @example 3f1c2a9e-6d1b-4a57-9d36-0c1b7a2f8e11
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": Record<string, never> | null;
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKey"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: the state moved (conflict, change_request_pending, renewal_due, last_admin, …) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["KeyReused"];
            500: components["responses"]["InternalError"];
        };
    };
    getCatalog: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Catalog"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            500: components["responses"]["InternalError"];
        };
    };
    getCredits: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Credits"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    listCreditLedger: {
        parameters: {
            query?: {
                limit?: number;
                before?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreditLedgerPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            500: components["responses"]["InternalError"];
        };
    };
    getDailyCreditUsage: {
        parameters: {
            query?: {
                cycleStart?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DailyCreditUsage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    spendCredits: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 visible ASCII characters. The first answer under a key is stored and replayed, byte for byte, to a retry with the same body; the same key with another body is 422 idempotency_key_reused. A key belongs to its caller.
                 * @example 3f1c2a9e-6d1b-4a57-9d36-0c1b7a2f8e11
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    eventId: string;
                    feature: string;
                    credits: number;
                    /** Format: date-time */
                    occurredAt: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Spend"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            /** @description Not enough credits (insufficient_credits); nothing was spent */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            403: components["responses"]["Forbidden"];
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: the state moved (conflict, change_request_pending, renewal_due, last_admin, …) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description A billing rule is broken (the first rule's code; all in details), or idempotency_key_reused */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    spendCreditsBatch: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 visible ASCII characters. The first answer under a key is stored and replayed, byte for byte, to a retry with the same body; the same key with another body is 422 idempotency_key_reused. A key belongs to its caller.
                 * @example 3f1c2a9e-6d1b-4a57-9d36-0c1b7a2f8e11
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    events: {
                        eventId: string;
                        feature: string;
                        credits: number;
                        /** Format: date-time */
                        occurredAt: string;
                    }[];
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SpendBatch"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: the state moved (conflict, change_request_pending, renewal_due, last_admin, …) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description A billing rule is broken (the first rule's code; all in details), or idempotency_key_reused */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    adjustCredits: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 visible ASCII characters. The first answer under a key is stored and replayed, byte for byte, to a retry with the same body; the same key with another body is 422 idempotency_key_reused. A key belongs to its caller.
                 * @example 3f1c2a9e-6d1b-4a57-9d36-0c1b7a2f8e11
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                organizationId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    credits: number;
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreditAdjustment"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: the state moved (conflict, change_request_pending, renewal_due, last_admin, …) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description A billing rule is broken (the first rule's code; all in details), or idempotency_key_reused */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    getTestClock: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TestClock"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    moveTestClock: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 visible ASCII characters. The first answer under a key is stored and replayed, byte for byte, to a retry with the same body; the same key with another body is 422 idempotency_key_reused. A key belongs to its caller.
                 * @example 3f1c2a9e-6d1b-4a57-9d36-0c1b7a2f8e11
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: date-time */
                    now: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TestClockMoved"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Conflict: the state moved (conflict, change_request_pending, renewal_due, last_admin, …) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description A billing rule is broken (the first rule's code; all in details), or idempotency_key_reused */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    getWebhookEndpoints: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: string;
                            /** @enum {string} */
                            scope: "organization" | "all_organizations";
                            url: string;
                            description: string | null;
                            eventTypes: string[];
                            enabled: boolean;
                            disabledAt: string | null;
                            disabledReason: string | null;
                            consecutiveFailures: number;
                            previousSecretExpiresAt: string | null;
                            createdAt: string;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            500: components["responses"]["InternalError"];
        };
    };
    postWebhookEndpoints: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 visible ASCII characters. The first answer under a key is stored and replayed, byte for byte, to a retry with the same body; the same key with another body is 422 idempotency_key_reused. A key belongs to its caller.
                 * @example 3f1c2a9e-6d1b-4a57-9d36-0c1b7a2f8e11
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description A public http(s) URL without credentials; loopback, private, link-local, multicast and unspecified addresses (or names resolving to them) are refused with 422 url_not_allowed, unless the deployment sets WEBHOOK_ALLOW_PRIVATE_NETWORKS */
                    url: string;
                    description?: string | null;
                    /** @description Empty or missing: every event type */
                    eventTypes?: ("subscription.updated" | "subscription.change_scheduled" | "invoice.issued" | "invoice.paid" | "credit_note.issued" | "credits.low" | "credits.reset" | "change_request.submitted" | "change_request.approved" | "change_request.rejected" | "change_request.withdrawn" | "user.added" | "user.deactivated" | "user.reactivated" | "billing_info.updated")[];
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @enum {string} */
                        scope: "organization" | "all_organizations";
                        url: string;
                        description: string | null;
                        eventTypes: string[];
                        enabled: boolean;
                        disabledAt: string | null;
                        disabledReason: string | null;
                        consecutiveFailures: number;
                        previousSecretExpiresAt: string | null;
                        createdAt: string;
                        /** @description whsec_…: verify signatures with it (shown on creation and rotation only) */
                        secret: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description A billing rule is broken (the first rule's code; all in details), or idempotency_key_reused */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    deleteWebhookEndpoints: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 visible ASCII characters. The first answer under a key is stored and replayed, byte for byte, to a retry with the same body; the same key with another body is 422 idempotency_key_reused. A key belongs to its caller.
                 * @example 3f1c2a9e-6d1b-4a57-9d36-0c1b7a2f8e11
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @enum {boolean} */
                        deleted: true;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            422: components["responses"]["KeyReused"];
            500: components["responses"]["InternalError"];
        };
    };
    patchWebhookEndpoints: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 visible ASCII characters. The first answer under a key is stored and replayed, byte for byte, to a retry with the same body; the same key with another body is 422 idempotency_key_reused. A key belongs to its caller.
                 * @example 3f1c2a9e-6d1b-4a57-9d36-0c1b7a2f8e11
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description A public http(s) URL without credentials; loopback, private, link-local, multicast and unspecified addresses (or names resolving to them) are refused with 422 url_not_allowed, unless the deployment sets WEBHOOK_ALLOW_PRIVATE_NETWORKS */
                    url?: string;
                    description?: string | null;
                    eventTypes?: ("subscription.updated" | "subscription.change_scheduled" | "invoice.issued" | "invoice.paid" | "credit_note.issued" | "credits.low" | "credits.reset" | "change_request.submitted" | "change_request.approved" | "change_request.rejected" | "change_request.withdrawn" | "user.added" | "user.deactivated" | "user.reactivated" | "billing_info.updated")[];
                    enabled?: boolean;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @enum {string} */
                        scope: "organization" | "all_organizations";
                        url: string;
                        description: string | null;
                        eventTypes: string[];
                        enabled: boolean;
                        disabledAt: string | null;
                        disabledReason: string | null;
                        consecutiveFailures: number;
                        previousSecretExpiresAt: string | null;
                        createdAt: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description A billing rule is broken (the first rule's code; all in details), or idempotency_key_reused */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    postWebhookEndpointsRotateSecret: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 visible ASCII characters. The first answer under a key is stored and replayed, byte for byte, to a retry with the same body; the same key with another body is 422 idempotency_key_reused. A key belongs to its caller.
                 * @example 3f1c2a9e-6d1b-4a57-9d36-0c1b7a2f8e11
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    previousSecretValidHours?: number;
                } | null;
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @enum {string} */
                        scope: "organization" | "all_organizations";
                        url: string;
                        description: string | null;
                        eventTypes: string[];
                        enabled: boolean;
                        disabledAt: string | null;
                        disabledReason: string | null;
                        consecutiveFailures: number;
                        previousSecretExpiresAt: string | null;
                        createdAt: string;
                        /** @description whsec_…: verify signatures with it (shown on creation and rotation only) */
                        secret: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["KeyReused"];
            500: components["responses"]["InternalError"];
        };
    };
    postWebhookEndpointsReplay: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 visible ASCII characters. The first answer under a key is stored and replayed, byte for byte, to a retry with the same body; the same key with another body is 422 idempotency_key_reused. A key belongs to its caller.
                 * @example 3f1c2a9e-6d1b-4a57-9d36-0c1b7a2f8e11
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    eventId: string;
                } | {
                    /** Format: date-time */
                    from: string;
                    /** Format: date-time */
                    to: string;
                };
            };
        };
        responses: {
            /** @description Answer */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        queued: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: the state moved (conflict, change_request_pending, renewal_due, last_admin, …) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["KeyReused"];
            500: components["responses"]["InternalError"];
        };
    };
    getWebhookEndpointsDeliveries: {
        parameters: {
            query?: {
                limit?: number;
                before?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: number;
                            eventId: string;
                            eventType: string;
                            organizationId: string;
                            sequence: number | null;
                            /** @enum {string} */
                            status: "pending" | "delivered" | "dead";
                            attempts: number;
                            replay: boolean;
                            createdAt: string;
                            lastAttemptAt: string | null;
                            responseStatus: number | null;
                            latencyMs: number | null;
                            error: string | null;
                            deliveredAt: string | null;
                        }[];
                        nextCursor: number | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    getOperatorEmails: {
        parameters: {
            query?: {
                limit?: number;
                before?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: number;
                            organizationId: string | null;
                            template: string;
                            recipient: string;
                            subject: string;
                            /** @enum {string} */
                            status: "pending" | "sent" | "dead";
                            attempts: number;
                            createdAt: string;
                            sentAt: string | null;
                            file: string | null;
                            error: string | null;
                        }[];
                        nextCursor: number | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            500: components["responses"]["InternalError"];
        };
    };
    getOperatorEmail: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OperatorEmail"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description Not found, or not the caller's organization's (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    signInEmail: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The person's e-mail */
                    email: string;
                    password: string;
                    rememberMe?: boolean;
                };
            };
        };
        responses: {
            /** @description Signed in; Set-Cookie carries the session */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        redirect: boolean;
                        token: string;
                        user: {
                            id: string;
                            email: string;
                            name: string;
                        } & {
                            [key: string]: unknown;
                        };
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            /** @description Wrong e-mail or password (invalid_email_or_password) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The e-mail is not verified or the account cannot sign in */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description Too many sign-in attempts (too_many_requests); see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["InternalError"];
        };
    };
    signOut: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description Signed out */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        success: boolean;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    onSubscriptionUpdated: {
        parameters: {
            query?: never;
            header: {
                "webhook-id": string;
                "webhook-timestamp": string;
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description The event id, also the webhook-id header: dedupe on it
                     */
                    id: string;
                    /** @constant */
                    type: "subscription.updated";
                    /** @constant */
                    version: 1;
                    /** Format: uuid */
                    organizationId: string;
                    /** @description 1, 2, 3 … per organization in commit order */
                    sequence: number;
                    /** @description When the change happened (ISO 8601) */
                    timestamp: string;
                    data: {
                        /** @description The subscription as GET /subscription shows it, with the invoice the change issued */
                        object: {
                            id: string;
                            organizationId: string;
                            seats: number;
                            additionalCreditBlocks: number;
                            /** @enum {string} */
                            interval: "month" | "year";
                            invoiceId?: string | null;
                        } & {
                            [key: string]: unknown;
                        };
                        /** @description The object before the change, or null */
                        previous: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description Any 2xx acknowledges; anything else (or 10 s without an answer) is retried */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onSubscriptionChangeScheduled: {
        parameters: {
            query?: never;
            header: {
                "webhook-id": string;
                "webhook-timestamp": string;
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description The event id, also the webhook-id header: dedupe on it
                     */
                    id: string;
                    /** @constant */
                    type: "subscription.change_scheduled";
                    /** @constant */
                    version: 1;
                    /** Format: uuid */
                    organizationId: string;
                    /** @description 1, 2, 3 … per organization in commit order */
                    sequence: number;
                    /** @description When the change happened (ISO 8601) */
                    timestamp: string;
                    data: {
                        object: {
                            scheduled: {
                                [key: string]: unknown;
                            } | null;
                        } & {
                            [key: string]: unknown;
                        };
                        /** @description The object before the change, or null */
                        previous: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description Any 2xx acknowledges; anything else (or 10 s without an answer) is retried */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onInvoiceIssued: {
        parameters: {
            query?: never;
            header: {
                "webhook-id": string;
                "webhook-timestamp": string;
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description The event id, also the webhook-id header: dedupe on it
                     */
                    id: string;
                    /** @constant */
                    type: "invoice.issued";
                    /** @constant */
                    version: 1;
                    /** Format: uuid */
                    organizationId: string;
                    /** @description 1, 2, 3 … per organization in commit order */
                    sequence: number;
                    /** @description When the change happened (ISO 8601) */
                    timestamp: string;
                    data: {
                        object: {
                            id: string;
                            number: number;
                            /** @description The number printed on the invoice ("WP-000042") */
                            displayNumber: string;
                            /** @enum {string} */
                            kind: "initial" | "change" | "renewal";
                            /** @enum {string} */
                            status: "open" | "paid" | "void";
                            issuedAt: string;
                            dueAt: string | null;
                            currency: string;
                            /** @description Before account credit and tax, in minor units of currency */
                            subtotal: number;
                            /** @description Account credit applied, in minor units of currency */
                            creditApplied: number;
                            tax: {
                                /** @description Which VAT rule applied (null on invoices issued before VAT) */
                                treatment: ("domestic" | "reverse_charge" | "eu_consumer" | "export" | "not_registered" | "billing_address_missing") | null;
                                /** @description Legal mention (reverse charge, export) or the missing-address note */
                                mention: string | null;
                                /** @description One line per rate, each rounded once, half away from zero */
                                lines: {
                                    /** @description The rate as printed, e.g. "19" or "25.5" (percent) */
                                    rate: string;
                                    rateBasisPoints: number;
                                    country: string;
                                    /** @description Integer amount in minor units of the currency */
                                    taxableAmount: number;
                                    /** @description Integer amount in minor units of the currency */
                                    amount: number;
                                }[];
                                /** @description Integer amount in minor units of the currency */
                                total: number;
                            };
                            /** @description What is due, tax included, in minor units of currency */
                            total: number;
                            /** @description Paid so far, in minor units of currency */
                            amountPaid: number;
                            /** @description Credited by credit notes, in minor units of currency */
                            amountCredited: number;
                            /** @description Left to pay, in minor units of currency */
                            amountDue: number;
                            paidAt: string | null;
                        };
                        /** @description The object before the change, or null */
                        previous: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description Any 2xx acknowledges; anything else (or 10 s without an answer) is retried */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onInvoicePaid: {
        parameters: {
            query?: never;
            header: {
                "webhook-id": string;
                "webhook-timestamp": string;
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description The event id, also the webhook-id header: dedupe on it
                     */
                    id: string;
                    /** @constant */
                    type: "invoice.paid";
                    /** @constant */
                    version: 1;
                    /** Format: uuid */
                    organizationId: string;
                    /** @description 1, 2, 3 … per organization in commit order */
                    sequence: number;
                    /** @description When the change happened (ISO 8601) */
                    timestamp: string;
                    data: {
                        /** @description The invoice once paid */
                        object: {
                            id: string;
                            number: number;
                            /** @description The number printed on the invoice ("WP-000042") */
                            displayNumber: string;
                            /** @enum {string} */
                            kind: "initial" | "change" | "renewal";
                            /** @enum {string} */
                            status: "open" | "paid" | "void";
                            issuedAt: string;
                            dueAt: string | null;
                            currency: string;
                            /** @description Before account credit and tax, in minor units of currency */
                            subtotal: number;
                            /** @description Account credit applied, in minor units of currency */
                            creditApplied: number;
                            tax: {
                                /** @description Which VAT rule applied (null on invoices issued before VAT) */
                                treatment: ("domestic" | "reverse_charge" | "eu_consumer" | "export" | "not_registered" | "billing_address_missing") | null;
                                /** @description Legal mention (reverse charge, export) or the missing-address note */
                                mention: string | null;
                                /** @description One line per rate, each rounded once, half away from zero */
                                lines: {
                                    /** @description The rate as printed, e.g. "19" or "25.5" (percent) */
                                    rate: string;
                                    rateBasisPoints: number;
                                    country: string;
                                    /** @description Integer amount in minor units of the currency */
                                    taxableAmount: number;
                                    /** @description Integer amount in minor units of the currency */
                                    amount: number;
                                }[];
                                /** @description Integer amount in minor units of the currency */
                                total: number;
                            };
                            /** @description What is due, tax included, in minor units of currency */
                            total: number;
                            /** @description Paid so far, in minor units of currency */
                            amountPaid: number;
                            /** @description Credited by credit notes, in minor units of currency */
                            amountCredited: number;
                            /** @description Left to pay, in minor units of currency */
                            amountDue: number;
                            paidAt: string | null;
                        };
                        /** @description The object before the change, or null */
                        previous: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description Any 2xx acknowledges; anything else (or 10 s without an answer) is retried */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onCreditNoteIssued: {
        parameters: {
            query?: never;
            header: {
                "webhook-id": string;
                "webhook-timestamp": string;
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description The event id, also the webhook-id header: dedupe on it
                     */
                    id: string;
                    /** @constant */
                    type: "credit_note.issued";
                    /** @constant */
                    version: 1;
                    /** Format: uuid */
                    organizationId: string;
                    /** @description 1, 2, 3 … per organization in commit order */
                    sequence: number;
                    /** @description When the change happened (ISO 8601) */
                    timestamp: string;
                    data: {
                        object: {
                            id: string;
                            number: number;
                            /** @description The number printed on the credit note ("CN-000007") */
                            displayNumber: string;
                            /** @enum {string} */
                            reason: "void" | "correction" | "interval_switch";
                            memo: string | null;
                            issuedAt: string;
                            currency: string;
                            lines: {
                                description: string;
                                /** @description Credited before tax, in minor units of currency */
                                amount: number;
                            }[];
                            /** @description Credited before tax, in minor units of currency */
                            subtotal: number;
                            tax: {
                                /** @description Which VAT rule applied (null on invoices issued before VAT) */
                                treatment: ("domestic" | "reverse_charge" | "eu_consumer" | "export" | "not_registered" | "billing_address_missing") | null;
                                /** @description Legal mention (reverse charge, export) or the missing-address note */
                                mention: string | null;
                                /** @description One line per rate, each rounded once, half away from zero */
                                lines: {
                                    /** @description The rate as printed, e.g. "19" or "25.5" (percent) */
                                    rate: string;
                                    rateBasisPoints: number;
                                    country: string;
                                    /** @description Integer amount in minor units of the currency */
                                    taxableAmount: number;
                                    /** @description Integer amount in minor units of the currency */
                                    amount: number;
                                }[];
                                /** @description Integer amount in minor units of the currency */
                                total: number;
                            };
                            /** @description Credited, tax included, in minor units of currency */
                            total: number;
                            /** @description What became account credit, in minor units of currency */
                            accountCredit: number;
                            invoiceId: string;
                            /** @description The credited invoice's display number */
                            invoiceNumber: string;
                            /** @description The invoice this credit note credits, after it */
                            invoice: {
                                id: string;
                                number: number;
                                displayNumber: string;
                                /** @enum {string} */
                                status: "open" | "paid" | "void";
                                /** @description The invoice's total, in minor units of currency */
                                total: number;
                                /** @description Left to pay on it after this credit note, in minor units of currency */
                                amountDue: number;
                            };
                        };
                        /** @description The object before the change, or null */
                        previous: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description Any 2xx acknowledges; anything else (or 10 s without an answer) is retried */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onCreditsLow: {
        parameters: {
            query?: never;
            header: {
                "webhook-id": string;
                "webhook-timestamp": string;
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description The event id, also the webhook-id header: dedupe on it
                     */
                    id: string;
                    /** @constant */
                    type: "credits.low";
                    /** @constant */
                    version: 1;
                    /** Format: uuid */
                    organizationId: string;
                    /** @description 1, 2, 3 … per organization in commit order */
                    sequence: number;
                    /** @description When the change happened (ISO 8601) */
                    timestamp: string;
                    data: {
                        object: {
                            /** @description per cent of the cycle's allocation used */
                            threshold: 80 | 100;
                            cycleStart: string;
                            allocation: number;
                            used: number;
                        };
                        /** @description The object before the change, or null */
                        previous: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description Any 2xx acknowledges; anything else (or 10 s without an answer) is retried */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onCreditsReset: {
        parameters: {
            query?: never;
            header: {
                "webhook-id": string;
                "webhook-timestamp": string;
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description The event id, also the webhook-id header: dedupe on it
                     */
                    id: string;
                    /** @constant */
                    type: "credits.reset";
                    /** @constant */
                    version: 1;
                    /** Format: uuid */
                    organizationId: string;
                    /** @description 1, 2, 3 … per organization in commit order */
                    sequence: number;
                    /** @description When the change happened (ISO 8601) */
                    timestamp: string;
                    data: {
                        /** @description The credit balance of the new cycle */
                        object: {
                            [key: string]: unknown;
                        };
                        /** @description The object before the change, or null */
                        previous: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description Any 2xx acknowledges; anything else (or 10 s without an answer) is retried */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onChangeRequestSubmitted: {
        parameters: {
            query?: never;
            header: {
                "webhook-id": string;
                "webhook-timestamp": string;
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description The event id, also the webhook-id header: dedupe on it
                     */
                    id: string;
                    /** @constant */
                    type: "change_request.submitted";
                    /** @constant */
                    version: 1;
                    /** Format: uuid */
                    organizationId: string;
                    /** @description 1, 2, 3 … per organization in commit order */
                    sequence: number;
                    /** @description When the change happened (ISO 8601) */
                    timestamp: string;
                    data: {
                        /** @description The change request as GET /change-requests shows it */
                        object: {
                            id: string;
                            /** @enum {string} */
                            status: "pending" | "approved" | "rejected" | "withdrawn";
                        } & {
                            [key: string]: unknown;
                        };
                        /** @description The object before the change, or null */
                        previous: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description Any 2xx acknowledges; anything else (or 10 s without an answer) is retried */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onChangeRequestApproved: {
        parameters: {
            query?: never;
            header: {
                "webhook-id": string;
                "webhook-timestamp": string;
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description The event id, also the webhook-id header: dedupe on it
                     */
                    id: string;
                    /** @constant */
                    type: "change_request.approved";
                    /** @constant */
                    version: 1;
                    /** Format: uuid */
                    organizationId: string;
                    /** @description 1, 2, 3 … per organization in commit order */
                    sequence: number;
                    /** @description When the change happened (ISO 8601) */
                    timestamp: string;
                    data: {
                        /** @description The change request as GET /change-requests shows it */
                        object: {
                            id: string;
                            /** @enum {string} */
                            status: "pending" | "approved" | "rejected" | "withdrawn";
                        } & {
                            [key: string]: unknown;
                        };
                        /** @description The object before the change, or null */
                        previous: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description Any 2xx acknowledges; anything else (or 10 s without an answer) is retried */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onChangeRequestRejected: {
        parameters: {
            query?: never;
            header: {
                "webhook-id": string;
                "webhook-timestamp": string;
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description The event id, also the webhook-id header: dedupe on it
                     */
                    id: string;
                    /** @constant */
                    type: "change_request.rejected";
                    /** @constant */
                    version: 1;
                    /** Format: uuid */
                    organizationId: string;
                    /** @description 1, 2, 3 … per organization in commit order */
                    sequence: number;
                    /** @description When the change happened (ISO 8601) */
                    timestamp: string;
                    data: {
                        /** @description The change request as GET /change-requests shows it */
                        object: {
                            id: string;
                            /** @enum {string} */
                            status: "pending" | "approved" | "rejected" | "withdrawn";
                        } & {
                            [key: string]: unknown;
                        };
                        /** @description The object before the change, or null */
                        previous: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description Any 2xx acknowledges; anything else (or 10 s without an answer) is retried */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onChangeRequestWithdrawn: {
        parameters: {
            query?: never;
            header: {
                "webhook-id": string;
                "webhook-timestamp": string;
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description The event id, also the webhook-id header: dedupe on it
                     */
                    id: string;
                    /** @constant */
                    type: "change_request.withdrawn";
                    /** @constant */
                    version: 1;
                    /** Format: uuid */
                    organizationId: string;
                    /** @description 1, 2, 3 … per organization in commit order */
                    sequence: number;
                    /** @description When the change happened (ISO 8601) */
                    timestamp: string;
                    data: {
                        /** @description The change request as GET /change-requests shows it */
                        object: {
                            id: string;
                            /** @enum {string} */
                            status: "pending" | "approved" | "rejected" | "withdrawn";
                        } & {
                            [key: string]: unknown;
                        };
                        /** @description The object before the change, or null */
                        previous: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description Any 2xx acknowledges; anything else (or 10 s without an answer) is retried */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onUserAdded: {
        parameters: {
            query?: never;
            header: {
                "webhook-id": string;
                "webhook-timestamp": string;
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description The event id, also the webhook-id header: dedupe on it
                     */
                    id: string;
                    /** @constant */
                    type: "user.added";
                    /** @constant */
                    version: 1;
                    /** Format: uuid */
                    organizationId: string;
                    /** @description 1, 2, 3 … per organization in commit order */
                    sequence: number;
                    /** @description When the change happened (ISO 8601) */
                    timestamp: string;
                    data: {
                        /** @description The user as GET /users shows it */
                        object: {
                            id: string;
                            email: string;
                            role: string;
                            status: string;
                        } & {
                            [key: string]: unknown;
                        };
                        /** @description The object before the change, or null */
                        previous: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description Any 2xx acknowledges; anything else (or 10 s without an answer) is retried */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onUserDeactivated: {
        parameters: {
            query?: never;
            header: {
                "webhook-id": string;
                "webhook-timestamp": string;
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description The event id, also the webhook-id header: dedupe on it
                     */
                    id: string;
                    /** @constant */
                    type: "user.deactivated";
                    /** @constant */
                    version: 1;
                    /** Format: uuid */
                    organizationId: string;
                    /** @description 1, 2, 3 … per organization in commit order */
                    sequence: number;
                    /** @description When the change happened (ISO 8601) */
                    timestamp: string;
                    data: {
                        /** @description The user as GET /users shows it */
                        object: {
                            id: string;
                            email: string;
                            role: string;
                            status: string;
                        } & {
                            [key: string]: unknown;
                        };
                        /** @description The object before the change, or null */
                        previous: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description Any 2xx acknowledges; anything else (or 10 s without an answer) is retried */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onUserReactivated: {
        parameters: {
            query?: never;
            header: {
                "webhook-id": string;
                "webhook-timestamp": string;
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description The event id, also the webhook-id header: dedupe on it
                     */
                    id: string;
                    /** @constant */
                    type: "user.reactivated";
                    /** @constant */
                    version: 1;
                    /** Format: uuid */
                    organizationId: string;
                    /** @description 1, 2, 3 … per organization in commit order */
                    sequence: number;
                    /** @description When the change happened (ISO 8601) */
                    timestamp: string;
                    data: {
                        /** @description The user as GET /users shows it */
                        object: {
                            id: string;
                            email: string;
                            role: string;
                            status: string;
                        } & {
                            [key: string]: unknown;
                        };
                        /** @description The object before the change, or null */
                        previous: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description Any 2xx acknowledges; anything else (or 10 s without an answer) is retried */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    onBillingInfoUpdated: {
        parameters: {
            query?: never;
            header: {
                "webhook-id": string;
                "webhook-timestamp": string;
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description The event id, also the webhook-id header: dedupe on it
                     */
                    id: string;
                    /** @constant */
                    type: "billing_info.updated";
                    /** @constant */
                    version: 1;
                    /** Format: uuid */
                    organizationId: string;
                    /** @description 1, 2, 3 … per organization in commit order */
                    sequence: number;
                    /** @description When the change happened (ISO 8601) */
                    timestamp: string;
                    data: {
                        /** @description The billing profile as GET /billing-info shows it */
                        object: {
                            [key: string]: unknown;
                        };
                        /** @description The object before the change, or null */
                        previous: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description Any 2xx acknowledges; anything else (or 10 s without an answer) is retried */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
