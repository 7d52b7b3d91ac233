import type { FastifyInstance } from "fastify";
import type { AppDeps } from "../context.js";
import { apiKeyRoutes } from "../modules/api-keys/api-keys.routes.js";
import { auditRoutes } from "../modules/audit/audit.routes.js";
import { billingInfoRoutes } from "../modules/billing-info/billing-info.routes.js";
import { catalogRoutes } from "../modules/catalog/catalog.routes.js";
import { changeRequestRoutes } from "../modules/change-requests/change-requests.routes.js";
import { creditRoutes } from "../modules/credits/credits.routes.js";
import { emailRoutes } from "../modules/email/email.routes.js";
import { invitationRoutes } from "../modules/invitations/invitations.routes.js";
import { invoiceRoutes } from "../modules/invoices/invoices.routes.js";
import { organizationRoutes } from "../modules/organizations/organizations.routes.js";
import { subscriptionRoutes } from "../modules/subscriptions/subscriptions.routes.js";
import { testClockRoutes } from "../modules/test-clock/test-clock.routes.js";
import { userRoutes } from "../modules/users/users.routes.js";
import { webhookRoutes } from "../modules/webhooks/webhooks.routes.js";

/** Every feature module's routes, under /api/v1. */
export async function registerModules(api: FastifyInstance, deps: AppDeps) {
  await organizationRoutes(api, deps);
  await subscriptionRoutes(api, deps);
  await changeRequestRoutes(api, deps);
  await userRoutes(api, deps);
  await invitationRoutes(api, deps);
  await billingInfoRoutes(api, deps);
  await invoiceRoutes(api, deps);
  await auditRoutes(api, deps);
  await apiKeyRoutes(api, deps);
  await catalogRoutes(api, deps);
  await creditRoutes(api, deps);
  await testClockRoutes(api, deps);
  await webhookRoutes(api, deps);
  await emailRoutes(api, deps);
}
