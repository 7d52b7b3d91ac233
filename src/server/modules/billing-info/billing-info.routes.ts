import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { AppDeps } from "../../context.js";
import { callerOf, mutate } from "../../http/mutate.js";
import { billingInfoBody } from "./billing-info.schemas.js";
import { getBillingInfo, updateBillingInfo } from "./billing-info.service.js";

export async function billingInfoRoutes(app: FastifyInstance, deps: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    "/billing-info",
    {
      schema: {
        tags: ["billing info"],
        summary: "Company, tax ID, address and billing e-mail (admin, billing)",
      },
    },
    async (request) => getBillingInfo(deps, callerOf(request)),
  );
  api.put(
    "/billing-info",
    {
      schema: {
        tags: ["billing info"],
        summary: "Replace the billing information; fields left out are cleared (admin, billing)",
        body: billingInfoBody,
      },
    },
    async (request, reply) =>
      mutate(deps, request, reply, "billing_info.write", (tx, caller) =>
        updateBillingInfo(tx, deps, caller, request.body),
      ),
  );
}
