import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { AppDeps } from "../../context.js";
import { callerOf, mutate } from "../../http/mutate.js";
import { errorResponses } from "../../validation/responses.js";
import { billingInfoBody, billingInfoResponse } from "./billing-info.schemas.js";
import { getBillingInfo, updateBillingInfo } from "./billing-info.service.js";

export async function billingInfoRoutes(app: FastifyInstance, deps: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    "/billing-info",
    {
      schema: {
        tags: ["billing info"],
        operationId: "getBillingInfo",
        summary: "Company, tax ID, address and billing e-mail (admin, billing)",
        response: { 200: billingInfoResponse, ...errorResponses(404) },
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
        operationId: "updateBillingInfo",
        body: billingInfoBody,
        response: { 200: billingInfoResponse, ...errorResponses(409) },
      },
    },
    async (request, reply) =>
      mutate(deps, request, reply, "billing_info.write", (tx, caller) =>
        updateBillingInfo(tx, deps, caller, request.body),
      ),
  );
}
