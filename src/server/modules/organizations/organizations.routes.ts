import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { AppDeps } from "../../context.js";
import { callerOf } from "../../http/mutate.js";
import { mutationRoute, readRoute } from "../../http/route-kinds.js";
import { errorResponses } from "../../validation/responses.js";
import {
  getMe,
  getOrganization,
  settingsBody,
  switchOrganization,
  switchOrganizationBody,
  updateSettings,
} from "./organization-settings.js";
import {
  meResponse,
  organizationResponse,
  provisionBody,
  provisionedResponse,
} from "./organizations.schemas.js";
import { provisionOrganization } from "./organizations.service.js";

const tags = ["organization"];

export async function organizationRoutes(app: FastifyInstance, deps: AppDeps) {
  mutationRoute(
    app,
    deps,
    "POST /organizations",
    {
      tags: ["operator"],
      operationId: "provisionOrganization",
      summary: "Provision an organization, its subscription and first admin (operator token)",
      access: "operator",
      body: provisionBody,
      response: provisionedResponse,
      status: 201,
      errors: [409, 422],
    },
    (tx, { caller, body }) => provisionOrganization(tx, deps, caller, body),
  );
  readRoute(
    app,
    "/me",
    {
      tags,
      operationId: "getMe",
      summary:
        "The caller, the organization they act on, role, permissions, and every organization they may switch to",
      response: meResponse,
    },
    ({ caller }) => getMe(deps, caller),
  );
  // Not a mutation of billing data: it changes which organization the session acts on.
  app.withTypeProvider<ZodTypeProvider>().post(
    "/me/organization",
    {
      schema: {
        tags,
        summary:
          "Switch the signed-in session to another organization the person is an active member of (session only)",
        operationId: "switchOrganization",
        body: switchOrganizationBody,
        response: { 200: meResponse, ...errorResponses(404) },
      },
    },
    async (request) => switchOrganization(deps, callerOf(request), request.body, request.log),
  );
  readRoute(
    app,
    "/organization",
    {
      tags,
      operationId: "getOrganization",
      summary: "The caller's organization",
      response: organizationResponse,
      errors: [404],
    },
    ({ caller }) => getOrganization(deps, caller),
  );
  mutationRoute(
    app,
    deps,
    "PATCH /organization/settings",
    {
      tags,
      operationId: "updateOrganizationSettings",
      summary: "Require approval for subscription changes (admin)",
      access: "change_requests.decide",
      body: settingsBody,
      response: organizationResponse,
      errors: [404],
    },
    (tx, { caller, body }) => updateSettings(tx, deps, caller, body),
  );
}
