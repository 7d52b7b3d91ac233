import type { FastifyInstance } from "fastify";
import type { AppDeps } from "../../context.js";
import { mutationRoute, readRoute } from "../../http/route-kinds.js";
import { billingInfoBody, billingInfoResponse } from "./billing-info.schemas.js";
import { getBillingInfo, updateBillingInfo } from "./billing-info.service.js";

const tags = ["billing info"];

export async function billingInfoRoutes(app: FastifyInstance, deps: AppDeps) {
  readRoute(
    app,
    "/billing-info",
    {
      tags,
      operationId: "getBillingInfo",
      summary: "Company, tax ID, address and billing e-mail (admin, billing)",
      response: billingInfoResponse,
      errors: [404],
    },
    ({ caller }) => getBillingInfo(deps, caller),
  );
  mutationRoute(
    app,
    deps,
    "PUT /billing-info",
    {
      tags,
      operationId: "updateBillingInfo",
      summary: "Replace the billing information; fields left out are cleared (admin, billing)",
      access: "billing_info.write",
      body: billingInfoBody,
      response: billingInfoResponse,
      errors: [409],
    },
    (tx, { caller, body }) => updateBillingInfo(tx, deps, caller, body),
  );
}
